"""Find the mathematics in a Markdown/LaTeX document.

Yields equation chains ``A = B = C`` (one member per side, each with its 1-based line), the
index restrictions that case prose puts on them ("when $i = j$", ``\\quad i \\neq j``) and the
prose itself (for "softmax" mentions and stated conditions).
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, replace

from derive.check.labels import (
    bracketed_vectors,
    decorated_index,
    drop_count_label,
    drop_name_labels,
    layer_labels,
    numbered_layers,
    primed_indices,
    word_class_index,
)
from derive.check.limits import LIMIT
from derive.check.normalize import (
    IND_EQ,
    SUBSCRIPT_INDICATOR_RE,
    brace_label_relations,
    is_annotation,
    normalize_region,
)
from derive.check.rows import drop_row_index, drop_sample_superscript

IndexCond = tuple[str, str, str]
"""(op, a, b): op is 'eq' or 'ne', a and b index letters."""


@dataclass(frozen=True)
class Member:
    """One side of a relation: LaTeX source and the line it starts on."""

    text: str
    line: int
    conds: tuple[IndexCond, ...] = ()
    rel_line: int = 0  # line of the relation symbol before this member (0: first member)


@dataclass(frozen=True)
class Chain:
    """``m0 rel1 m1 rel2 m2 ...`` read from one row (or continued rows) of math."""

    members: tuple[Member, ...]
    rels: tuple[str, ...]
    restriction: tuple[IndexCond, ...]
    context: str
    display: bool
    block_end_line: int
    base_len: int = 0  # members written in the chain's own formula (rest: continued displays)


@dataclass(frozen=True)
class Extraction:
    """All chains of a document plus its prose."""

    chains: tuple[Chain, ...]
    prose: str
    math_regions: int
    problems: tuple[tuple[int, str, str], ...] = ()  # (line, snippet, why it cannot be read)
    loose: tuple[tuple[int, str, str, str], ...] = ()
    """Relation symbols in the math that no chain holds: (line, snippet, why, kind), kind
    'skipped' (a condition, a justification) or 'unreadable'."""
    headings: tuple[int, ...] = ()  # lines of the document's headings
    notes: tuple[str, ...] = ()  # how the document's notation was read (rows.py)
    correct_class: tuple[str, int] | None = None  # "the correct class is k": (k, its line)


NAME_REWRITES = (primed_indices, bracketed_vectors, layer_labels, numbered_layers,
                 drop_name_labels,
                 word_class_index,
                 decorated_index, drop_sample_superscript,
                 drop_row_index, drop_count_label)
"""Document-wide rewrites of names, in order, each ``(masked, regions) -> (masked, note)``
keeping offsets (labels.py, rows.py)."""

_DISPLAY_ENVS = ("equation", "align", "flalign", "alignat", "gather", "multline", "eqnarray",
                 "displaymath")
_INNER_ENVS = ("aligned", "split", "gathered", "alignedat", "array")
_REL_PATTERNS: tuple[tuple[str, str], ...] = (
    (r":=", ":="),
    (r"=:", "=:"),
    (r"\\coloneqq", ":="),
    (r"\\triangleq", ":="),
    (r"\\equiv", ":="),
    (r"\\(?:overset|stackrel)\{(?:[^{}]|\{(?:[^{}]|\{[^{}]*\})*\})*\}\{=\}", ":="),
    (r"\\mathrel\{=\}", "="),
    (r"\\(?:approx|simeq|doteq|cong|sim)(?![a-zA-Z])", "approx"),
    (r"\\propto(?![a-zA-Z])", "propto"),
    (r"\\(?:leq?|geq?|leqslant|geqslant)(?![a-zA-Z])", "ineq"),
    (r"\\neq?(?![a-zA-Z])|≠|\\not\s*=", "ne"),
    (r"\\(?:Rightarrow|implies|Longrightarrow|iff)(?![a-zA-Z])", "implies"),
    (r"<|>", "ineq"),
    (r"\\(?:in|notin)(?![a-zA-Z])|∈|∉", "in"),  # z ∈ ℝ^K: set membership, listed as skipped
    (r"==", "="),  # "当 i==j 时": a programmer's equality is one relation
    (r"=", "="),
)
_REL_RE = re.compile("|".join(f"(?:{p})" for p, _ in _REL_PATTERNS))
_TAIL_RE = re.compile(
    r",\s{0,4}(?:for|if|where)\s{0,4}~|\\q?quad(?![a-zA-Z])|\\text\{\s*(?:for|if|when|where|with|otherwise|and)\b|\\forall"
    r"|\\mathrm\{(?:for|if|when|where)\b|\\(?:text|mathrm)\{\s*,"
    r"|,(?=(?:\s|\\[,;: ]){0,32}\(?[a-zA-Z]\s*(?:=|\\neq?(?![a-zA-Z])|≠)\s*[a-zA-Z]\)?"
    r"\s*(?:[.,]\s*)?$)"  # hostile (issue 10): {0,32} and (?:[.,]\s*)? keep this linear
    r"|,(?=(?:\s|\\[,;: ]|\\q?quad){0,32}\(?[a-zA-Z]\s*=\s*1\s*,)"  # ", i = 1, ..., K"
    r"|(?<=\])\s*,(?=\s*[a-zA-Z](?:_\{?\w{1,8}\}?)?\s*=)"  # "a=[a_1,…,a_n],a_i=…": two equations
    # "g_i = e^{a_i}, h_i = …", "…, h = …": two equations (a lone index letter i..n is a condition)
    # (also ", \hat{y} = …", ", \ b = …")
    r"|(?<=[\w})])\s*,(?=\s{0,4}(?:\\[,;: ]\s{0,4})?(?:[a-zA-Z]_(?:\{\w{1,8}\}|\w)"
    r"|\\(?:hat|bar|tilde|vec|mathbf|boldsymbol)\s{0,2}\{\s{0,2}[a-zA-Z]\s{0,2}\}"
    r"|[a-ho-zA-Z](?![a-zA-Z_]))\s*=)"
)
_IDX_COND_RE = re.compile(
    r"(?<![a-zA-Z\\_^])([a-zA-Z])\s*(==|=|\\neq?(?![a-zA-Z])|≠|!=|\\not\s{0,3}=)\s*([a-zA-Z])"
    r"(?![a-zA-Z_^{(])"
)
_CLASS_CASE_RE = re.compile(  # "y_i = j": y_i the class of example i, j an index letter
    r"(?<![a-zA-Z\\_^])[ytl]_(?:\{\s{0,3}[a-z]\s{0,3}\}|[a-z])\s{0,3}"
    r"((?:==|=|\\neq?(?![a-zA-Z])|≠|!=|\\not\s{0,3}=)\s{0,3}[cijklmn](?![a-zA-Z_^{(]))")
_TAIL_LEAD_RE = re.compile(
    r"(?:\s|,|;|\\q?quad(?![a-zA-Z])|\\[,;: ]|\\(?:text|mathrm)\{[^}]*\}|\\forall"
    r"|(?:for|if|where)\s{0,4}~)*")
_COND_ONLY_RE = re.compile(r"[\s(),.a-zA-Z=≠!]*|[\s(),.a-zA-Z=≠!]*\\neq?[\s(),.a-zA-Z]*")
_CASE_WORD_RE = re.compile(
    r"\b(when|if|for|case|where|whenever|assume|with|wenn|falls|si|quand|lorsque|lorsqu|cuando"
    r"|quando|khi|nếu)\b"
    r"|当|若|如果|假设|时|考虑|对于|とき|時|場合|경우|때", re.I)
_RESET_RE = re.compile(
    r"\b(combin\w*|together|altogether|overall|in summary|to summari[sz]e|both cases|"
    r"(?:two|these|the two|all) cases|compact|wrap\w* (?:\w+ ){0,3}up|"
    r"in general|in both|general(ly)?|for all|all i\b|"
    r"every i\b|any i\b)", re.I)


_CONTINUES_RE = re.compile(r"[+\-]|\\(?:cdot|times|pm|mp)(?![a-zA-Z])")
_OPEN_END_RE = re.compile(r"(?:[+\-*/]|\\(?:cdot|times|pm|mp))\s*$")


def _line_starts(text: str) -> list[int]:
    starts = [0]
    for m in re.finditer("\n", text):
        starts.append(m.end())
    return starts


def _line_of(starts: list[int], offset: int) -> int:
    lo, hi = 0, len(starts) - 1
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if starts[mid] <= offset:
            lo = mid
        else:
            hi = mid - 1
    return lo + 1


def _blank_all(s: str, spans: list[tuple[int, int]]) -> str:
    """Blank every (start, end) span of s (sorted, disjoint) in one pass: linear time."""
    parts: list[str] = []
    last = 0
    for a, b in spans:
        parts += [s[last:a], re.sub(r"[^\n]", " ", s[a:b])]
        last = b
    parts.append(s[last:])
    return "".join(parts)


def _comment_spans(s: str) -> list[tuple[int, int]]:
    """Spans of <!-- ... --> (as the lazy regex found them), by str.find: linear time."""
    spans: list[tuple[int, int]] = []
    i = s.find("<!--")
    while i >= 0:
        j = s.find("-->", i + 4)
        if j < 0:
            break  # unclosed: no later <!-- can close either (the regex rescanned each: n²)
        spans.append((i, j + 3))
        i = s.find("<!--", j + 3)
    return spans


def _mask_code(text: str) -> str:
    """Blank fenced code blocks and inline code spans (offsets kept)."""
    # hostile (issue 10): each phase blanks all its spans at once (was one copy per span)
    out = _blank_all(text, [m.span() for m in re.finditer(r"(?ms)^(```|~~~).*?^\1[^\n]*$",
                                                            text)])
    out = _blank_all(out, [m.span() for m in re.finditer(r"`[^`\n]+`", out)])
    return _blank_all(out, _comment_spans(out))


# (opening, closing, display?) of the delimited math forms; `$$` is tried before a single `$`.
_DELIMITERS = (("$$", "$$", True), ("\\(", "\\)", False), ("\\[", "\\]", True))


def find_math(
    text: str, problems: list[tuple[int, str]] | None = None
) -> list[tuple[int, int, bool]]:
    """Math regions as (content start, content end, display?) offsets.

    An opening delimiter that is never closed ends the scan; it is appended to `problems` as
    (offset, reason) when a list is given.
    """
    regions: list[tuple[int, int, bool]] = []
    problems = [] if problems is None else problems
    i, n = 0, len(text)
    env_re = re.compile(r"\\begin\{(" + "|".join(_DISPLAY_ENVS) + r")(\*?)\}")
    while i < n:
        c = text[i]
        if c == "\\" and text.startswith("\\$", i):
            i += 2
            continue
        pair = next((d for d in _DELIMITERS if text.startswith(d[0], i)), None)
        if pair is not None:
            opening, closing, display = pair
            j = text.find(closing, i + len(opening))
            if j < 0:
                ends = "display" if display else "formula"
                problems.append((i, f"unclosed {opening}: the {ends} never ends"))
                break
            regions.append((i + len(opening), j, display))
            i = j + len(closing)
            continue
        m = env_re.match(text, i)
        if m:
            end = "\\end{" + m.group(1) + m.group(2) + "}"
            j = text.find(end, m.end())
            if j < 0:
                problems.append((i, f"unclosed \\begin{{{m.group(1)}{m.group(2)}}}: no {end}"))
                break
            regions.append((m.end(), j, True))
            i = j + len(end)
            continue
        if c == "$":
            j = i + 1
            while j < n and text[j] != "$":
                if text[j] == "\\":
                    j += 1
                elif text[j] == "\n" and text[j + 1: j + 2] == "\n":
                    break
                j += 1
            if j < n and text[j] == "$" and j > i + 1:
                regions.append((i + 1, j, False))
                i = j + 1
                continue
            if j > i + 1 and "=" in text[i + 1: j]:
                problems.append((i, "unclosed $: the formula never ends"))
            i = j
            continue
        i += 1
    return regions


_BRACKETS = "{}()[]"
_DEPTH_TOKEN_RE = re.compile(
    r"\\begin\{[^}]*\}|\\end\{[^}]*\}|\\[{}]|\\[a-zA-Z]+|\\.|\\|[{}()\[\]]", re.S)


def _top_level(s: str) -> list[bool]:
    """Per character: outside every bracket and environment, and not a bracket itself.

    The same flags as the old per-character _depth_scan gave, from a regex over the brackets
    and commands only (plain text is filled in slices): hostile (issue 10), 5 MB documents.
    """
    n = len(s)
    flags = [False] * n
    depth = 0
    last = 0
    for m in _DEPTH_TOKEN_RE.finditer(s):
        a, b = m.span()
        if depth == 0 and a > last:
            flags[last:a] = [True] * (a - last)
        tok = m.group()
        if tok in "{([":
            depth += 1
        elif tok in "})]":
            depth = max(0, depth - 1)  # "1)当i=j时": a closer nothing opened stays top level
        else:
            if tok.startswith("\\begin{") or tok == "\\{":
                depth += 1
            elif tok == "\\}":
                depth -= 1
            if depth == 0:
                flags[a:b] = [c not in _BRACKETS for c in tok]
            if tok.startswith("\\end{"):
                depth -= 1
        last = b
    if depth == 0 and n > last:
        flags[last:n] = [True] * (n - last)
    return flags


def _drop_repeated(members: list[Member], rels: list[str], rel: str) -> None:
    """``a = b =`` ending one row (or display) and ``= c`` starting the next: the relation is
    written twice; drop the empty member and its relation so the chain goes on from b."""
    if len(members) > 1 and rels and not members[-1].text.strip() and rels[-1] == rel:
        members.pop()
        rels.pop()


def _split_rows(content: str, base: int) -> list[tuple[str, int, str]]:
    """Split a math region at top-level ``\\\\``; blank alignment marks. Offsets kept.

    Returns (row, offset, annotation): text after a top-level ``&&`` is an annotation column
    (a label or a justification), read only for index conditions.
    """
    s = _array_matrices(content)
    for env in _INNER_ENVS:
        s = re.sub(r"\\(begin|end)\{" + env + r"\*?\}(\{[^}]*\})?", lambda m: " " * len(m[0]), s)
    s = re.sub(r"\\(label|tag)\{[^}]*\}|\\nonumber|\\notag|\\text\{\s*\(\s*[\w.,]*\s*\)\s*\}",
               lambda m: " " * len(m[0]), s)
    top = _top_level(s)
    rows: list[tuple[str, int, str]] = []
    start = 0
    i = 0
    chars = list(s)
    note_at: int | None = None
    while i < len(s):
        if top[i] and s.startswith("&&", i) and note_at is None:
            note_at = i
        if top[i] and s[i] == "&":
            chars[i] = " "
        if top[i] and s.startswith("\\\\", i):
            rows.append(_row(chars, start, i, note_at, base))
            start = i + 2
            note_at = None
            i += 2
            continue
        i += 1
    rows.append(_row(chars, start, len(s), note_at, base))
    return rows


def _row(chars: list[str], start: int, end: int, note_at: int | None,
         base: int) -> tuple[str, int, str]:
    if note_at is None:
        return "".join(chars[start:end]), base + start, ""
    return "".join(chars[start:note_at]), base + start, "".join(chars[note_at:end])


_WORDS_EQ_RE = re.compile(r"\b([a-z])\s{1,3}(?:equals|is\s{1,3}equal\s{1,3}to)\s{1,3}([a-z])\b")
_WORDS_NE_RE = re.compile(r"\b([a-z])\s{1,3}(?:does\s{1,3}not\s{1,3}equal|doesn't\s{1,3}equal|"
                          r"is\s{1,3}not\s{1,3}equal\s{1,3}to|is\s{1,3}different\s{1,3}from)"
                          r"\s{1,3}([a-z])\b")
_WORDS_PAIR_RE = re.compile(r"\b([a-z])\s{1,3}and\s{1,3}([a-z])\s{1,3}are\s{1,3}(not\s{1,3})?"
                            r"(?:equal|the\s{1,3}same|different)\b")


def _pair_in_words(m: re.Match[str]) -> str:
    """"n and k are (not) equal", "… are different" as an index relation."""
    same = not m[3] and "differ" not in m[0]
    return f"{m[1]} {'=' if same else chr(92) + 'neq'} {m[2]}"


def parse_index_conds(text: str) -> list[IndexCond]:
    """Index relations such as ``i = j`` or ``i \\neq j`` in a text fragment (also in words:
    "n equals k", "i is not equal to j")."""
    out: list[IndexCond] = []
    text = text.replace("$", " ")  # "when i $\\not =$ j": inline math inside the words
    text = _CLASS_CASE_RE.sub(r"c \1", text)  # "y_i = j": the class of example i (class_labels)
    text = re.sub(r"\{\s*([a-zA-Z])\s*\}", r" \1 ", text)  # i\ne{j}
    text = _WORDS_NE_RE.sub(r"\1 \\neq \2", _WORDS_EQ_RE.sub(r"\1 = \2", text))
    text = _WORDS_PAIR_RE.sub(_pair_in_words, text)
    for m in _IDX_COND_RE.finditer(text):
        op = "eq" if m.group(2) in ("=", "==") else "ne"
        a, b = m.group(1), m.group(3)
        if a.isupper() or b.isupper() or a == b:
            continue
        out.append((op, a, b))
    return out


def _split_tail(row: str) -> tuple[str, str]:
    """Separate a trailing condition (``\\quad i \\neq j``) from the equation itself (not a
    condition that leads the row, ``\\text{where } i = j, \\ A = B``: the row's case)."""
    top = _top_level(row)
    for m in _TAIL_RE.finditer(row):
        if top[m.start()] and (row[: m.start()].strip() or not _LEAD_COND_RE.match(
                _TEXT_WORD_RE.sub("", row, count=1))):
            return row[: m.start()], row[m.start():]
    return row, ""


_TEXT_WORD_RE = re.compile(r"^\s{0,8}\\text\s{0,3}\{\s{0,3}(?:where|when|for)\s{0,3}\}")


_ARRAY_MATRIX_RE = re.compile(
    r"\\left\s*(\[|\()\s*\\begin\s*\{array\}\s*\{[a-z|\s]*\}"
    r"((?:(?!\\begin\s*\{array\}).)*?)\\end\s*\{array\}\s*\\right\s*[\])]", re.S)


def _array_matrices(s: str) -> str:
    """``\\left[ \\begin{array}{ccc} … \\end{array} \\right]`` is a ``bmatrix`` (``\\left(``:
    a ``pmatrix``), written in the same number of characters so that offsets keep their lines."""
    def repl(m: re.Match[str]) -> str:
        kind = "bmatrix" if m[1] == "[" else "pmatrix"
        head, tail = f"\\begin{{{kind}}}", f"\\end{{{kind}}}"
        n_head = m.start(2) - m.start()
        n_tail = m.end() - m.end(2)
        if n_head < len(head) or n_tail < len(tail):
            return m[0]
        return head.ljust(n_head) + m[2] + tail.ljust(n_tail)
    return _ARRAY_MATRIX_RE.sub(repl, s)


def _split_relations(row: str, offset: int, starts: list[int]) -> tuple[list[Member], list[str]]:
    top = _top_level(row)
    members: list[Member] = []
    rels: list[str] = []
    last = 0
    rel_at = -1
    for m in _REL_RE.finditer(row):
        if not top[m.start()]:
            continue
        kind = next(k for p, k in _REL_PATTERNS if re.fullmatch(p, m.group(0)))
        members.append(_member(row, last, m.start(), offset, starts, rel_at))
        rels.append(kind)
        rel_at = offset + m.start()
        last = m.end()
    members.append(_member(row, last, len(row), offset, starts, rel_at))
    return members, rels


def _strip_trailing_punctuation(s: str) -> str:
    """Drop a trailing run of , . ; and spaces (not an escaped first one): linear time."""
    k = len(s)
    while k > 0 and (s[k - 1] in ",.;" or s[k - 1].isspace()):
        k -= 1
    if 0 < k < len(s) and s[k - 1] == "\\":
        k += 1  # "\\," is a thin space: keep its comma (the old (?<!\\) lookbehind)
    return s[:k]


def _member(row: str, a: int, b: int, offset: int, starts: list[int],
            rel_at: int = -1) -> Member:
    piece = row[a:b]
    lead = len(piece) - len(piece.lstrip())
    text = _strip_trailing_punctuation(piece.strip())  # hostile: linear, was a quadratic regex
    text = re.sub(r"\\[,;:!]$|\\[,;:!]\s*$", "", text).rstrip()  # a trailing thin space
    return Member(text, _line_of(starts, offset + a + lead), (),
                  _line_of(starts, rel_at) if rel_at >= 0 else 0)


@dataclass
class _Unit:
    start: int
    end: int
    heading: bool
    text: str


_LIST_ITEM_RE = re.compile(r"[ \t]{0,8}(?:[-*+]|\d{1,2}[.)])[ \t]")


def _prose_units(masked: str, regions: list[tuple[int, int, bool]],
                 starts: list[int]) -> list[_Unit]:
    display_lines: set[int] = set()
    for a, b, disp in regions:
        if disp:
            display_lines.update(range(_line_of(starts, a), _line_of(starts, b) + 1))
    lines = _blank_regions(masked, [r for r in regions if r[2]]).split("\n")
    units: list[_Unit] = []
    cur: _Unit | None = None
    for no, line in enumerate(lines, start=1):
        if no in display_lines:
            # "1. When $i = k$: $$ ... $$": the prose beside a display is its own unit; prose
            # after the display's end ("... \\] If $i = k$,") speaks of what follows
            if line.strip() and not line.lstrip().startswith("#"):
                col = len(line) - len(line.lstrip())
                ends = [b - starts[no - 1] for a, b, d in regions
                        if d and _line_of(starts, b) == no and b - starts[no - 1] <= col]
                at = no + 0.5 if ends else no
                units.append(_Unit(at, no, False, line))  # type: ignore[arg-type]
            cur = None
            continue
        if not line.strip():
            cur = None
            continue
        if line.lstrip().startswith("#"):
            units.append(_Unit(no, no, True, line))
            cur = None
            continue
        if cur is None or _LIST_ITEM_RE.match(line):  # each list item is its own unit
            cur = _Unit(no, no, False, line)
            units.append(cur)
        else:
            cur.end = no
            cur.text += "\n" + line
    return units


_PROSE_ROW_RE = re.compile(r"[\u4e00-\u9fff]")  # CJK words in a row of math
_TEXT_CASE_ROW_RE = re.compile(  # "\text{If } k \ne i \text{:}": a row that states a case
    r"\s{0,40}\\text\s{0,3}\{\s{0,3}(?:if|when|for|case)\b[^{}]{0,20}\}\s{0,3}[a-zA-Z]\s{0,3}"
    r"(?:=|\\neq?(?![a-zA-Z])|≠|\\not\s{0,3}=)\s{0,3}[a-zA-Z]\s{0,3}(?:\\text\s{0,3}\{[^{}]{0,10}\})?"
    r"[\s:,.]{0,10}", re.I)
_MATH_ROW_RE = re.compile(r"\\(?:frac|partial|sum|begin)|[=<>]\s*[-\\a-zA-Z(]{2}")
_CASE_LABEL_RE = re.compile(  # matched on the stripped text; spaces bounded (linear)
    r"(?:[-*+]|\d{1,2}[.)]|\(\d{1,2}\))?[ \t]{0,4}(?:\*\*|__)?(?:\$|\\{1,2}\()?[ \t]{0,4}"
    r"(?:[ytl]_(?:\{[a-z]\}|[a-z])|[a-zA-Z])[ \t]{0,4}"
    r"(?:=|\\neq?(?![a-zA-Z])|≠|!=|\\not[ \t]{0,3}=)[ \t]{0,4}[a-zA-Z][ \t]{0,4}"
    r"(?:\$|\\{1,2}\))?(?:\*\*|__)?[:：.]?")
_OTHERWISE_RE = re.compile(r"\botherwise\b|\belse\b|否则|其他情况|其余情况|反之", re.I)
_INLINE_MATH_RE = re.compile(r"\$[^$]*\$")
_INLINE_DEF_RE = re.compile(r"\$\s*\\?[A-Za-z]+(?:_(?:\{[\w,]+\}|\w))?\s*:?=")


_SENTENCE_END_RE = re.compile(r"[.!?](?=\s)|\n\s*\n")
_OR_RE = re.compile(r"\bor\b|\\lor(?![a-zA-Z])|\\vee(?![a-zA-Z])", re.I)
_TRAILING_RE = re.compile(r"\s*(?:where|for|if|when|whenever|with|provided|in case)\b")


_MOVES_ON_RE = re.compile(
    r"\s*(?:\*\*|_)?(?:now|next|finally|consider|let|turning|moving|also|second(?:ly)?|third|"
    r"overall|summary|in summary|putting|altogether|on the other hand)\b", re.I)


_CLASS_LETTER = (r"(?:is\s{1,3})?(?:\(\s{0,3}(?:index\s{1,3})?)?\$?\s{0,3}(?:\\?[a-zA-Z]{1,6}_)?\{?"
                 r"\s{0,3}([a-z])\b(?!\s{0,3}=)")  # "class c", "class is $c$", "answer (index $c$)"
_CORRECT_CLASS = r"\b(?:correct|true|target|right)\s{1,3}(?:class|answer)"
_NAMES_CORRECT_RE = re.compile(_CORRECT_CLASS, re.I)
_CORRECT_CLASS_RE = re.compile(_CORRECT_CLASS + r"\s{0,3}" + _CLASS_LETTER, re.I)
_OTHER_CLASS_RE = re.compile(r"\b(?:incorrect|wrong|other|non-?target|false)\s{1,3}class(?:es)?"
                             r"\s{0,3}" + _CLASS_LETTER, re.I)


def class_roles(prose: str) -> tuple[str, int] | None:
    """The letter the prose names the correct class by ("the correct class $o_k$": k; "$c$ is
    the true class": c), and where it says so."""
    m = _CORRECT_CLASS_RE.search(prose) or _CLASS_IS_RE.search(prose)
    return (m.group(1), m.start()) if m else None


_CLASS_IS_RE = re.compile(r"\$\s{0,3}([a-z])\s{0,3}\$\s{1,3}(?:is|denotes|being)\s{1,3}the\s{1,3}"
                          r"(?:correct|true|target|right)\s{1,3}class", re.I)  # "$c$ is the true …"


def _other_class(unit: _Unit, correct: str | None) -> list[IndexCond]:
    """"For incorrect class $j$", after "the correct class $o_k$": the case j != k."""
    m = _OTHER_CLASS_RE.search(unit.text) if correct else None
    if m is None or m.group(1) == correct or _NAMES_CORRECT_RE.search(unit.text):
        # "the correct class $o_k$ and incorrect class $o_j$": both named, no case
        return []
    return [("ne", m.group(1), correct)]  # type: ignore[list-item]


def _nearest_case(before: str) -> tuple[IndexCond, ...]:
    """"when $i = k$, we have $A$ and when $i \\ne k$, we have $B$": in a sentence that names
    two cases, each inline formula is under the case named just before it (only a few words
    between, no other formula, no 'or'), or the case that labels its list item ("- $i = j$:
    $A$"); () when there is none."""
    found: tuple[IndexCond, ...] = ()
    before = re.sub(r"(?:\$\$?|\\\(|\\\[)$", "", before)  # the formula's own delimiter
    for m in _CASE_WORD_RE.finditer(before):
        window = before[m.end(): m.end() + 40]
        close = re.match(r"\s*\$([^$]{1,30})\$", window)
        if close is None:
            continue
        conds = parse_index_conds(close.group(1))
        gap = before[m.end() + close.end():]
        if (len(conds) == 1 and len(gap) <= 40 and "$" not in gap and not _OR_RE.search(gap)
                and not _OR_RE.search(close.group(1))):
            found = (conds[0],)
        else:
            found = ()
    item = _ITEM_CASE_RE.search(before) or _LABEL_CASE_RE.search(before)
    if not found and item and len(conds := parse_index_conds(item.group(1))) == 1:
        # "- $i \neq j$: $A$": a list item labelled by its case; "$i \neq j$: $A$" too
        found = (conds[0],)
    return found


def _labels_case(unit: _Unit) -> bool:
    """Does the unit label an inline formula by its case (``$i \\neq j$: $A$``)?"""
    return any(len(parse_index_conds(m.group(1))) == 1
               for m in _LABEL_CASE_USE_RE.finditer(unit.text))


_LABEL_CASE_USE_RE = re.compile(r"\$([^$\n]{1,30})\$[ \t]{0,3}[:：][ \t]{0,3}\$")
_LABEL_CASE_RE = re.compile(r"\$([^$\n]{1,30})\$[ \t]{0,3}[:：][ \t]{0,3}$")
"""An inline case immediately before a formula, with a colon: ``$i \\neq j$: $A$``."""


_ITEM_LABEL_RE = re.compile(r"[ \t]{0,8}(?:[-*+]|\d{1,2}[.)])[ \t]{1,4}(?:\*\*)?\$([^$\n]{1,30})\$"
                            r"(?:\*\*)?[ \t]{0,3}[:：]")
_ITEM_CASE_RE = re.compile(r"(?:^|\n)[ \t]{0,8}(?:[-*+]|\d{1,2}[.)])[ \t]{1,4}(?:\*\*)?"
                           r"\$([^$\n]{1,30})\$(?:\*\*)?[ \t]{0,3}[:：,][ \t]{0,3}$")


_FOLLOWING_CASE_RE = re.compile(r"\$?\s{0,3},?\s{0,3}(?:if|when|for|where)\s{1,3}\$([^$]{1,30})\$")


def _following_case(after: str) -> tuple[IndexCond, ...]:
    """"$A$ if $i = j$, and $B$ if $i \\ne j$": an inline formula followed at once by "if",
    "when", "for" and one index condition is under that case; () when there is none."""
    m = _FOLLOWING_CASE_RE.match(after)
    if m is None or _OR_RE.search(m.group(1)):
        return ()
    conds = parse_index_conds(m.group(1))
    return (conds[0],) if len(conds) == 1 else ()


def _case_window(text: str, at: int) -> str:
    """The 40 characters after a case word, without a label: "Case 2:", "Case A:", "Case II."."""
    return re.sub(r"^\W*(?:\d+|[A-Z]|[IVX]{1,4})\$?\s*[:.)]\s*", "", text[at: at + 40])


def _mentions_case(unit: _Unit) -> bool:
    """Does the unit state a case ("When $i = j$", "Case $i \\ne j$") anywhere?"""
    for m in _CASE_WORD_RE.finditer(unit.text):
        window = _case_window(unit.text, m.end())
        if parse_index_conds(window.split(".")[0]):
            return True
    return False


def _continues_case(unit: _Unit) -> bool:
    """Is a prose unit without case words a connective inside the current case?  A short
    list item (``- $f = e^{z_k}$, $f' = 0$``) is one of the case's parts, even when it names
    something."""
    words = _INLINE_MATH_RE.sub(" ", unit.text).split()
    item = bool(re.match(r"\s*(?:[-*+]|\d{1,2}[.)])\s", unit.text))
    return (len(words) <= 25 and (item or not _INLINE_DEF_RE.search(unit.text))
            and not _MOVES_ON_RE.match(unit.text))


_ENDS_COLON_RE = re.compile(r"[:：]\s{0,3}(?:\*\*|__)?\s{0,3}$")


def _unit_conds(unit: _Unit) -> list[IndexCond] | None:
    """Conditions a prose unit sets; [] = resets; None = leaves the scope alone."""
    conds: list[IndexCond] = []
    for m in _CASE_WORD_RE.finditer(unit.text):
        window = _case_window(unit.text, m.end())
        found = parse_index_conds(window.split(".")[0].split(":")[0] if window else "")
        if found:
            conds.append(found[0])
    if unit.heading or (len(unit.text.strip()) < 40
                        and _CASE_LABEL_RE.fullmatch(unit.text.strip())) or (
            len(unit.text.strip()) < 60 and _ENDS_COLON_RE.search(unit.text)
            and len(parse_index_conds(unit.text)) == 1):
        # a heading, or a list item that is only the case: "1. $i \neq j$", "- **i = j**:",
        # or a short line that states one case and ends in a colon ("非对角项（$i \neq j$）：")
        conds += parse_index_conds(unit.text)
    label = _ITEM_LABEL_RE.match(unit.text)
    if label and len(found := parse_index_conds(label.group(1))) == 1:
        conds.append(found[0])  # "- $i \neq j$: $A$": a list item labelled by its case
    if conds and (set(parse_index_conds(unit.text)) - set(conds) or _OR_RE.search(unit.text)):
        # "for i = j or i = k", "when i = j and j = k, or i != k": more than one case
        # read; restricting to the first would check only part of what the text claims
        return []
    uniq = sorted(set(conds))
    if _RESET_RE.match(unit.text.lstrip(" \t*_#>")):
        return []  # "Combining both cases with … $y_i = 0$ for $i \neq c$:": no case
    if len(uniq) == 1:
        return uniq
    if len(uniq) > 1 or _RESET_RE.search(unit.text) or unit.heading:
        return []
    if _NEW_CASE_RE.search(unit.text):
        # "The case in which …" that names a case this reader cannot parse: the case before
        # it ends here (carrying it on would check these steps under the wrong case)
        return []
    return None


_NEW_CASE_RE = re.compile(r"\bcase\b|\bcases\b|情况|情形|\bFall\b|\bcas\b|\bcaso\b", re.I)


def is_latex(text: str, filename: str = "") -> bool:
    """A LaTeX source (``.tex``, or a preamble) rather than Markdown."""
    if filename.endswith((".tex", ".ltx", ".latex")):
        return True
    return bool(re.search(r"\\documentclass|\\begin\{document\}", text[:5000]))


def extract(text: str, filename: str = "") -> Extraction:
    """Read every equation chain of ``text`` with its line numbers and case restrictions.

    Markdown goes through markdown-it (:mod:`derive.check.markdown`); LaTeX sources through
    the delimiter scanner :func:`find_math`.
    """
    from derive.check.macros import expand_macros
    from derive.check.markdown import is_html, locate_html

    text, macro_note = expand_macros(text)
    starts = _line_starts(text)
    unclosed: list[tuple[int, str]] = []

    if is_latex(text, filename):
        masked = _mask_code(text)
        regions = find_math(masked, unclosed)
    elif is_html(text, filename):
        scan = locate_html(text)
        masked = scan.masked
        regions = list(scan.regions)
    else:
        from derive.check.markdown import locate_math

        scan = locate_math(text)
        masked = scan.masked
        regions = list(scan.regions)
        # delimiters left unclosed, and $ … $ that the Markdown parser splits (a $ in a
        # heading line closed in the paragraph below): said, not dropped
        for a, b, _ in find_math(_blank_regions(masked, regions), unclosed):
            if _REL_RE.search(masked[a:b]) and "\n" in masked[a:b]:
                unclosed.append((a, "a formula across Markdown blocks (its $ opens in a heading "
                                    "or list line and closes below): not read"))
    said = [macro_note]
    for rename in NAME_REWRITES:
        masked, note = rename(masked, regions)
        said.append(note)
    row_note = "; ".join(x for x in said if x)
    found = [(at, at + 60, why) for at, why in unclosed]
    found += [(a, b, why) for a, b, _ in regions if (why := _brace_problem(masked[a:b]))]
    problems = tuple(
        (_line_of(starts, a), " ".join(text[a: min(b, a + 60)].split()), why)
        for a, b, why in sorted(found)
    )
    units = _prose_units(masked, regions, starts)
    prose_parts = []
    last = 0
    for a, b, _ in regions:
        prose_parts.append(masked[last:a])
        last = b
    prose_parts.append(masked[last:])
    prose = "".join(prose_parts)

    # scope after each prose unit, computed once: (start line, restriction, context)
    states: list[tuple[int, tuple[IndexCond, ...], str, tuple[IndexCond, ...]]] = []
    own: list[bool] = []  # the unit states its case itself
    head: list[IndexCond] = []
    para: list[IndexCond] = []
    context = section = ""
    trailing: dict[int, tuple[IndexCond, ...]] = {}  # start line -> conditions
    roles = class_roles(masked)
    correct = roles[0] if roles else None
    for u in units:
        conds = _unit_conds(u)
        if not conds:
            conds = _other_class(u, correct) or conds
        if (conds and not u.heading and _TRAILING_RE.match(u.text)
                and not u.text.rstrip().rstrip("$").rstrip().endswith((":", ",", "："))
                and not _OTHERWISE_RE.search(u.text)):
            # "$$ ... $$ where $i = j$." qualifies the display above, not the next one
            # ("where 1{k=i} is 1 if k = i and 0 otherwise" explains a symbol: no case)
            trailing[u.start] = tuple(conds)
            conds = []
        if not conds and not u.heading and _OTHERWISE_RE.search(u.text) and len(para) == 1:
            # "当 $otherwise$ 时候", "Otherwise:": the other case of the one before
            op, x, y = para[0]
            conds = [("ne" if op == "eq" else "eq", x, y)]
        if u.heading:
            head = conds or []
            para = []
        elif conds is not None:
            para = conds
            if not conds and _RESET_RE.search(u.text):
                head = []  # "combining both cases" ends the section's case as well
        elif not _continues_case(u):
            # a paragraph that moves on ("Now the loss $E = ...$. Its gradient:") ends the
            # case its predecessor opened; only a short connective ("which simplifies to")
            # carries it over
            para = []
        if u.heading:
            section = context = u.text
        else:
            context = section + "\n" + u.text  # "# Derivative of softmax" names it too
        states.append((u.start, tuple(para or head), context, tuple(head)))
        own.append((_mentions_case(u) or _labels_case(u)) and not u.heading)
    state_starts = [st[0] for st in states]

    def scope(line: int) -> tuple[tuple[IndexCond, ...], str]:
        pos = bisect.bisect_right(state_starts, line) - 1
        return (states[pos][1], states[pos][2]) if pos >= 0 else ((), "")

    chains: list[Chain] = []
    # hostile (issue 10): sentence ends found once (was a rescan from 0 per formula: n²), the
    # case of each sentence read once, and at most LIMIT["case_formulas"] formulas per case
    sentence_ends = [m.span() for m in _SENTENCE_END_RE.finditer(masked)]
    end_at = [e for _, e in sentence_ends]
    start_at = [s for s, _ in sentence_ends]
    sentence_conds: dict[tuple[int, int], tuple[IndexCond, ...]] = {}
    region_end = {a: b for a, b, _ in regions}  # a formula's start -> its end
    per_sentence: dict[tuple[int, int], int] = {}
    overflow: dict[tuple[int, int], tuple[int, int]] = {}  # sentence -> (formulas, first at)

    def flush(members: list[Member], rels: list[str], disp: bool, end_line: int,
              at: int, base_len: int = 0) -> None:
        ask = next((i for i, m in enumerate(members) if i and m.text.strip() in ("?", "??")),
                   None)
        if ask is not None:  # "dS/dz = ?": the question ends the chain (listed as skipped)
            members, rels = members[:ask], rels[: ask - 1]
        if len(members) > 1 or rels:
            restr, ctx = scope(members[0].line)
            pos = bisect.bisect_right(state_starts, members[0].line) - 1
            if (not disp and pos >= 0 and own[pos] and members[0].line <= units[pos].end
                    and units[pos].start <= members[0].line):
                # inline formula in the paragraph that states the case: the case holds for
                # its own sentence ("When i = j, $A$. The Jacobian is $B$." -- not for B)
                before = bisect.bisect_right(end_at, at) - 1
                after = bisect.bisect_left(start_at, at)
                key = (end_at[before] if before >= 0 else 0,
                       start_at[after] if after < len(start_at) else len(masked))
                if key not in sentence_conds:
                    sentence = masked[key[0]: key[1]]
                    sentence_conds[key] = tuple(_unit_conds(_Unit(0, 0, False, sentence)) or ())
                end = region_end.get(at, at)
                after_text = masked[end: min(key[1], end + 60)]
                restr = (sentence_conds[key] or _following_case(after_text)
                         or _nearest_case(masked[max(key[0], at - 200): at])
                         or tuple(states[pos][3]))
                per_sentence[key] = per_sentence.get(key, 0) + 1
                if per_sentence[key] > LIMIT["case_formulas"]:
                    n, first = overflow.get(key, (0, at))
                    overflow[key] = (n + 1, first)
                    return
            if disp:
                after = [trailing[n] for n in (end_line + 1, end_line + 2) if n in trailing]
                if after:
                    restr = tuple(dict.fromkeys(restr + after[0]))
            if disp and members[0].conds and any(
                    (op, a_, b_) not in members[0].conds and (op, b_, a_) not in members[0].conds
                    for op, a_, b_ in restr):
                # a row that states its own case ("\text{If } k \ne i:") overrides the case
                # the prose before the display set
                restr = ()
            chains.append(Chain(tuple(members), tuple(rels), restr, ctx, disp, end_line,
                                base_len))

    number_at = 0  # the line of the last formula that is a number alone ("$0$, $\approx 0.4$")
    for a, b, disp in regions:
        content = normalize_region(masked[a:b])
        if re.fullmatch(r"\s*-?\d+(?:\.\d+)?\s*", content):
            number_at = _line_of(starts, a)
        multline = bool(re.search(r"\\begin\{multline\*?\}\s*$", masked[max(0, a - 30):a])
                        or re.match(r"\s*\\begin\{multline\*?\}", masked[a:b]))
        end_line = _line_of(starts, b)
        rows = _split_rows(content, a)
        cur_members: list[Member] = []
        cur_rels: list[str] = []
        cur_base = 0
        cont_conds: tuple[IndexCond, ...] = ()

        pending: list[tuple[str, int, str]] = list(rows)
        row_case: tuple[IndexCond, ...] = ()  # set by a prose row: "当i\neq j时 \\"
        while pending:
            row, off, note = pending.pop(0)
            if not row.strip() or is_annotation(row):
                continue
            if _PROSE_ROW_RE.search(row) and _MATH_ROW_RE.search(row):
                row, prefix_conds, words_only = _cjk_row(row)
                if words_only or prefix_conds:
                    # "1)当i=j时，\frac…= …" opens a case; "以…为例，\frac{…}可分为2种情况讨论:"
                    # names a formula in words: the chain before it ends here
                    flush(cur_members, cur_rels, disp, end_line, a, cur_base)
                    cur_members, cur_rels, cur_base, cont_conds = [], [], 0, ()
                    row_case = prefix_conds or (() if words_only else row_case)
                if words_only:
                    continue
            if _TEXT_CASE_ROW_RE.fullmatch(row) or (
                    _PROSE_ROW_RE.search(row) and not _MATH_ROW_RE.search(row)):
                # a row of words inside the display ("当i=j时", "合并写为:"): it states the
                # case of the rows after it, or ends it; the chain before it ends here
                flush(cur_members, cur_rels, disp, end_line, a, cur_base)
                cur_members, cur_rels, cur_base, cont_conds = [], [], 0, ()
                found = parse_index_conds(row) if _CASE_WORD_RE.search(row) else []
                row_case = (found[0],) if len(found) == 1 else ()
                continue
            head, tail = _split_tail(row)
            if tail and not head.strip() and cur_members:
                lead = _TAIL_LEAD_RE.match(tail)
                rest = tail[lead.end():] if lead else tail
                if _CONTINUES_RE.match(rest):
                    # "&\\qquad + y_i^2": an indented continuation, not a condition
                    head, tail = _split_tail(rest)
                    head = " " * (len(row) - len(rest)) + head
            extra_row = None
            if tail:
                lead = _TAIL_LEAD_RE.match(tail)
                rest = tail[lead.end():] if lead else tail
                if "=" in rest and not _COND_ONLY_RE.fullmatch(rest):
                    # a second equation after \quad or \text{where}: read it as its own row
                    extra_row = (rest, off + len(head) + len(tail) - len(rest), "")
                    tail = tail[: len(tail) - len(rest)]
            lead = _LEAD_COND_RE.match(head)
            if lead and not lead["word"] and lead["end"] != ":":
                lead = None  # "i = j, A = B" names no case; "i = j : A = B" and "if i = j," do
            if lead:  # "{\rm if}~i=j,~ A = B": the row's case written before it
                tail += " " + lead["cond"]
                head = " " * lead.end() + head[lead.end():]
            tail += " " + note
            members, rels = _split_relations(head, off, starts)
            if rels and cur_members and (_SIDE_REMARK_RE.match(members[0].text) or (
                    _DELTA_ROW_RE.fullmatch(members[0].text) and len(members) == 2)):
                # "\\text{note that } \\sum_k y_k = 1": a remark between two rows of a
                # chain is its own statement; the chain goes on after it
                side = [replace(members[0], text=_SIDE_REMARK_RE.sub("", members[0].text))]
                flush(side + members[1:], rels, disp, end_line, a)
                continue
            row_conds = () if _OR_RE.search(tail) else tuple(parse_index_conds(tail))
            row_conds = row_conds or row_case
            if row_conds:
                members = [replace(m, conds=row_conds) for m in members]
            if (cur_members and not rels and members[0].text
                    and (multline or _CONTINUES_RE.match(members[0].text)
                         or _OPEN_END_RE.search(cur_members[-1].text))):
                # a row without a relation that goes on with the last member: a long
                # right-hand side broken over lines (multline, "&\\qquad + y_i^2")
                last = cur_members[-1]
                cur_members[-1] = replace(last, text=last.text + " " + members[0].text,
                                          conds=last.conds + members[0].conds)
                continue
            continues = bool(cur_members) and not members[0].text and rels
            word = (_word_before(masked, a) if not continues and not cur_members and not disp
                    and not members[0].text and rels else None)
            if word:  # "Gradient $= 0.5 \times 0.5$": the left side is the word before it
                members = [replace(members[0], text=f"\\text{{{word}}}")] + members[1:]
            if not continues and not cur_members and not members[0].text and rels:
                # a formula that begins with '=' ("$$ = -\sum_k ...$$", "> $$ = ...",
                # "$= ...$") goes on with the chain of the formula before it
                prev = _continuable(chains, members[1].line, disp)
                if prev is not None and number_at > chains[prev].block_end_line:
                    prev = None  # "$0$, $\approx 0.047$": values listed, not a chain going on
                if prev is not None:
                    old = chains.pop(prev)
                    new_case, _ = scope(members[1].line)
                    cur_base = old.base_len or len(old.members)
                    earlier = {c for m in old.members[cur_base:] for c in m.conds}
                    if new_case and earlier and not set(new_case) <= earlier:
                        # "If i = j, $$= ...$$ ... If i != j, $$= ...$$": each case goes on
                        # from the chain's own formula, not from the other case
                        chains.append(old)
                        cur_members = [old.members[cur_base - 1]]
                        cur_base = 1
                    else:
                        cur_members = list(old.members)
                    cur_rels = list(old.rels)[: len(cur_members) - 1]
                    _drop_repeated(cur_members, cur_rels, rels[0])  # "… = $$ $$ = …"
                    extra = () if set(new_case) <= set(old.restriction) else new_case
                    cur_members += [replace(m, conds=tuple(dict.fromkeys(m.conds + extra)))
                                    for m in members[1:]]
                    cur_rels += rels
                    cont_conds = extra
                    if extra_row:
                        pending.insert(0, extra_row)
                    continue
            if not continues:
                flush(cur_members, cur_rels, disp, end_line, a, cur_base)
                cur_members, cur_rels, cur_base, cont_conds = [], [], 0, ()
                if not members[0].text and rels:
                    members = members[1:]
                    rels = rels[1:]
                cur_members.extend(members)
                cur_rels.extend(rels)
            else:
                _drop_repeated(cur_members, cur_rels, rels[0])  # "a = b = \\ = c"
                cur_members.extend(replace(m, conds=tuple(dict.fromkeys(m.conds + cont_conds)))
                                   for m in members[1:])
                cur_rels.extend(rels)
            if extra_row:
                pending.insert(0, extra_row)
        flush(cur_members, cur_rels, disp, end_line, a, cur_base)
    problems += tuple(
        (_line_of(starts, first), " ".join(text[first: first + 60].split()),
         f"{n} more formulas under one case sentence: only the first "
         f"{LIMIT['case_formulas']:g} are read")
        for n, first in overflow.values())
    chains += _denote_chains(text, masked, regions, starts)
    chains.sort(key=lambda c: c.members[0].line)
    loose = _loose_relations(masked, regions, starts, chains, text)
    # a paragraph that is one bold line ("**Additional reading: ...**") heads a section too
    headings = tuple(sorted({u.start for u in units if u.heading} | {
        u.start for u in units if "\n" not in u.text
        and re.fullmatch(r"\s*\*\*[^*]{3,200}\*\*\s*", u.text)}))
    return Extraction(tuple(chains), prose, len(regions), problems, tuple(loose), headings,
                      (row_note,) if row_note else (),
                      (roles[0], _line_of(starts, roles[1])) if roles else None)


_LEAD_COND_RE = re.compile(
    r"\s{0,8}(?P<word>(?:\{\s{0,3}\\rm\s{1,3}if\s{0,3}\}|\\(?:text|mathrm|textrm)\s{0,3}\{\s{0,3}"
    r"(?:if|when|where|for)\s{0,3}\}|if\b)(?:[\s~]|\\[,;: ]){0,8})?"
    r"(?P<cond>[a-zA-Z]\s{0,3}(?:=|\\neq?(?![a-zA-Z])|≠)\s{0,3}[a-zA-Z])"
    r"\s{0,3}(?P<end>,|:|\\[,;:]|~|\\q?quad(?![a-zA-Z]))(?:[\s~&]|\\ ){0,8}")


_SIDE_REMARK_RE = re.compile(
    r"\s*\\(?:text|textrm|mbox)\s*\{\s*(?:note|recall|since|because|as|where|here|with|using)"
    r"\b[^{}]*\}\s*")


_DELTA_ROW_RE = re.compile(r"\s*\\delta_\{?\s*[a-zA-Z]\s*,?\s*[a-zA-Z]\s*\}?\s*")


def _is_index_chain(chain: Chain) -> bool:
    return all(re.fullmatch(r"\s*[a-zA-Z0-9]?\s*", m.text) for m in chain.members)


_WORD_BEFORE_RE = re.compile(r"(?<![\w$\\])([A-Za-z][a-z]{2,20}(?: [a-z]{2,20}){0,2}) ?\$?$")
_CONNECTIVES = frozenset("then so thus hence therefore and or we get gives is are be which that "
                         "it equals to becomes obtain have yields finally simplifies this".split())


def _word_before(masked: str, at: int) -> str | None:
    """The word written right before an inline ``$= …$`` on its line ("Gradient $= 0.25$"):
    the left side in words, not a chain going on (a connective, "then $= …$", is not one)."""
    m = _WORD_BEFORE_RE.search(masked[max(0, at - 50): at].rstrip("$ ").split("\n")[-1] + "$")
    if m is None or m[1].split()[-1].lower() in _CONNECTIVES:
        return None
    return m[1]


_CJK = r"\u3000-\u303f\u4e00-\u9fff\uff00-\uffef"
_CJK_PREFIX_RE = re.compile(r"^[\s&]{0,40}(?:\(?\d{1,2}\)|\d{1,2}[.、])?[ \t]{0,4}[" + _CJK
                            + r"](?:[^\\$]{0,40}?[" + _CJK + r"])?[" + _CJK + r",:;. ]{0,4}")
_CJK_REST_RE = re.compile(r"[,，;；]?\s{0,4}[" + _CJK + r"]")


def _cjk_row(row: str) -> tuple[str, tuple[IndexCond, ...], bool]:
    """A row of math with Chinese words in it: ``1)当i=j时，\\frac{…}= …`` (the words before
    the formula, a case when they state one) and ``…可分为2种情况讨论:`` (words after it) are
    blanked.  Returns the row, the case its words state, and whether no relation is left (the
    row names a formula in words)."""
    conds: tuple[IndexCond, ...] = ()
    m = _CJK_PREFIX_RE.match(row)
    if m:
        words = row[m.start(): m.end()]
        found = parse_index_conds(words) if _CASE_WORD_RE.search(words) else []
        conds = (found[0],) if len(found) == 1 else ()
        row = " " * m.end() + row[m.end():]
    rest = _CJK_REST_RE.search(row)
    if rest:
        row = row[: rest.start()] + " " * (len(row) - rest.start())
    return row, conds, not _REL_RE.search(row)


def _continuable(chains: list[Chain], line: int, display: bool = False) -> int | None:
    """The chain a formula beginning with '=' continues: the last one that is not an index
    statement ($i = j$), ending at most 15 lines before; a display does not continue an inline
    statement of a value in the prose between ("One-hot ($\\sum_i y_i = 1$): $$= …$$")."""
    for pos in range(len(chains) - 1, max(-1, len(chains) - 5), -1):
        c = chains[pos]
        if _is_index_chain(c) or (display and not c.display and len(c.members) == 2
                                  and re.fullmatch(r"\s*-?\d+(?:\.\d+)?\s*", c.members[-1].text)):
            continue
        return pos if line - c.block_end_line <= 15 else None
    return None


_DENOTE_RE = re.compile(r"\$([^$\n]{1,40})\$`?\s*(?:\([^()]*\)\s*)?(?:to denote|denotes?|"
                        r"stands? for|is short for|as shorthand for|to represent"
                        r"|表示|代表|记为|记作)"
                        r"\s*`?!?\$([^$]{1,200})\$")  # `!$x$` (Cmd Markdown) too


def _denote_chains(text: str, masked: str, regions: list[tuple[int, int, bool]],
                   starts: list[int]) -> list[Chain]:
    """Prose definitions: "we use $\\Sigma$ to denote $\\sum_k e^{x_k}$" reads as
    Sigma = sum_k e^{x_k}."""
    out = []
    for m in _DENOTE_RE.finditer(masked):
        a, b = m.start(1), m.start(2)
        la, lb = _line_of(starts, a), _line_of(starts, b)
        out.append(Chain((Member(m.group(1).strip(), la), Member(m.group(2).strip(), lb, (), lb)),
                         ("=",), (), "", False, lb))
    return out


_ARROW_RE = re.compile(r"\\(?:to|x?rightarrow|longrightarrow|mapsto|x?leftarrow|longleftarrow)"
                       r"(?![a-zA-Z])|→")
_REL_CONTEXT_TEXT_RE = re.compile(r"\\(?:text|mathrm|textrm|mbox|operatorname)\s*\{[^{}]*\}")


def _loose_relations(masked: str, regions: list[tuple[int, int, bool]], starts: list[int],
                     chains: list[Chain], text: str) -> list[tuple[int, str, str, str]]:
    """Relation symbols of the math that no chain holds, line by line, with the reason."""
    from derive.check.normalize import _strip_scripts

    found: dict[int, list[str]] = {}
    lines_text: dict[int, str] = {}
    for r, (a, b, _disp) in enumerate(regions):
        content = normalize_region(masked[a:b])
        view = _strip_scripts(_REL_CONTEXT_TEXT_RE.sub(lambda m: " " * len(m[0]), content))
        following = masked[regions[r + 1][0]: regions[r + 1][1]].lstrip(" \t\n&") \
            if r + 1 < len(regions) else ""
        cases = [(m.start(), m.end()) for m in re.finditer(
            r"\\begin\{cases\}.*?(?:\\end\{cases\}|$)", view, re.S)]
        for m in _REL_RE.finditer(view):
            line = _line_of(starts, a + m.start())
            if any(x <= m.start() < y for x, y in cases):
                why = "skipped:condition of a cases row"
            elif m.group(0).startswith(("\\in", "\\notin")) or m.group(0) in ("∈", "∉"):
                why = "skipped:set membership (a shape or a range), not a step"
            elif re.search(r"\(\s*(?:since|because|as|using|by)\b|\\text\s*\{\s*(?:since|because|"
                           r"as|using)", masked[a + max(0, m.start() - 40): a + m.start()]):
                why = "skipped:a justification in parentheses, not a step"
            elif re.search(r"&&\s*\\text\s*\{\s*(?:from|by|using|since|because|as)\b",
                           content[max(0, content.rfind("\n", 0, m.start())): m.start()]):
                why = "skipped:a justification after && ('from …'), not a step"
            elif _IDX_COND_RE.search(view[max(0, m.start() - 3): m.end() + 3]) or re.search(
                    r"\\(?:text|mathrm)\s*\{\s*(?:when|if|for|where|otherwise)\b[^{}]*\}\s*$",
                    content[max(0, m.start() - 40): m.start()]):
                why = "skipped:an index condition of the row"
            elif re.match(r"\s*\?{1,2}\s*(?:$|\\\\|&)", view[m.end():]):
                why = "skipped:a question ('= ?'), not a step"
            elif m.group(0) in ("<", ">") or m.group(0).startswith(("\\le", "\\ge")):
                why = "skipped:an inequality, not checked"
            elif re.match(r"\s*\\\\\s*&?\s*" + re.escape(m.group(0)), view[m.end():]) or (
                    not view[m.end():].strip() and following.startswith(m.group(0))):
                why = ("skipped:the relation ending a row is written again at the start of the "
                       "next (one step)")
            elif not view[: m.start()].strip(" \t\n&>"):
                why = ("unreadable:a formula beginning with '=' that continues no chain (the "
                       "formula before it holds no equation, or only index statements)")
            else:
                why = "unreadable:relation inside a group or construct the reader does not split"
            found.setdefault(line, []).append(why)
            lines_text[line] = " ".join(masked[a:b].split())[:60]
        def listed(off: int, why: str, n: int = 1, at: int = a,
                   snippet: str = " ".join(masked[a:b].split())[:60]) -> None:
            """n relations at offset off of the region, listed with why."""
            line = _line_of(starts, at + off)
            found.setdefault(line, []).extend([why] * n)
            lines_text[line] = snippet

        for m in _REL_CONTEXT_TEXT_RE.finditer(content):
            # \text{i $\neq$ j} in a cases row: its condition, read by the row; \text{(式 2 =
            # 式 1 × π)}: a remark in words (the view blanks words, so both are listed here)
            n = len(_REL_RE.findall(m.group(0)))
            if n:
                listed(m.start(), "skipped:condition of a cases row"
                       if any(x <= m.start() < y for x, y in cases)
                       and parse_index_conds(m.group(0))
                       else "skipped:a relation inside \\text{…} (words, a remark), not a step", n)
        for m in _ARROW_RE.finditer(view):
            listed(m.start(), "skipped:an arrow (a map between sets, a limit, one matrix to "
                   "another), not a step")
        for m in re.finditer(IND_EQ, view):
            listed(m.start(), "skipped:the = of an indicator 1{i=j} (read as the delta δ_ij), "
                   "not a step")
        for off in brace_label_relations(masked[a:b]):
            listed(off, "skipped:a label under or over a brace (\\underbrace{…}_{=1}), an "
                   "annotation")
        for m in SUBSCRIPT_INDICATOR_RE.finditer(content):
            listed(m.start(), "skipped:the = of an indicator 1_{i=j} (read as the delta δ_ij), "
                   "not a step")
        if "\n" in text[a:b]:
            for m in re.finditer(r"(?m)^[ \t]*(>)", text[a:b]):
                if masked[a + m.start(1)] == " ":
                    line = _line_of(starts, a + m.start(1))
                    found.setdefault(line, []).append(
                        "skipped:a block-quote marker '>' inside the display, not a relation")
                    lines_text[line] = " ".join(masked[a:b].split())[:60]
    used: dict[int, int] = {}
    for c in chains:
        for m in c.members[1:]:
            ln = m.rel_line or m.line
            used[ln] = used.get(ln, 0) + 1
    out = []
    for line, whys in sorted(found.items()):
        extra = len(whys) - used.get(line, 0)
        if extra <= 0:
            continue
        # the conditions are the ones no chain holds; the rest are relations not read
        whys = sorted(whys, key=lambda w: not w.startswith("skipped"))[:extra]
        for w in whys:
            kind, why = w.split(":", 1)
            out.append((line, lines_text[line], why, kind))
    return out


def _blank_regions(text: str, regions: list[tuple[int, int, bool]]) -> str:
    """The text with the formulas (and their delimiters) blanked, offsets kept."""
    chars = list(text)
    for a, b, _ in regions:
        for i in range(max(0, a - 2), min(len(chars), b + 2)):
            if chars[i] != "\n":
                chars[i] = " "
    return "".join(chars)


def _brace_problem(formula: str) -> str:
    """Why the braces of a formula do not balance ('' when they do); \\{ and \\} are literal."""
    depth = 0
    for tok in re.finditer(r"\\.|[{}]", formula):
        if tok.group() == "{":
            depth += 1
        elif tok.group() == "}":
            depth -= 1
            if depth < 0:
                return "unbalanced braces: a } closes nothing"
    return "unbalanced braces: a { is never closed" if depth else ""

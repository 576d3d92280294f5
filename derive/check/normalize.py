"""The tolerant reading stage: two ordered tables of small rules, applied before the grammar.

``REGION_RULES`` act on a whole formula (a ``$$…$$`` display, an ``align`` body) before it is
split into rows and relations.  They only *blank* what carries no mathematics (replace it by
spaces, newlines kept), so every offset and line number stays where the author wrote it:
``\\color``/``\\textcolor``/``\\boxed`` wrappers, environment markers nested in a display
(``$$\\begin{align}…\\end{align}$$``), ``\\tag``/``\\label``/``\\nonumber``, ``\\left.``,
``\\displaystyle``, the ``[1.6em]`` of a row break, ``\\therefore``, zero-width spaces.

``MEMBER_RULES`` rewrite one side of a relation into the one notation the grammar reads:
``{a \\over b}``, ``\\dfrac``, ``d/dx`` and ``\\partial_x`` derivatives, sum limits
(``\\sum_k^K``, ``\\sum_{j \\in G}``, ``\\sum_{j \\neq i}^K``), ``\\dots`` sums, bare ``\\sum``
used as a name, ``log``/``exp`` without a backslash, subscripts after brackets
(``\\sigma(\\mathbf z)_i``), argument lists (``L(y, t)``), multi-letter names (``Loss``),
``\\vec``/``\\mathbf``/``\\hat{y_i}`` decorations and ``.`` as a product.

Each rule is a function ``str -> str`` with a one-line docstring and its own test
(tests/check/test_normalize.py); the tables fix the order.  No rule evaluates anything: the
output is LaTeX text for the grammar of :mod:`derive.check.parser`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

Rule = Callable[[str], str]

# -- helpers -----------------------------------------------------------------------------


def match_brace(s: str, i: int) -> int:
    """Index of the ``}`` closing the ``{`` at ``s[i]`` (escaped braces skipped), or -1."""
    depth = 0
    j = i
    n = len(s)
    while j < n:
        c = s[j]
        if c == "\\":
            j += 2
            continue
        if c == "{":
            depth += 1
        elif c == "}":
            depth -= 1
            if depth == 0:
                return j
        j += 1
    return -1


def _blank(s: str, a: int, b: int) -> str:
    """s with s[a:b] replaced by spaces (newlines kept)."""
    return s[:a] + re.sub(r"[^\n]", " ", s[a:b]) + s[b:]


_REL_IN_GROUP = re.compile(r"(?<![<>!\\])=|\\neq?(?![a-zA-Z])|\\approx")


def _unwrap(s: str, head: re.Pattern[str], only_with_relation: bool = False) -> str:
    """Blank ``head{`` and the matching ``}``; keep the group's content."""
    pos = 0
    while True:
        m = head.search(s, pos)
        if not m:
            return s
        brace = m.end() - 1
        if s[brace] != "{":
            pos = m.end()
            continue
        end = match_brace(s, brace)
        if end < 0:
            return s
        inner = s[brace + 1: end]
        if only_with_relation and not _REL_IN_GROUP.search(_strip_scripts(inner)):
            pos = m.end()
            continue
        s = _blank(s, m.start(), brace + 1)
        s = s[:end] + " " + s[end + 1:]
        pos = m.start()


def _strip_scripts(s: str) -> str:
    """s without ``_{…}``/``^{…}`` groups (where ``=`` is a sum bound, not a relation)."""
    out = s
    for m in reversed(list(re.finditer(r"[_^]\{", s))):
        end = match_brace(s, m.end() - 1)
        if end > 0:
            out = out[: m.start()] + " " * (end + 1 - m.start()) + out[end + 1:]
    return out


# -- region rules (blank only) ----------------------------------------------------------


def blank_zero_width(s: str) -> str:
    """Zero-width spaces and joiners (U+200B-U+200D, U+2060, U+FEFF) carry nothing."""
    return re.sub("[\u200b\u200c\u200d\u2060\ufeff\u00a0]", " ", s)


_ENV_NAMES = (r"(?:align|alignat|flalign|equation|gather|multline|eqnarray|split|aligned|"
              r"gathered|alignedat|displaymath)\*?")


def blank_nested_environments(s: str) -> str:
    """``\\begin{align}``/``\\end{align}`` (equation, gather, split, …) inside a display mark
    layout only: ``$$\\begin{align} a &= b \\end{align}$$`` is read like ``a &= b``."""
    s = re.sub(r"\\begin\{" + _ENV_NAMES + r"\}(?:\{[^{}]*\})?", lambda m: " " * len(m[0]), s)
    return re.sub(r"\\end\{" + _ENV_NAMES + r"\}", lambda m: " " * len(m[0]), s)


def boxed_rows(s: str) -> str:
    """``\\boxed{2}\\boxed{3}\\boxed{4}``: numbers in adjacent boxes are a vector written out,
    ``(2, 3, 4)``."""
    box = r"\\boxed[ \t]*\{[ \t]*(-?\d+(?:\.\d+)?)[ \t]*\}"
    def repl(m: re.Match[str]) -> str:
        vector = "(" + ", ".join(re.findall(box, m[0])) + ")"
        return vector + " " * (len(m[0]) - len(vector))  # offsets kept
    return re.sub(r"(?:" + box + r"[ \t]*){2,}", repl, s)


def blank_displaylines(s: str) -> str:
    """``\\displaylines{ a \\\\ b }`` is a layout wrapper: read its rows."""
    return _unwrap(s, re.compile(r"\\displaylines\s*\{"))


def blank_labels(s: str) -> str:
    """``\\tag{1}``, ``\\label{eq:x}``, ``\\nonumber``, ``\\notag`` name a line, no mathematics."""
    s = re.sub(r"\\(?:tag\*?|label)\s*\{[^{}]*\}", lambda m: " " * len(m[0]), s)
    s = re.sub(r"\((?:eq|eqn)?:[\w.-]+\)\s*$", lambda m: " " * len(m[0]), s)
    return re.sub(r"\\(?:nonumber|notag)(?![a-zA-Z])", lambda m: " " * len(m[0]), s)


_NUMBER_TAG_RE = re.compile(r"(?:(?<=\\end\{pmatrix\})|(?<=\\end\{bmatrix\})|(?<=\\end\{matrix\})"
                            r"|(?<=quad)|(?<= {3}))[ \t]*\(\s*\d{1,3}\s*\)[ \t]*$", re.M)


def blank_number_tags(s: str) -> str:
    """``\\end{bmatrix}    (1)``, ``… \\qquad (2)`` at the end of a row: the equation's number
    typed by hand (``\\tag`` written as text), no mathematics."""
    for m in reversed(list(_NUMBER_TAG_RE.finditer(s))):
        s = _blank(s, m.start(), m.end())
    return s


def blank_step_labels(s: str) -> str:
    """``&&\\text{\\small (3) quotient rule, using $…$}``: a numbered note that names a row's
    rule (and may quote a condition in math) carries no step of its own."""
    out = s
    for m in re.finditer(r"\\text\s*(\{)\s*(?:\\(?:small|footnotesize)\s*(?:\{\s*\})?\s*)?"
                         r"\(\d+\)", s):
        end = match_brace(s, m.start(1))
        if end > 0:
            out = _blank(out, m.start(), end + 1)
    return out


def blank_colour(s: str) -> str:
    """``\\color{red}{X}``, ``\\textcolor{red}{X}``, ``\\colorbox{..}{X}``: only X is read;
    a bare ``\\color{red}`` switch is dropped."""
    s = _unwrap(s, re.compile(r"\\(?:textcolor|colorbox)\s*\{[^{}]*\}\s*\{"))
    s = _unwrap(s, re.compile(r"\\color\s*\{[^{}]*\}\s*\{"))
    return re.sub(r"\\(?:text)?color\s*\{[^{}]*\}", lambda m: " " * len(m[0]), s)


def blank_boxes(s: str) -> str:
    """``\\boxed{A = B}``, ``\\bbox[..]{..}``, ``\\fbox{..}`` frame a result: read the inside."""
    s = re.sub(r"\\bbox\s*\[[^\]]*\]", lambda m: "\\boxed" + " " * (len(m[0]) - 6), s)
    return _unwrap(s, re.compile(r"\\(?:boxed|fbox|mbox)\s*\{"))


def blank_bold_relations(s: str) -> str:
    """``\\mathbf{A = B}`` (a whole equation set in bold) is read as ``A = B``."""
    return _unwrap(s, re.compile(r"\\(?:mathbf|boldsymbol|bm|pmb)\s*\{"), only_with_relation=True)


def blank_empty_delimiters(s: str) -> str:
    """``\\left.`` and ``\\right.`` are invisible delimiters."""
    return re.sub(r"\\(?:left|right|bigl|bigr|Bigl|Bigr)\s*\.", lambda m: " " * len(m[0]), s)


_SIZES = r"(?:tiny|scriptsize|footnotesize|small|normalsize|large|Large|LARGE|huge|Huge)"


def blank_style(s: str) -> str:
    """``\\displaystyle``, ``\\textstyle``, ``\\limits``, sizes (``\\Large``, ``\\large{…}``)
    change typesetting only."""
    s = _unwrap(s, re.compile(r"\\" + _SIZES + r"\s*\{"))
    return re.sub(r"\\(?:displaystyle|textstyle|scriptstyle|limits|nolimits|" + _SIZES[3:-1]
                  + r")(?![a-zA-Z])", lambda m: " " * len(m[0]), s)


def triple_backslashes(s: str) -> str:
    """A formula whose every command is written with three backslashes (``\\\\\\frac``, a
    Markdown escape of an escape) means one backslash; padded, so offsets stay. A formula
    with any command written normally is left alone (``\\\\\\alpha`` may be a row break)."""
    if not re.search(r"\\\\\\[a-zA-Z]", s) or re.search(r"(?<!\\)\\[a-zA-Z]", s):
        return s
    return re.sub(r"\\\\\\(?=[a-zA-Z])", "  \\\\", s)


def blank_hspace(s: str) -> str:
    """``\\hspace{10pt}``, ``\\vspace{1em}``, ``\\hspace*{…}``, ``\\enspace``: spacing only;
    ``\\newline`` is the row break ``\\\\``."""
    s = re.sub(r"\\[hv]space\*?\s*\{[^{}]{0,20}\}", lambda m: " " * len(m[0]), s)
    s = re.sub(r"\\newline(?![a-zA-Z])", lambda m: "\\\\" + " " * (len(m[0]) - 2), s)
    return re.sub(r"\\(?:enspace|thinspace|medspace|thickspace)(?![a-zA-Z])",
                  lambda m: " " * len(m[0]), s)



def unicode_indicator(s: str) -> str:
    """``\\unicode{x1D7D9}`` is the double-struck one 𝟙 (MathJax): the indicator
    ``\\mathbb{1}`` (padded, so offsets stay)."""
    return re.sub(r"\\unicode\s*\{\s*x1D7D9\s*\}", lambda m: "\\mathbb{1}".ljust(len(m[0])), s)


def blank_row_spacing(s: str) -> str:
    """The ``[1.6em]`` after a row break ``\\\\`` is vertical space."""
    return re.sub(r"(?<=\\\\)\s*\[\s*-?[0-9.]+\s*(?:em|ex|pt|mm|cm|in|mu)\s*\]",
                  lambda m: " " * len(m[0]), s)


def escaped_space_separators(s: str) -> str:
    """Three or more escaped spaces ``\\ \\ \\ `` between two equations separate them, like
    ``\\quad`` (``g_i = e^{a_i} \\ \\ \\ h_i = …``)."""
    return re.sub(r"(?:\\ ){3,}", lambda m: "\\quad" + " " * (len(m[0]) - 5), s)


def escaped_underscores(s: str) -> str:
    """``y\\_k``, ``L\\_i``: Markdown's escaped underscore (written so that the page's Markdown
    leaves it alone) is the subscript ``y_k`` (the backslash becomes a space)."""
    return re.sub(r"(?<!\\)\\_", " _", s)


def blank_bracket_tags(s: str) -> str:
    """``\\text{[Softmax function]}`` after a formula is a bracketed label, no mathematics."""
    return re.sub(r"\\text\s*\{\s*\[[^{}\]]*\]\s*\}", lambda m: " " * len(m[0]), s)


def blank_braces_labels(s: str) -> str:
    """``\\underbrace{X}_{=1}``, ``\\overbrace{X}^{\\text{…}}``: X is read; the label under or
    over it (which may hold its own ``= 1``) is an annotation."""
    out = s
    for m in re.finditer(r"\\(?:underbrace|overbrace)\s*(\{)", s):
        end = match_brace(s, m.start(1))
        if end < 0:
            continue
        out = _blank(out, m.start(), m.start(1))
        rest = re.match(r"\s*[_^]\s*(\{)", s[end + 1:])
        if rest:
            close = match_brace(s, end + 1 + rest.start(1))
            if close > 0:
                out = _blank(out, end + 1, close + 1)
    return out


def brace_label_relations(s: str) -> list[int]:
    """Offsets of the relation symbols inside the labels of ``\\underbrace{X}_{=1}`` and
    ``\\overbrace{X}^{…}`` (blanked by :func:`blank_braces_labels`; the report lists them)."""
    out: list[int] = []
    for m in re.finditer(r"\\(?:underbrace|overbrace)\s*(\{)", s):
        end = match_brace(s, m.start(1))
        rest = re.match(r"\s*[_^]\s*(\{)", s[end + 1:]) if end >= 0 else None
        if rest:
            start = end + 1 + rest.start(1)
            close = match_brace(s, start)
            if close > 0:
                label = re.sub(r"\\text\s*\{[^{}]*\}", lambda t: " " * len(t[0]), s[start:close])
                out += [start + r.start() for r in re.finditer(r"(?<![<>!:\\])=|\\approx", label)]
    return out


def html_entities(s: str) -> str:
    """``&amp;``, ``&lt;``, ``&gt;`` in the math of an HTML page are ``&``, ``<``, ``>`` (the
    rest of the entity blanked, so lines and offsets are kept)."""
    if "&" not in s:
        return s
    s = re.sub(r"(?:&amp;)+", lambda m: "&" * (len(m[0]) // 5) + " " * (len(m[0]) * 4 // 5),
               s)  # &amp;&amp; is the && of a note after a row
    return re.sub(r"&(lt|gt);", lambda m: {"lt": "<", "gt": ">"}[m[1]] + "   ", s)


def blank_therefore(s: str) -> str:
    """``\\therefore``, ``\\because``, ``\\hence`` (and ∴) are prose in a formula."""
    return re.sub(r"\\(?:therefore|because|hence)(?![a-zA-Z])|∴|∵",
                  lambda m: " " * len(m[0]), s)


_CJK = "\u3040-\u30ff\u3131-\u318e\u4e00-\u9fff\uac00-\ud7a3"  # kana, hangul, han


def blank_cjk_glosses(s: str) -> str:
    """``(C는 임의의 상수)``, ``（常数）``: words in brackets (Chinese, Japanese, Korean), with no
    relation in them, are a gloss on the formula, not part of it."""
    return re.sub(rf"[(（][^()（）$\n]{{0,60}}[{_CJK}][^()（）$\n=<>]{{0,60}}[)）]",
                  lambda m: m[0] if re.search(r"=|\\ne|<|>", m[0]) else _blank(m[0], 0,
                                                                              len(m[0])), s)


_BRACE_ENV_RE = re.compile(r"\\left\s{0,3}\\\{\s{0,3}\\begin\{(aligned|array)\}(\{[lcr]{1,4}\})?"
                           r"(.{0,2000}?)\\end\{\1\}\s{0,3}\\right\s{0,3}\.", re.S)
_ROW_CASE_RE = re.compile(r"(?:\\q?quad|\\,|\\;|~|\s){0,6}[(（]\s{0,3}((?:if\s{1,3})?[a-z]\s{0,3}"
                          r"(?:=|\\neq?(?![a-zA-Z])|\\not\s{0,3}=\s{0,3}\{?\s{0,3}|≠)\s{0,3}\{?\s{0,3}"
                          r"[a-z]\s{0,3}\}?)\s{0,3}[)）]\s{0,3}(?=\\\\|$)")


def brace_aligned_cases(s: str) -> str:
    """``\\left\\{\\begin{aligned} A \\qquad (i=j) \\\\ B \\qquad (i \\neq j) \\end{aligned}
    \\right.``: rows with their case in brackets after them are a ``cases`` (only when every
    row ends in a case)."""
    def repl(m: re.Match[str]) -> str:
        rows = m.group(3).split("\\\\")
        if not all(_ROW_CASE_RE.search(r.rstrip()) for r in rows if r.strip()):
            return m.group(0)
        def case(c: re.Match[str]) -> str:
            cond = re.sub(r"\\not\s*=\s*\{?\s*([a-z])\s*\}?|≠", r"\\neq \1", c.group(1))
            return "&" + re.sub(r"\{\s*([a-z])\s*\}", r"\1", cond).rjust(len(c.group(0)) - 1)
        body = "\\\\".join(_ROW_CASE_RE.sub(case, r.rstrip()) + r[len(r.rstrip()):]
                            for r in rows)
        head = "\\begin{cases}"
        start = m.group(0)[: m.start(3) - m.start()]
        tail = m.group(0)[m.end(3) - m.start():]
        return head.ljust(len(start)) + body + "\\end{cases}".ljust(len(tail))
    return _BRACE_ENV_RE.sub(repl, s)


_ROWS_ENV_RE = re.compile(r"\\begin\{(cases|align\*?|aligned|array|[pbvB]?matrix)\}(.{0,4000}?)"
                          r"\\end\{\1\}", re.S)


def escaped_row_breaks(s: str) -> str:
    """``\\begin{cases} a & i = j \\ b & i \\neq j \\end{cases}`` where Markdown turned each
    ``\\\\`` into ``\\``: in an environment with columns (``&``) and no ``\\\\`` at all, a
    backslash before a space is the row break."""
    def repl(m: re.Match[str]) -> str:
        body = m.group(2)
        if "\\\\" in body or "&" not in body or not re.search(r"\\ ", body):
            return m.group(0)
        fixed = re.sub(r"(?<!\\)\\ ", r"\\\\", body)  # same length: offsets kept
        return m.group(0)[: m.start(2) - m.start()] + fixed + m.group(0)[m.end(2) - m.start():]
    return _ROWS_ENV_RE.sub(repl, s)


def unwrap_cases_of_equations(s: str) -> str:
    """A display that is only ``\\begin{cases} A = B, & i = j \\\\ C = D, & i \\neq j
    \\end{cases}`` lists equations, one per case: read its rows, the condition after
    ``\\quad``."""
    m = re.fullmatch(r"(\s*)(\\begin\{cases\})(.*?)(\\end\{cases\})(\s*)", s, re.S)
    if not m or not re.search(r"(?<![_^{])=|\\ne", m.group(3).split("&")[0]):
        return s
    body = re.sub(r",?\s*&\s*(?:\\text\s*\{[^{}]*\}\s*)?",
                  lambda t: "," + " " * (len(t[0]) - 1), m.group(3))
    return m.group(1) + " " * len(m.group(2)) + body + " " * len(m.group(4)) + m.group(5)


_S3 = r"[ \t]{0,3}"  # bounded spaces: linear on hostile input (issue 10)
_ONE = (rf"(?:\\mathbb{_S3}\{{{_S3}1{_S3}\}}|\\mathbf{_S3}\{{{_S3}1{_S3}\}}|\\mathbb{_S3}1"
        r"|(?<![\w}.^_])1)")
CLASS_LABEL = r"[ytl]_(?:\{[ \t]{0,3}[a-z][ \t]{0,3}\}|[a-z])"  # y_i: the class of example i
_LABEL_OR_LETTER = rf"(?:{CLASS_LABEL}|[a-zA-Z])"
_INDICATOR_RE = re.compile(
    rf"(?:\\lbrace|\\left{_S3}\\\{{|\\\{{){_S3}[a-zA-Z]{_S3}(=){_S3}[a-zA-Z]{_S3}"
    rf"(?:\\rbrace|\\right{_S3}\\\}}|\\\}})"
    rf"|{_ONE}{_S3}_?{_S3}[(\[]{_S3}{_LABEL_OR_LETTER}{_S3}(=){_S3}{_LABEL_OR_LETTER}{_S3}[)\]]"
    rf"|(?<![a-zA-Z_^}}1])\[{_S3}[a-z]{_S3}\{{?{_S3}(=){_S3}\}}?{_S3}[a-z]{_S3}\]")  # Iverson
IND_EQ = "\u2a75"  # the '=' of an indicator, masked so that it is not read as a relation


def mask_indicator_conditions(s: str) -> str:
    """The ``=`` inside an indicator ``1\\{i=j\\}``, ``1\\lbrace i=j\\rbrace``,
    ``\\mathbb{1}(i=j)``, an Iverson bracket ``[i{=}j]`` is not a relation of the formula
    (masked; :func:`indicators` reads it as a delta)."""
    def repl(m: re.Match[str]) -> str:
        at = next(m.start(g) for g in (1, 2, 3) if m.group(g)) - m.start()
        return m[0][:at] + IND_EQ + m[0][at + 1:]
    return _INDICATOR_RE.sub(repl, s)


def arrow_between_equations(s: str) -> str:
    """``S_j = \\frac{…}{…} \\rightarrow \\frac{∂S_j}{∂z_k} = ?``: an arrow with an
    equation on each side of it on its row joins two statements (``\\implies``); an arrow
    between sets (``R^N \\rightarrow R^N``) is left alone."""
    def repl(m: re.Match[str]) -> str:
        row_start = max(s.rfind("\n", 0, m.start()), s.rfind("\\\\", 0, m.start())) + 1
        ends = [e for e in (s.find("\n", m.end()), s.find("\\\\", m.end())) if e >= 0]
        row_end = min(ends) if ends else len(s)
        if "=" in s[row_start: m.start()] and "=" in s[m.end(): row_end]:
            return "\\implies" + " " * (len(m.group(0)) - len("\\implies"))
        return m.group(0)
    return re.sub(r"\\(?:long)?rightarrow(?![a-zA-Z])", repl, s)


REGION_RULES: tuple[Rule, ...] = (
    html_entities,
    blank_zero_width,
    triple_backslashes,
    unicode_indicator,
    blank_hspace,
    mask_indicator_conditions,
    escaped_row_breaks,
    brace_aligned_cases,
    unwrap_cases_of_equations,
    blank_nested_environments,
    blank_displaylines,
    blank_labels,
    blank_number_tags,
    blank_step_labels,
    blank_colour,
    boxed_rows,
    blank_boxes,
    blank_bold_relations,
    blank_empty_delimiters,
    blank_style,
    blank_row_spacing,
    blank_therefore,
    blank_cjk_glosses,
    blank_bracket_tags,
    blank_braces_labels,
    escaped_space_separators,
    escaped_underscores,
    arrow_between_equations,
)


def normalize_region(s: str) -> str:
    """Apply every region rule in order; the result has the length and lines of ``s``."""
    for rule in REGION_RULES:
        s = rule(s)
    return s


_ANNOTATION_RE = re.compile(
    r"\s*(?:(?:\\(?:text|textrm|textit|textbf|mbox|mathrm|operatorname)\s*\{[^{}]*\}|"
    r"\\q?quad|\\[,;:! ]|[.,;:()]|\\hfill)\s*)+\s*")


def is_annotation(row: str) -> bool:
    """A row that is only words in ``\\text{…}`` (a justification between rows)."""
    return bool(row.strip()) and bool(_ANNOTATION_RE.fullmatch(row)) and "\\text" in row \
        or bool(re.fullmatch(r"\s*\\(?:text|mbox|textrm)\s*\{[^{}]*\}\s*", row))


# -- member rules (rewrite) ---------------------------------------------------------------


def unicode_operators(s: str) -> str:
    """Unicode − · × ≠ ∂ ∑ are the LaTeX commands they print as; ``\\not=`` is ``\\neq``."""
    for uni, tex in (("−", "-"), ("·", r" \cdot "), ("×", r" \times "), ("≠", r" \neq "),
                     ("∂", r" \partial "), ("∑", r" \sum "), ("–", "-")):
        s = s.replace(uni, tex)
    return re.sub(r"\\not\s{0,3}=", r"\\neq ", s)


def frac_variants(s: str) -> str:
    """``\\dfrac``, ``\\tfrac``, ``\\cfrac`` are ``\\frac``."""
    return re.sub(r"\\(?:dfrac|tfrac|cfrac)(?![a-zA-Z])", r"\\frac", s)


_SPACE_RE_TEXT = r"(?:\s|\\[,;:!]|\\quad|\\cdot)*"
_BR = r"(?:[^{}]|\{(?:[^{}]|\{[^{}]*\})*\})*"  # text with braces nested at most three deep
_TRANSPOSED_CHAIN_RE = re.compile(
    r"(?:\\left\s*)?\(\s*\\frac\s*\{\s*\\partial\s*(" + _BR + r")\}\s*\{\s*\\partial\s*(" + _BR
    + r")\}\s*(?:\\right\s*)?\)\s*\^\s*(?:\{\s*(?:T|\\top|\\intercal|\\mathsf\s*\{?\s*T\s*\}?)"
    r"\s*\}|T|\\top|\\intercal)" + _SPACE_RE_TEXT + r"\\frac\s*\{\s*\\partial\s*(" + _BR
    + r")\}\s*\{\s*\\partial\s*(" + _BR + r")\}")


def transposed_chain(s: str) -> str:
    """``(∂y/∂z)ᵀ ∂L/∂y``, the chain rule with the Jacobian transposed, is ``∂L/∂y ∂y/∂z``
    (both are Σ_k ∂L/∂y_k ∂y_k/∂z_j, entry j)."""
    def repl(m: re.Match[str]) -> str:
        if m[1].strip() != m[4].strip():
            return m[0]
        return (f"\\frac{{\\partial {m[3].strip()}}}{{\\partial {m[4].strip()}}}"
                f"\\frac{{\\partial {m[1].strip()}}}{{\\partial {m[2].strip()}}}")
    return _TRANSPOSED_CHAIN_RE.sub(repl, s)


def over_to_frac(s: str) -> str:
    """``{a \\over b}`` is ``\\frac{a}{b}`` (also a top-level ``a \\over b``)."""
    for _ in range(20):
        m = re.search(r"\\over(?![a-zA-Z])", s)
        if not m:
            return s
        depth, start = 0, -1
        for j in range(m.start() - 1, -1, -1):  # the group that holds \over
            if s[j] == "}" and (j == 0 or s[j - 1] != "\\"):
                depth += 1
            elif s[j] == "{" and (j == 0 or s[j - 1] != "\\"):
                if depth == 0:
                    start = j
                    break
                depth -= 1
        if start < 0:
            s = f"\\frac{{{s[:m.start()]}}}{{{s[m.end():]}}}"
            continue
        end = match_brace(s, start)
        if end < 0:
            return s
        num, den = s[start + 1: m.start()], s[m.end(): end]
        s = f"{s[:start]}\\frac{{{num}}}{{{den}}}{s[end + 1:]}"
    return s


def d_derivatives(s: str) -> str:
    """``\\frac{d y_i}{d z_j}``, ``\\frac{\\mathrm{d}}{\\mathrm{d} x}`` are partial derivatives
    (of the one variable written)."""
    d = r"(?:\\mathrm\{d\}|\\operatorname\{d\}|d)"
    s = re.sub(r"\\frac\s*\{\s*" + d + r"\s*\}\s*\{\s*" + d + r"(?![a-zA-Z]{2})\s*",
               r"\\frac{\\partial}{\\partial ", s)
    s = re.sub(r"\\frac\s*\{\s*" + d + r"(?=\s*[\\a-zA-Z({])(?![a-zA-Z]{2}|elta)",
               r"\\frac{\\partial ", s)
    return re.sub(r"(\\frac\{\\partial[^{}]*(?:\{[^{}]*\}[^{}]*)*\}\s*\{)\s*" + d
                  + r"(?=\s*[\\a-zA-Z])(?![a-zA-Z]{2}|elta)", r"\1\\partial ", s)


def operator_before_minus(s: str) -> str:
    """``\\frac{\\partial}{\\partial \\theta_k} - \\sum_i y_i \\log p_i`` (the operator written
    before the minus sign, at the start of a member) applies to all that follows:
    ``\\frac{\\partial}{\\partial \\theta_k} \\left(- \\sum_i y_i \\log p_i\\right)``."""
    m = re.match(r"(\s*-?\s*\\frac\s*\{\s*\\partial\s*\}\s*\{[^{}]*\})\s*-(?!\s*$)", s)
    return f"{m[1]} \\left(-{s[m.end():]}\\right)" if m else s


def delta_derivatives(s: str) -> str:
    """``\\frac{\\delta S_i}{\\delta a_j}``, ``\\frac{\\delta}{\\delta a_j}``: a δ without a
    subscript over a δ without a subscript is the derivative (a Kronecker δ has indices)."""
    delta = r"\\delta(?![a-zA-Z])(?!\s*_)"
    return re.sub(r"\\frac\s*\{\s*" + delta + r"((?:[^{}]|\{(?:[^{}]|\{[^{}]*\})*\})*)\}\s*\{\s*"
                  + delta, r"\\frac{\\partial\1}{\\partial ", s)


def glyph_names(s: str) -> str:
    """A symbol glyph the author uses as a name (``☆ = \\sum_k e^{a_k}``) is one symbol (read
    as Υ, a letter these derivations do not otherwise use; left alone where Υ is written)."""
    if "\\Upsilon" in s:
        return s
    return re.sub(r"[\u2600-\u27BF\u2B00-\u2BFF]", r" \\Upsilon ", s)


_VARIABLE = re.compile(r"\s*(?:\\(?:hat|bar|tilde|mathbf|boldsymbol|vec)\s*\{?\s*)?"
                       r"(?:[a-zA-Z]|\\[a-zA-Z]+)\s*\}?\s*(?:_\s*(?:\{[^{}]*\}|[a-zA-Z0-9]))?(?:\^\s*(?:\{[^{}]*\}|\w))?\s*")


def partial_missing_in_denominator(s: str) -> str:
    """``\\frac{\\partial}{o_k}`` and ``\\frac{\\partial y_k}{\\theta_i}`` (the ``\\partial`` of
    the denominator forgotten) mean ``\\frac{\\partial}{\\partial o_k}``, ``\\frac{\\partial
    y_k}{\\partial \\theta_i}``; ``\\frac{L}{\\partial z}`` (the numerator's forgotten) is
    ``\\frac{\\partial L}{\\partial z}``."""
    if "\\partial" not in s:
        return s
    out, pos = [], 0
    for m in re.finditer(r"\\frac\s*(?=\{)", s):
        a = m.end()
        if a < pos:
            continue
        b = match_brace(s, a)
        c = b + 1 + (len(s[b + 1:]) - len(s[b + 1:].lstrip())) if b > 0 else -1
        if b < 0 or c >= len(s) or s[c] != "{" or (d := match_brace(s, c)) < 0:
            continue
        num, den = s[a + 1: b], s[c + 1: d]
        if re.match(r"\s*\\partial(?![a-zA-Z])", num) and not re.match(r"\s*\\partial", den) and (
                not num.strip()[len("\\partial"):].strip() or _VARIABLE.fullmatch(den)):
            out.append(s[pos: c + 1] + "\\partial ")  # the denominator's \partial
            pos = c + 1
        elif ("\\partial" not in num and re.search(r"[a-zA-Z]", num) and re.fullmatch(
                r"\s*\\partial(?![a-zA-Z])" + _VARIABLE.pattern, den)):
            out.append(s[pos: a + 1] + "\\partial ")  # the numerator's \partial
            pos = a + 1
    out.append(s[pos:])
    return "".join(out)


def partial_subscript(s: str) -> str:
    """``\\partial_{x} f`` and ``\\nabla_{z_i} f`` are ``\\frac{\\partial}{\\partial x} f``."""
    def repl(m: re.Match[str]) -> str:
        return r"\frac{\partial}{\partial " + (m.group(1) or m.group(2)) + "}"
    return re.sub(r"\\(?:partial|nabla)_(?:\{((?:[^{}]|\{[^{}]*\})+)\}|([a-zA-Z]))", repl, s)


def jacobian_operator(s: str) -> str:
    """``D_j S_i`` (``D_{j} S_{i}``, ``D_jS_i``) is the derivative of S_i by the j-th logit:
    ``\\frac{\\partial S_i}{\\partial a_j}`` whatever the logits' letter."""
    idx = r"(?:\{\s*([a-zA-Z0-9])\s*\}|([a-zA-Z0-9]))"
    name = r"((?:\\[a-zA-Z]+\s*\{\s*[a-zA-Z]\s*\}|\\[a-zA-Z]+|[a-zA-Z])\s*_\s*" + idx + ")"
    return re.sub(r"(?<![\\a-zA-Z])D\s*_\s*" + idx + r"\s*" + name,
                  lambda m: (rf"\frac{{\partial {m[3]}}}{{\partial \logitof_{{{m[1] or m[2]}}}}}"),
                  s)


def double_sums(s: str) -> str:
    """``\\sum_{i,j} f`` is ``\\sum_i \\sum_j f``."""
    return re.sub(r"\\sum\s*_\s*\{\s*([a-zA-Z])\s*,\s*([a-zA-Z])\s*\}(?!\s*\^)",
                  r"\\sum_{\1} \\sum_{\2}", s)


def sum_subscript_forms(s: str) -> str:
    """``\\sum_{\\substack{k=1 \\\\ k \\neq i}}`` is ``\\sum_{k=1, k \\neq i}``; ``\\sum_{j!=i}``
    and ``\\sum_{j \\ne{i}}`` are ``\\sum_{j \\neq i}``."""
    if "\\sum" not in s:
        return s
    s = re.sub(r"(\\sum\s*_\s*)\{\s*\\substack\s*\{([^{}\\]*)\\\\([^{}\\]*(?:\\neq?|\\not\s*=)"
               r"[^{}\\]*)\}\s*\}", r"\1{\2, \3}", s)
    return re.sub(r"(\\sum\s*_\s*\{[^{}]*?)(?:!=|\\neq?\s*\{\s*([a-zA-Z0-9])\s*\})",
                  lambda m: m[1] + (rf"\neq {m[2]}" if m[2] else r"\neq "), s)


def empty_scripts(s: str) -> str:
    """``\\sum_{i}^{}``, ``x_{}``: an empty superscript or subscript carries nothing."""
    return re.sub(r"(?<!\\)[_^]\s*\{\s*\}", "", s)


def double_braces(s: str) -> str:
    """``\\sum_{k=1}^{{n}}``, ``{{x}}``: a group holding only a group is that group."""
    return _repeat(lambda t: (None if (n := re.sub(r"(?<!\\)\{\s*(?<!\\)\{([^{}]*)(?<!\\)\}\s*\}",
                                                   r"{\1}", t, count=1)) == t else n), s)


def braced_letter_entry(s: str) -> str:
    """``\\sum_k {z}_k``, ``\\exp{z}_k``: a letter in braces with a subscript is the entry z_k."""
    s = re.sub(r"(\\(?:exp|log|ln))\s*\{\s*([a-zA-Z])\s*\}(?=\s*_)", r"\1 \2", s)
    return re.sub(r"(?<![a-zA-Z^_\\}])\{\s*([a-zA-Z])\s*\}(?=\s*_)", r" \1", s)


def pi_as_name(s: str) -> str:
    """``\\pi(v)``, ``\\pi_\\theta``, ``\\pi^*``: π with an argument or an index is a name (a
    policy, a distribution), read as ``\\Pi``; a bare ``\\pi`` (the number) is left alone."""
    return re.sub(r"\\pi(?![a-zA-Z])(?=\s*[(_^])", r"\\Pi", s)


def trailing_empty_group(s: str) -> str:
    """A stray ``{}`` after a closing brace at the end of a member carries nothing
    (``\\frac{\\partial y_j}{\\partial z_i}{}``)."""
    return re.sub(r"(?<=[})])\s*\{\s*\}\s*$", "", s)


def function_power(s: str) -> str:
    """``\\exp(z_i)^2``, ``\\log(x)^2`` are the function's value squared, ``(\\exp(z_i))^2``
    (not the exponential of z_i squared)."""
    out, pos = [], 0
    for m in re.finditer(r"\\(?:exp|log|ln)\s*\(", s):
        if m.start() < pos:
            continue
        depth, j = 0, m.end() - 1
        while j < len(s):
            depth += {"(": 1, ")": -1}.get(s[j], 0)
            if depth == 0:
                break
            j += 1
        if j < len(s) and re.match(r"\s*\^", s[j + 1:]):
            out.append(s[pos: m.start()] + "(" + s[m.start(): j + 1] + ")")
            pos = j + 1
    out.append(s[pos:])
    return "".join(out)


def natural_log_base(s: str) -> str:
    """``\\log_e x`` and ``\\log_{e} x`` are ``\\ln x``; ``\\mathop{log}`` is ``\\log``."""
    s = re.sub(r"\\(?:mathop|operatorname|mathrm)\s*\{\s*(log|ln|exp)\s*\}", r"\\\1 ", s)
    return re.sub(r"\\log\s*_\s*(?:\{\s*e\s*\}|e(?![a-zA-Z]))", r"\\ln ", s)


def sum_limits(s: str) -> str:
    """``\\sum_k^K`` is ``\\sum_{k=1}^{K}``; ``\\sum_{j \\in G}``, ``\\sum_{j \\in \\{1..K\\}}``,
    ``\\sum_{\\text{all } k}`` sum over every j; ``\\sum_{j \\neq i}^K`` skips i; the upper
    limit may come first (``\\sum^{K}_{k \\neq i}``); ``\\sum_{K} e^{z_k}`` sums over k;
    ``\\sum_{i \\ne j}^C t_j y_i`` sums over j (the index its summand carries); ``\\sum_{j=1}``
    with no upper limit sums over every j."""
    s = re.sub(r"\\sum\s*\^\s*(\{[^{}]*\}|[A-Za-z0-9])\s*_\s*(\{[^{}]*\}|[A-Za-z0-9])",
               r"\\sum_\2^\1", s)
    # \sum_{K} e^{z_k}: the count written where the index goes, the summand indexed by k
    s = re.sub(r"\\sum\s*_\s*\{?\s*([A-Z])\s*\}?(?!\s*\^)"
               r"(?=\s*[^-+=}\s\\](?:(?!\\sum)[^=+\-}]){0,40}?_\{?\s*(?i:\1)\b"
               r"|\s*\\(?!sum)[a-z]+(?:(?!\\sum)[^=+\-]){0,40}?_\{?\s*(?i:\1)\b)",
               lambda m: rf"\sum_{{{m[1].lower()}}}", s)
    s = re.sub(r"\\sum\s*_\s*\{\s*\\text\s*\{\s*all\s*\}\s*([a-zA-Z])\s*\}", r"\\sum_{\1}", s)
    # \sum_{j=1} e^{z_j}: from 1 with no upper limit written, over every class
    s = re.sub(r"\\sum\s*_\s*\{\s*([a-zA-Z])\s*=\s*1\s*\}(?!\s*\^)", r"\\sum_{\1}", s)
    s = re.sub(r"\\sum\s*_\s*\{\s*([a-zA-Z])\s*\\in\s*(?:\\\{[^{}]*?\\\}|\[[^\]]*\]|"
               r"\\mathcal\{[A-Z]\}|\{[^{}]*\}|[A-Za-z])\s*\}", r"\\sum_{\1}", s)
    s = re.sub(r"\\sum\s*_\s*\{\s*([a-zA-Z])\s*(\\neq?|\\not=)\s*([a-zA-Z0-9])\s*\}\s*\^\s*"
               r"(?:\{\s*[A-Za-z]\s*\}|[A-Za-z])", r"\\sum_{\1 \\neq \3}", s)
    s = re.sub(r"\\sum\s*_\s*(?:\{\s*([a-zA-Z])\s*\}|([a-zA-Z]))\s*\^\s*(?:\{\s*([A-Za-z])\s*\}|"
               r"([A-Za-z]))",
               lambda m: rf"\sum_{{{m[1] or m[2]}=1}}^{{{m[3] or m[4]}}}", s)

    def bound_first(m: re.Match[str]) -> str:
        # -t_i y_i + \sum_{i \ne j} t_j y_i: i is free before the sum and the summand
        # carries j, so j is the one summed over
        term = re.match(r"[^+\-=]{0,60}", s[m.end():])
        body, before = (term.group(0) if term else ""), s[: m.start()]
        a, b = m.group(1), m.group(3)

        def sub(v: str, text: str) -> bool:
            return re.search(r"_\{?\s*" + v + r"(?![a-zA-Z])", text) is not None
        swap = b.isalpha() and sub(b, body) and sub(a, before) and not sub(b, before)
        return rf"\sum_{{{b} \neq {a}}}" if swap else m.group(0)
    return re.sub(r"\\sum_\{([a-zA-Z]) (\\neq?) ([a-zA-Z0-9])\}", bound_first, s)


_DOTS = r"(?:\\dots|\\ldots|\\cdots|\.\.\.|…)"


def _exp_term(var: str, idx: str) -> str:
    """Pattern of ``e^{v_i}`` (``e^{v_{i}}``) with the given letter and index patterns."""
    return r"e\^\{\s*" + var + r"_(?:\{\s*" + idx + r"\s*\}|" + idx + r")\s*\}"


def dots_sums(s: str) -> str:
    """``e^{z_1} + \\dots + e^{z_K}`` is ``\\sum_{k=1}^{K} e^{z_k}``; an open
    ``e^{z_1} + \\dots + e^{z_j} + \\dots`` is the sum over every k, and so is
    ``e^{z_1} + \\dots + e^{z_j} + \\dots + e^{z_n}`` (up to n)."""
    pat = re.compile(_exp_term("([a-zA-Z])", "1") + r"(?:\s*\+\s*" + _exp_term(r"\1", "[0-9]")
                     + r")*\s*\+\s*" + _DOTS + r"(?:\s*\+\s*" + _exp_term(r"\1", "([a-zA-Z])")
                     + r")?(\s*\+\s*" + _DOTS + "(?:\\s*\\+\\s*" + _exp_term(r"\1", "([a-zA-Z])")
                     + ")?)?")

    def repl(m: re.Match[str]) -> str:
        var, last, open_end = m.group(1), m.group(2) or m.group(3), m.group(4)
        if m.group(5) or m.group(6):  # e^{z_1} + … + e^{z_j} + … + e^{z_n}: j is a term
            last, open_end = m.group(5) or m.group(6), None
        k = next(c for c in "kmnlrq" if c != var)
        if last and not open_end and (last.isupper() or last in ("n", "m")):
            return rf"\sum_{{{k}=1}}^{{{last}}} e^{{{var}_{k}}}"
        return rf"\sum_{{{k}}} e^{{{var}_{k}}}"
    return pat.sub(repl, s)


_OPEN, _CLOSE = "{([", "})]"
_INDEX_ONE = re.compile(r"_(?:\{\s*1\s*\}|1)(?![0-9])")


def _group_pieces(s: str, at: int) -> tuple[int, list[tuple[str, int, int]]] | None:
    """The signed pieces (sign, start, end) at the bracket depth of s[at], within the group
    that holds it; None when a relation or an unbalanced bracket is in the way."""
    depth, start = 0, 0
    for i in range(at - 1, -1, -1):  # the opener of the enclosing group
        c = s[i]
        if c in _CLOSE:
            depth += 1
        elif c in _OPEN:
            if depth == 0:
                start = i + 1
                break
            depth -= 1
    pieces, depth, sign, begin, i = [], 0, "+", start, start
    while i < len(s):
        c = s[i]
        if c in _OPEN:
            depth += 1
        elif c in _CLOSE:
            if depth == 0:
                break
            depth -= 1
        elif depth == 0 and c in "+-" and s[begin:i].strip():
            pieces.append((sign, begin, i))
            sign, begin = c, i + 1
        elif depth == 0 and c in "+-":
            sign, begin = c, i + 1
        elif depth == 0 and c in "=&<>":
            return None
        i += 1
    if depth:
        return None
    pieces.append((sign, begin, i))
    return start, pieces


_Pieces = list[tuple[str, int, int]]


_DOTS_LIMIT = 32  # \dots groups looked at, and rewrites made, per member (hostile: bounded)
_DOTS_LENGTH = 20_000  # a longer member is not searched for \dots sums


def _repeat(step: Callable[[str], str | None], s: str) -> str:
    """Apply a one-rewrite step until it finds nothing, at most _DOTS_LIMIT times."""
    if len(s) > _DOTS_LENGTH:
        return s
    for _ in range(_DOTS_LIMIT):
        new = step(s)
        if new is None:
            break
        s = new
    return s


def _dots_groups(s: str) -> Iterator[tuple[re.Match[str], _Pieces, list[str]]]:
    """Each \\dots (the first _DOTS_LIMIT) with the signed pieces of its group and their texts."""
    for n, m in enumerate(re.finditer(_DOTS, s)):
        if n >= _DOTS_LIMIT:
            return
        found = _group_pieces(s, m.start())
        if found is not None:
            yield m, found[1], _piece_texts(s, found[1])


def _piece_texts(s: str, pieces: list[tuple[str, int, int]]) -> list[str]:
    """Each piece's text without spaces around it or a closing ``\\right`` after it."""
    return [re.sub(r"\\(?:right|bigr|Bigr|big|Big)\s*$", "", s[a:b].strip()).strip()
            for _, a, b in pieces]


def _same(a: str, b: str) -> bool:
    """Equal up to spacing and the braces around a one-character subscript."""
    def key(t: str) -> str:
        return re.sub(r"_\{([A-Za-z0-9])\}", r"_\1", re.sub(r"\s+", "", t))
    return key(a) == key(b)


def general_dots_sums(s: str) -> str:
    """``T(1) + T(2) + \\dots + T(n)`` for any term T with the index as a subscript
    (``\\exp(x_1) + \\dots + \\exp(x_n)``, ``y_1 + y_2 + \\dots + y_n``) is
    ``{\\sum_{k=1}^{n} T(k)}``, and ``-T(1) - T(2) - \\dots - T(n)`` is ``-{\\sum …}``; the last
    index is a count (a capital, n, m) or a numeral."""
    return _repeat(_one_dots_sum, s)


def _one_dots_sum(s: str) -> str | None:
    """The first T(1) + … + T(n) rewritten, or None."""
    for m, pieces, texts in _dots_groups(s):
        at = next((i for i, (_, a, b) in enumerate(pieces) if a <= m.start() < b), None)
        if (at is None or not re.fullmatch(_DOTS, texts[at]) or at == 0
                or at + 1 >= len(pieces) or pieces[at][0] != pieces[at + 1][0]):
            continue
        sign = pieces[at][0]  # -T(1) - T(2) - … - T(n) is -Σ T(k): the first sign stays
        first = at - 1
        while first > 0 and pieces[first][0] == sign and not _INDEX_ONE.search(texts[first]):
            first -= 1
        head = texts[first]
        if not _INDEX_ONE.search(head) or any(p[0] != sign for p in pieces[first: at + 2]):
            continue
        letters = set(re.findall(r"(?<![\\a-zA-Z])[a-zA-Z](?![a-zA-Z])",
                                 re.sub(r"\\[a-zA-Z]+", " ", head)))
        k = next((c for c in "kmlrquvw" if c not in letters), None)
        last = re.fullmatch(r"_(?:\{\s*([A-Z]|n|m|[0-9]+)\s*\}|([A-Z]|n|m|[0-9]))",
                            "_" + _last_index(head, texts[at + 1]) if k else "")
        if k is None or last is None:
            continue
        template = _INDEX_ONE.sub("_{" + k + "}", head)
        middle = texts[first + 1: at]
        if not all(_same(template.replace("_{" + k + "}", f"_{{{n}}}"), t)
                   for n, t in enumerate(middle, start=2)):
            continue
        hi = last.group(1) or last.group(2)
        if not _same(template.replace("_{" + k + "}", f"_{{{hi}}}"), texts[at + 1]):
            continue
        a, (_, c, d) = pieces[first][1], pieces[at + 1]
        b = c + s[c:d].index(texts[at + 1]) + len(texts[at + 1])  # before a trailing \right
        summed = rf"{{\sum_{{{k}=1}}^{{{hi}}} {template}}}"
        return s[:a] + " " + summed + " " + s[b:]
    return None


def zero_dots(s: str) -> str:
    """``0 + 0 + \\cdots + e^{z_k} + \\cdots + 0`` (a sum whose other terms are all zero)
    is its one nonzero term."""
    return _repeat(_one_zero_dots, s)


def _one_zero_dots(s: str) -> str | None:
    """The first 0 + … + x + … + 0 rewritten, or None."""
    for _m, pieces, texts in _dots_groups(s):
        rest = [i for i, t in enumerate(texts) if t != "0" and not re.fullmatch(_DOTS, t)]
        if (len(rest) != 1 or len(pieces) < 3 or any(p[0] != "+" for p in pieces)
                or not texts.count("0")):
            continue
        a, (_, c, d) = pieces[0][1], pieces[-1]
        b = c + s[c:d].index(texts[-1]) + len(texts[-1])  # before a trailing \right
        return s[:a] + " " + texts[rest[0]] + " " + s[b:]
    return None


def _last_index(head: str, tail: str) -> str:
    """The subscript that stands in tail where head has its index 1 (first difference)."""
    m = _INDEX_ONE.search(head)
    assert m is not None
    prefix = re.sub(r"\s+", "", head[: m.start()])
    flat = re.sub(r"\s+", "", tail)
    if not flat.startswith(prefix + "_"):
        return ""
    rest = flat[len(prefix) + 1:]
    n = re.match(r"\{[^{}]*\}|[A-Za-z0-9]", rest)
    return n.group(0) if n else ""


_SUM_VAR_RE = re.compile(r"\\sum\s*(?:\^\s*(?:\{[^{}]*\}|\w)\s*)?_\s*\{?\s*([a-z])(?![a-zA-Z])")


def sum_index_calls(s: str) -> str:
    """``\\sum_{j=0}^{C-1} p(j) \\log \\hat{p}(j)``: a letter applied to the sum's own index is
    that entry, ``p_{j}``, ``\\hat{p}_{j}`` (the index is not a number a function takes)."""
    for m in reversed(list(_SUM_VAR_RE.finditer(s))):
        j = m[1]
        head, tail = s[: m.end()], s[m.end():]
        tail = re.sub(r"(?<![\\a-zA-Z])((?:\\hat\s*\{\s*[a-z]\s*\})|[a-z])\s*\(\s*" + j
                      + r"\s*\)", lambda x, j=j: f"{x[1]}_{{{j}}}", tail)
        s = head + tail
    return s


def sigma_as_sum(s: str) -> str:
    """``\\Sigma_{j=1}^{K}`` written with a capital sigma is the sum sign, and so is a bare
    ``\\Sigma`` before a term (``\\Sigma e^{z_i}``, ``\\Sigma {y_i} \\log A_i``: a sum over the
    index of its term); ``\\frac{e^{z_i}}{\\Sigma}``, ``\\Sigma_C`` stay a name."""
    return re.sub(r"\\Sigma(?=\s*(?:_\s*\{[^{}]*=|\^\s*\{?[A-Za-z0-9]+\}?\s*_\s*\{(?:[^{}]*=|"
                  r"\s*\\substack)|_\s*\{\s*\\substack|e\s*\^|"
                  r"\\exp(?![a-zA-Z])|\{\s*[a-zA-Z](?:\s*_|\s*\})|\\frac|[a-zA-Z]\s*_))",
                  r"\\sum", s)


def unindexed_exp_sums(s: str) -> str:
    """``\\sum e^{z}``, ``\\sum_j e^z``: a sum of the exponentials of a vector written
    without its index is ``\\sum_{j} e^{z_{j}}`` (k when no index is named).  Not when the
    exponent is an index letter (``\\sum_i e^i``, the index exponentiated) or when e^z also
    stands outside the sum (``e^z / \\sum e^z``, a whole-vector softmax)."""
    sums = list(_UNINDEXED_EXP_SUM_RE.finditer(s))
    if not sums:
        return s
    alone = len(re.findall(r"e\s*\^\s*(?:\{\s*[a-zA-Z]\s*\}|[a-zA-Z](?![a-zA-Z_{]))", s))
    if alone > len(sums):
        return s

    def repl(m: re.Match[str]) -> str:
        v = m[3] or m[4]
        k = m[1] or m[2] or ("k" if v != "k" else "j")
        if v in "ijklmn" or v == k:
            return m[0]
        return f"\\sum_{{{k}}} e^{{{v}_{{{k}}}}}"
    return _UNINDEXED_EXP_SUM_RE.sub(repl, s)


_UNINDEXED_EXP_SUM_RE = re.compile(
    r"\\sum(?:\s*_\s*(?:\{\s*([a-z])\s*\}|([a-z])))?\s*e\s*\^\s*"
    r"(?:\{\s*([a-zA-Z])\s*\}|([a-zA-Z])(?![a-zA-Z_{]))")


def bare_sum_as_name(s: str) -> str:
    """A bare ``\\sum`` followed by an operator (``e^{z_i}\\sum - …``, ``\\sum^2``) names the
    normaliser (read as the symbol Sigma), and so does ``\\sum_K`` followed by one;
    ``\\sum y_i`` without an index sums over the index of its term."""
    out = []
    pos = 0
    for m in re.finditer(r"\\sum(?![a-zA-Z])", s):
        rest = s[m.end():]
        out.append(s[pos: m.start()])
        pos = m.end()
        r = rest.lstrip()
        named = re.match(r"_\s*(?:\{\s*[A-Z]\s*\}|[A-Z])\s*", r)
        if named and (not r[named.end():] or r[named.end()] in "-+}=)]^,."
                      or r[named.end():].startswith(("\\right", "\\cdot"))):
            # "\sum_K = \sum_{j=1}^K e^{θ_j}", "\frac{e^{θ_i}}{\sum_K}": a name, not a sum
            out.append("\\Sigma ")
            pos = m.end() + (len(rest) - len(r)) + named.end()
            continue
        if r.startswith(("_", "\\limits", "\\nolimits")) or re.match(r"\^\s*\{?[^{}]*\}?\s*_", r):
            out.append(m.group(0))
            continue
        if not r or r[0] in "-+}=)]^,." or r.startswith(("\\right", "\\cdot", "\\\\")):
            out.append("\\Sigma ")
            continue
        idx = re.match(r"[^_]*?[a-zA-Z]_\{?\s*([a-zA-Z])", r)
        out.append(f"\\sum_{{{idx.group(1)}}}" if idx else m.group(0))
    out.append(s[pos:])
    return "".join(out)


def bare_functions(s: str) -> str:
    """``log``, ``ln``, ``exp`` written without a backslash are the functions (also right
    after a one-letter subscript: ``y_klog(p_k)`` is ``y_k \\log(p_k)``, ``\\sum_kexp(o_k)``
    and ``\\sum_{p=1}^qexp(o_p)`` sum ``\\exp(o_k)``; ``\\hat{y}_klogy_k`` is
    ``\\hat{y}_k \\log y_k``)."""
    return re.sub(r"(?:(?<![\\a-zA-Z])|(?<=(?<![\\a-zA-Z])[a-zA-Z]_[a-zA-Z0-9])|(?<=\\sum_[a-z])"
                  r"|(?<=\}_[a-zA-Z0-9])|(?<=\}\^[a-zA-Z0-9]))(log|ln|exp)"
                  r"(?=\s*[({\\]|\s+[a-zA-Z]|[a-zA-Z]_)", r" \\\1 ", s)


def softmax_names(s: str) -> str:
    """``\\text{Softmax}``, ``\\mathrm{softmax}``, bare ``softmax`` are
    ``\\operatorname{softmax}``; softmax of one logit ``softmax(z_i)`` is ``softmax(z)_i``."""
    s = re.sub(r"(?:\\(?:text|mathrm|operatorname|textrm|mathit|mathcal)\s*\{\s*[Ss]oft[Mm]ax\s*\}|"
               r"\\softmax(?![a-zA-Z])|(?<![\\a-zA-Z{])[Ss]oftmax(?![a-zA-Z]))",
               r"\\operatorname{softmax}", s)
    s = re.sub(r"\\operatorname\{softmax\}\s*_\s*\{?\s*([a-z])\s*\}?\s*\(\s*([a-zA-Z]"
               r"(?:\s*[-+]\s*[a-zA-Z0-9])?)\s*\)",
               r"\\operatorname{softmax}(\2)_\1", s)  # softmax_j(x), softmax_j(x + c)
    return re.sub(r"\\operatorname\{softmax\}\s*\(\s*(?:\\mathbf\{)?([a-zA-Z])\}?_\{?\s*"
                  r"([a-zA-Z0-9])\s*\}?\s*\)", r"\\operatorname{softmax}(\1)_\2", s)


def decorations(s: str) -> str:
    """``\\vec{z}``, ``\\mathbf{z}``, ``\\textbf{z}``, ``\\boldsymbol z``, ``\\bm{z}``,
    ``\\mathbb{z}`` are the letter z; ``\\mathbf{\\hat{y}}`` is ``\\hat{y}``; ``\\hat{y_i}``
    is ``\\hat{y}_i``."""
    s = re.sub(r"\\(?:vec|mathbf|boldsymbol|bm|pmb|mathit|mathsf)\s*\{\s*(\\(?:hat|tilde|bar)\s*"
               r"\{?\s*[a-zA-Z]\s*\}?)\s*\}", r"\1", s)
    s = re.sub(r"\\(?:vec|boldsymbol|bm|pmb|mathit|mathsf)\s*\{\s*([a-zA-Z]|\\(?:sigma|pi|phi|mu|"
               r"theta|alpha|beta))\s*\}", r"\1", s)  # \boldsymbol{\sigma} is \sigma too
    s = re.sub(r"\\(?:mathbf|textbf)\s*\{\s*([a-zA-Z])\s*\}", r"\1", s)  # \textbf{z} in math
    s = re.sub(r"\\(?:vec|boldsymbol|bm|mathbf)\s+([a-zA-Z])", r"\1", s)
    s = re.sub(r"\\mathcal\s+([A-Z])(?![a-zA-Z])", r"\\mathcal{\1}", s)  # \mathcal L
    # \mathbb{x}, \mathbb{\theta}, \mathbb{\hat{y}}: blackboard bold on a lowercase letter is
    # the author's bold vector (\mathbb{R} stays the reals)
    s = re.sub(r"\\mathbb\s*\{\s*((?:\\(?:hat|tilde|bar)\s*\{\s*)?(?:[a-z]|\\[a-z]+)"
               r"(?:\s*\})?)\s*\}", r"\1", s)
    return re.sub(r"\\(hat|tilde|bar)\s*\{\s*([a-zA-Z])\s*_\s*(\{[^{}]*\}|[a-zA-Z0-9])\s*\}",
                  r"\\\1{\2}_\3", s)


_VECTOR_ARG = r"(?:\\(?:mathbf|vec|boldsymbol|bm)\s*\{?\s*[a-zA-Z]\s*\}?|[a-zA-Z])"


def subscript_after_bracket(s: str) -> str:
    """``\\sigma(\\mathbf z)_i`` and ``[\\sigma(a)]_i`` are the i-th output ``\\sigma_i``;
    ``S_i(z)``, ``\\sigma_i(\\mathbf z)`` (an output with its argument vector) are ``S_i``."""
    name = r"(\\[a-zA-Z]+|[a-zA-Z])"
    idx = r"(\{[^{}]*\}|[a-zA-Z0-9])"
    s = re.sub(r"\[\s*" + name + r"\s*\(\s*" + _VECTOR_ARG + r"\s*\)\s*\]\s*_\s*" + idx,
               lambda m: m[1] + "_" + m[2] if m[1] != r"\operatorname" else m[0], s)
    s = re.sub(r"(?<![a-zA-Z}])" + name + r"\s*\(\s*" + _VECTOR_ARG + r"\s*\)\s*_\s*" + idx,
               lambda m: m[0] if m[1] in (r"\operatorname", r"\exp", r"\log", r"\ln")
               else m[1] + "_" + m[2], s)
    return re.sub(r"(?<![a-zA-Z\\])(\\[a-zA-Z]+|[a-zA-Z])_\s*(\{[^{}]*\}|[a-zA-Z0-9])\s*\(\s*"
                  + _VECTOR_ARG + r"\s*\)(?!\s*[_^])",
                  lambda m: m[0] if m[1] in (r"\exp", r"\log", r"\ln", r"\delta")
                  else m[1] + "_" + m[2], s)


_T_MARK = r"(?:\\mathsf\s*\{?\s*T\s*\}?|\\mathrm\s*\{\s*T\s*\}|T|\\top|\\intercal)"
_TRANSPOSE = r"\^\s*(?:\{\s*" + _T_MARK + r"\s*\}|T|\\top|\\intercal)"
_SPACE = r"(?:\s|\\[,;:!]|\\quad)*"
_DIAG = (r"(?:\\operatorname\s*\{\s*[dD]iag\s*\}|\\mathrm\s*\{\s*[dD]iag\s*\}"
         r"|\\text\s*\{\s*[dD]iag\s*\}|[dD]iag)")
_PAIR = r"_\s*\{\s*([a-zA-Z0-9])\s*,?\s*([a-zA-Z0-9])\s*\}"


_NUMERIC = re.compile(r"(?:[\s\d.,;+\-()\[\]&]|\\\\|\\(?:begin|end)\{[pbv]?matrix\}|\\[,;!]|"
                      r"\\left|\\right|\\quad|\\approx|\\dots|\\ldots|\\cdots)*")


def is_numeric(member: str) -> bool:
    """Only numbers: a value, a tuple (1, 2, 0.5) or a matrix of numbers."""
    return bool(re.search(r"\d", member)) and bool(_NUMERIC.fullmatch(member.strip()))


def is_vector_form(member: str, gradient: bool = False) -> bool:
    """Whole-vector notation without entries: ⊙, a transposed letter, the ones vector, and
    with ``gradient`` ∇_v (entries such as (y yᵀ)_{ij} and diag(y)_{ij} are read, not skipped;
    ∇_z L alone is read entry by entry like ∂L/∂z)."""
    member = matrix_entries(member)
    if re.search(r"\)\s*_\s*(?:\{[^{}]*\}|[a-zA-Z0-9])\s*$", member):
        return False  # (…)_j: one entry of a vector expression, read as such
    if gradient and re.search(r"\\nabla(?!\s*_\s*\{\s*[a-zA-Z]+\s*_)", member):
        return True  # not ∇_{z_i}: one entry
    return bool(re.search(r"\\odot|\\circ(?![a-z])|\\mathbf\s*\{?\s*1\s*\}?"
                          r"|(?<![_a-zA-Z\\])[a-zA-Z]\s*\^\s*\{?\s*(?:\\mathsf\s*\{?\s*T|T\b|\\top)",
                          member))


def matrix_entries(s: str) -> str:
    """``\\operatorname{diag}(y)_{ij}`` → ``\\delta_{ij} y_{i}``; ``(y\\,y^{\\mathsf T})_{ij}`` →
    ``y_{i} y_{j}``: entries of diag(y) and of the outer product y yᵀ."""
    s = re.sub(_DIAG + r"\s*\(\s*([a-zA-Z])\s*\)\s*" + _PAIR,
               lambda m: f"\\delta_{{{m[2]}{m[3]}}} {m[1]}_{{{m[2]}}}", s)
    return re.sub(r"\(\s*([a-zA-Z])" + _SPACE + r"\1\s*" + _TRANSPOSE + r"\s*\)\s*" + _PAIR,
                  lambda m: f"{m[1]}_{{{m[2]}}} {m[1]}_{{{m[3]}}}", s)


_VEC = r"([a-zA-Z]|\\sigma|\\(?:hat|tilde|bar)\s*\{\s*[a-zA-Z]\s*\}|\\(?:hat|tilde|bar)\s+[a-zA-Z])"
_JACOBIAN = re.compile(r"^\s*\\frac\s*\{\s*\\partial\s*" + _VEC + r"\s*\}\s*\{\s*\\partial\s*"
                       + _VEC + r"\s*\}\s*$")


def _vec_entry(v: str, ix: str) -> str:
    """The entry of a vector written y, \\sigma or \\hat{y}: ``y_{i}``, ``\\hat{y}_{i}``."""
    m = re.fullmatch(r"\\(hat|tilde|bar)\s*\{?\s*([a-zA-Z])\s*\}?", v)
    return f"\\{m[1]}{{{m[2]}}}_{{{ix}}}" if m else f"{v}_{{{ix}}}"


def matrix_equation(members: list[str]) -> list[str] | None:
    """``J = \\operatorname{diag}(y) - y\\,y^{\\mathsf T}`` (a matrix identity) → its (i, j) entry:
    ``J_{ij} = \\delta_{ij} y_{i} - y_{i} y_{j}``; a Jacobian ∂p/∂z of vectors → ∂p_i/∂z_j (its
    other members must then be sums of diag(v) and v vᵀ, symmetric, so that the layout of the
    Jacobian does not matter); None when no member is such a matrix form."""
    diag = re.compile(_DIAG + r"\s*\(\s*" + _VEC + r"\s*\)(?!\s*_)")
    outer = re.compile(r"(?<![a-zA-Z_\\])" + _VEC + _SPACE + r"\1\s*" + _TRANSPOSE)
    members = [decorations(m) for m in members]  # \mathbf{J} = diag(\mathbf{p}) - \mathbf{p}…
    if not any(diag.search(m) or outer.search(m) for m in members):
        return None
    if any(re.search(r"_\s*\{[^}]*[ij]|_\s*[ij]|(?<![\\a-zA-Z])[ij](?![a-zA-Z])",
                     m.replace("diag", "")) for m in members):
        return None  # the letters i, j are taken: not rewritten
    out, forms, jacobian = [], [], False
    for m in members:
        jac = _JACOBIAN.match(m)
        if jac:
            jacobian = True
            out.append(f"\\frac{{\\partial {_vec_entry(jac[1], 'i')}}}"
                       f"{{\\partial {_vec_entry(jac[2], 'j')}}}")
            continue
        if diag.search(m) or outer.search(m):
            m = diag.sub(lambda x: f"\\delta_{{ij}} {_vec_entry(x[1], 'i')}", m)
            m = outer.sub(lambda x: f"{_vec_entry(x[1], 'i')} {_vec_entry(x[1], 'j')}", m)
            forms.append(m)
        m = re.sub(r"^\s*([A-Z])\s*$", lambda x: f"{x[1]}_{{ij}}", m)
        out.append(m)
    if jacobian and not all(_symmetric_form(m) for m in forms):
        return None  # ∂p/∂z = diag(p) W: a layout and a matrix product not read here
    return out


def _symmetric_form(m: str) -> bool:
    """Only δ_ij, entries v_i / v_j, numbers, signs and brackets: a sum of diag(v) and v vᵀ."""
    rest = re.sub(r"\\delta_\{ij\}|\\(?:hat|tilde|bar)\{[a-zA-Z]\}_\{[ij]\}|(?:\\sigma|[a-zA-Z])"
                  r"_\{[ij]\}|\\left|\\right|\\[,;!]|[\s\d.+\-()\[\]]", "", m)
    return rest == ""


_LOSS = r"(\\mathcal\s*\{\s*[LEJ]\s*\}|\\ell|[LEJCH]|l)"


def loss_subscripts(s: str) -> str:
    """``L_{\\text{CE}}``, ``\\mathcal{L}_{\\mathrm{CCE}}``, ``L_{CE}``: a loss named with a word
    subscript is the loss L (not ``L_{\\text{avg}}``, ``L_{total}``: another quantity)."""
    return re.sub(r"(?<![a-zA-Z\\_^])(L|E|J|\\mathcal\s*\{\s*L\s*\})\s*_\s*\{\s*(?:"
                  r"\\(?:text|mathrm|rm)\s*\{\s*(?!(?i:avg|mean|total|sum|batch|tot)\s*\})[A-Za-z]{2,}"
                  r"\s*\}|[A-Z]{2,4})\s*\}", r"\1", s)


def argument_lists(s: str) -> str:
    """``L(y, t)``, ``E(\\vec y, \\vec t)``, ``\\mathcal{L}(z)``, ``H(y, \\hat y)``: a loss
    written with its arguments is the loss (not when one formula applies it to two different
    argument lists, ``(1-a) CE(y, q) + a CE(p, q)``: two losses)."""
    arg = r"(?:\\[a-zA-Z]+\s*\{?\s*[a-zA-Z]\s*\}?|[a-zA-Z]|\\theta)"
    calls = re.compile(r"(?<![a-zA-Z\\_^])" + _LOSS + r"\s*\(\s*(" + arg + r"(?:\s*,\s*" + arg
                       + r")*)\s*\)")
    seen: dict[str, set[str]] = {}
    for m in calls.finditer(s):
        seen.setdefault(re.sub(r"\s", "", m[1]), set()).add(re.sub(r"\s", "", m[2]))
    if any(len(v) > 1 for v in seen.values()):
        return s
    s = re.sub(r"(?<![a-zA-Z\\_^])" + _LOSS + r"\s*\(\s*" + arg + r"(?:\s*,\s*" + arg
               + r")+\s*\)", r"\1", s)
    return re.sub(r"(?<![a-zA-Z\\_^])(\\mathcal\s*\{\s*[LEJ]\s*\})\s*\(\s*" + arg + r"\s*\)",
                  r"\1", s)


def bold_expressions(s: str) -> str:
    """``\\mathbf{-S_i S_j}`` (an expression set in bold) is the expression."""
    for _ in range(10):
        m = re.search(r"\\(?:mathbf|boldsymbol|bm)\s*\{(?!\s*[a-zA-Z0-9]\s*\})", s)
        if not m:
            return s
        end = match_brace(s, m.end() - 1)
        if end < 0:
            return s
        s = s[: m.start()] + "{" + s[m.end(): end] + "}" + s[end + 1:]
    return s


def misnested_groups(s: str) -> str:
    """``({-\\sum_j y_k \\log {p_k})}``: a brace group opened inside a parenthesis and closed
    after it is read as closing inside it, ``({…})``."""
    out = list(s)
    stack: list[tuple[str, int]] = []
    i = 0
    while i < len(out):
        c = out[i]
        if c == "\\":
            i += 2
            continue
        if c in "({":
            stack.append((c, i))
        elif c in ")}":
            want = "(" if c == ")" else "{"
            if stack and stack[-1][0] == want:
                stack.pop()
            elif (c == ")" and len(stack) >= 2 and stack[-1][0] == "{" and stack[-2][0] == "("
                  and i + 1 < len(out) and out[i + 1] == "}"):
                out[i], out[i + 1] = "}", ")"
                stack.pop()
                stack.pop()
                i += 2
                continue
        i += 1
    return "".join(out)


def extremum_names(s: str) -> str:
    """``\\max_k z_k``, ``\\max(z)``, ``max(z_1, …, z_m)``, ``\\max\\{z_1, …\\}`` name one
    number (read as the symbol M), and so do ``z_{\\max}``, ``z_{\\text{max}}``: the steps
    that use it are checked for every value of it."""
    s = re.sub(r"(?<![\\a-zA-Z])[a-zA-Z]\s*_\s*\{\s*(?:\\(?:text|mathrm|rm|operatorname)\s*\{\s*"
               r"(?:max|min)\s*\}|\\?(?:max|min))\s*\}", r" \\Xi ", s)
    s = re.sub(r"(?:\\|(?<![a-zA-Z]))(?:max|min)(?![a-zA-Z])\s*"
               r"(?:_\s*(?:\{[^{}]*\}|[a-zA-Z])\s*)?(?:\([^()]*\)|\\\{[^{}]*?\\\}|"
               r"[a-zA-Z](?:_\{?[a-zA-Z0-9]\}?)?)", r" \\Xi ", s)
    return s


def operator_on_constant(s: str) -> str:
    """``\\frac{\\partial}{\\partial z_j} \\frac{1}{2} (t_j - y_j)^2``: an operator followed
    by a number applies to the number times the rest of the product."""
    m = re.match(r"(\s*[-+]?\s*\\frac\s*\{\s*\\partial\s*\}\s*\{\s*\\partial\s*[^{}]*"
                 r"(?:\{[^{}]*\}[^{}]*)*\})\s*(\\frac\s*\{\s*\d+\s*\}\s*\{\s*\d+\s*\}|\d+)"
                 r"(?![\d.])(.+)$", s, re.S)
    if not m or _top_level_sum(m.group(3)):
        return s
    return f"{m.group(1)}\\left({m.group(2)} {m.group(3)}\\right)"


def _top_level_sum(s: str) -> bool:
    """Does s have a + or - outside every bracket (so it is more than one product)?"""
    depth = 0
    for i, c in enumerate(s):
        if c in "({[":
            depth += 1
        elif c in ")}]":
            depth -= 1
        elif c in "+-" and depth == 0 and s[:i].strip():
            return True
    return False


def jacobian_names(s: str) -> str:
    """``\\mathbf{J}_\\mathbf{x}(\\mathbf{s})``, ``J_{z}(y)`` (the Jacobian of y by z, named
    with both vectors) is the one matrix J."""
    return re.sub(r"(?<![\\a-zA-Z])J\s*_\s*(?:\{\s*[a-zA-Z]\s*\}|[a-zA-Z])\s*\(\s*[a-zA-Z]\s*\)",
                  "J", s)


def multi_letter_names(s: str) -> str:
    """``Loss``, ``CE``, ``NLL``, ``Cost`` (also in ``\\text{}``/``\\mathrm{}``) are one name,
    not a product of letters."""
    s = re.sub(r"(?<![_{])(?<!_\{)\\(?:text|mathrm|operatorname|textrm)\s*\{\s*"
               r"(Loss|loss|Cost|cost|CE|NLL|XE)\s*\}",
               r"\\mathcal{L}", s)
    return re.sub(r"(?<![\\a-zA-Z{])(Loss|loss|Cost|cost|CE|NLL|XE)(?![a-zA-Z])",
                  r"\\mathcal{L}", s)


def dot_products(s: str) -> str:
    """``y_i.p_i``, ``\\frac{a}{b} . \\frac{c}{d}``, ``\\frac{y_i}{A_i}.{A_i}``: a dot between two
    factors is a product (not the point of a decimal, not ``./``)."""
    return re.sub(r"(?<=[a-zA-Z0-9})])[ \t]{0,3}\.[ \t]{0,3}(?=[a-zA-Z({]|\\(?!end|right|text|\\))",
                  r" \\cdot ", s)


def prime_power(s: str) -> str:
    """``(…)^{\\prime}``, ``^\\prime`` and ``g\\prime(x)`` are primes ``'``."""
    s = re.sub(r"\^\s*\{?\s*\\prime\s*\}?", "'", s)
    return re.sub(r"(?<![a-zA-Z\\])([a-zA-Z])\s*\\prime(?![a-zA-Z])", r"\1'", s)


PRIME_VAR = "\\primevar"  # the variable of a prime written without one, bound by learn()


def group_primes(s: str) -> str:
    """``\\left(\\frac{e^{z_j}}{\\sum_k e^{z_k}}\\right)'``, ``(e^{z_k})'``: the derivative of the
    bracket by a variable the text does not write (``\\primevar``, bound to the one the chain
    differentiates by, or unread)."""
    out = s
    for _ in range(20):
        m = re.search(r"(\\right\s*)?\)\s*'", out)
        if m is None:
            return out
        depth, start = 0, -1
        for j in range(m.start() - 1, -1, -1):
            if out[j] == ")":
                depth += 1
            elif out[j] == "(":
                if depth == 0:
                    start = j
                    break
                depth -= 1
        if start < 0:
            return out
        left = re.search(r"\\left\s*$", out[:start])
        begin = left.start() if left else start
        inner = out[start + 1: m.start()]
        out = (out[:begin] + "\\frac{\\partial}{\\partial " + PRIME_VAR + "}\\left(" + inner
               + "\\right)" + out[m.end():])
    return out


def letter_primes(s: str) -> str:
    """``u'`` with no argument (the quotient rule ``(u/v)' = (u'v - uv')/v^2``): the derivative
    of u by a variable the text does not write, ``\\frac{\\partial u}{\\partial \\primevar}``
    (learn() reads u, v as generic functions of one fresh variable)."""
    return re.sub(r"(?<![a-eik-tw-zA-Z\\])([fghuv])'(?!\s*[('])",  # uv': after u too
                  lambda m: "\\frac{\\partial " + m[1] + "}{\\partial " + PRIME_VAR + "}", s)


def primes(s: str) -> str:
    """``f'(x)``, ``\\sigma'(x)`` are the derivative of f at x,
    ``\\frac{\\partial f(x)}{\\partial x}``."""
    return re.sub(r"(?<![a-zA-Z\\])([a-zA-Z]|\\(?:sigma|phi|psi|varphi|tau))'\s*"
                  r"\(\s*([a-zA-Z])\s*\)",
                  r"\\frac{\\partial \1(\2)}{\\partial \2}", s)


def class_labels(s: str) -> str:
    """``f_{y_i}``, ``\\sum_{j \\neq y_i}``, ``\\delta_{k y_i}``, ``1(y_i = k)``: y_i used as an
    index is the class of example i (CS231n's notation), read as the class index ``c``."""
    def group(m: re.Match[str]) -> str:
        return "_{" + re.sub(CLASS_LABEL, "c", m[1]) + "}"
    s = re.sub(r"_\{((?:[^{}]|\{[^{}]*\})*" + CLASS_LABEL + r"(?:[^{}]|\{[^{}]*\})*)\}", group, s)
    s = re.sub(CLASS_LABEL + rf"({_S3}{IND_EQ})", r"c\1", s)
    return re.sub(rf"({IND_EQ}{_S3})" + CLASS_LABEL, r"\1c", s)


def indicators(s: str) -> str:
    """``1\\{i=j\\}``, ``1\\lbrace i=j\\rbrace``, ``\\mathbb{1}(i=j)``, ``\\{i=j\\}``, Iverson's
    ``[i=j]`` are the Kronecker delta ``\\delta_{ij}``."""
    if IND_EQ not in s:
        return _subscript_indicators(s)
    s = re.sub(rf"{_ONE}?{_S3}_?{_S3}(?:\\lbrace|\\left{_S3}\\\{{|\\\{{){_S3}([a-zA-Z]){_S3}"
               + IND_EQ + rf"{_S3}([a-zA-Z]){_S3}(?:\\rbrace|\\right{_S3}\\\}}|\\\}})",
               r"\\delta_{\1\2}", s)
    s = re.sub(rf"{_ONE}{_S3}_?{_S3}[(\[]{_S3}([a-zA-Z]){_S3}" + IND_EQ
               + rf"{_S3}([a-zA-Z]){_S3}[)\]]", r"\\delta_{\1\2}", s)
    s = re.sub(rf"{_ONE}{_S3}_{_S3}\{{{_S3}(\\delta_\{{[a-zA-Z]{{2}}\}}){_S3}\}}", r"\1", s)
    s = re.sub(rf"(?<![a-zA-Z_^}}1])\[{_S3}([a-z]){_S3}\{{?{_S3}" + IND_EQ  # Iverson's [i=j]
               + rf"{_S3}\}}?{_S3}([a-z]){_S3}\]", r"\\delta_{\1\2}", s)
    return _subscript_indicators(s)


SUBSCRIPT_INDICATOR_RE = re.compile(
    rf"{_ONE}{_S3}_{_S3}\{{{_S3}([a-zA-Z]){_S3}={_S3}([a-zA-Z]){_S3}\}}")  # 1_{i=j}


def _subscript_indicators(s: str) -> str:
    """``1_{i=j}``, ``\\mathbb{1}_{i=j}`` are ``\\delta_{ij}``; ``1_{i \\neq j}`` is
    ``(1 - \\delta_{ij})``."""
    if "_" not in s:
        return s
    s = SUBSCRIPT_INDICATOR_RE.sub(r"\\delta_{\1\2}", s)
    return re.sub(rf"{_ONE}{_S3}_{_S3}\{{{_S3}([a-zA-Z]){_S3}(?:\\neq?(?![a-zA-Z])|\\not{_S3}=)"
                  rf"{_S3}([a-zA-Z]){_S3}\}}", r"(1 - \\delta_{\1\2})", s)


def star_names(s: str) -> str:
    """``y^*_j``, ``y^{*}_i`` (the true distribution): the star names a quantity of its own,
    read as ``\\check{y}`` (not a power)."""
    return re.sub(r"(?<![a-zA-Z\\])([a-zA-Z])\s*\^\s*(?:\{\s*\*\s*\}|\*)", r"\\check{\1}", s)


def call_on_entry(s: str) -> str:
    """``\\sigma(z_i)``, ``\\phi(z_j)``, ``s(z_i)``, ``S(x_j)``: the softmax applied "at" one logit
    is its output entry ``\\sigma_i``; ``y_i(z_i)`` (an entry as a function of its logit) is
    ``y_i``."""
    s = re.sub(r"(?<![a-zA-Z\\])(\\sigma|\\phi|\\varphi|s|S)\s*(?:\\left\s*)?\(\s*[a-zA-Z]_\s*"
               r"(\{\s*[a-zA-Z0-9]\s*\}|[a-zA-Z0-9])\s*(?:\\right\s*)?\)", r"\1_\2", s)
    # q_i(z), p_i(x): an entry written as a function of a whole vector is the entry
    s = re.sub(r"(?<![a-zA-Z\\])([a-zA-Z])_(\{\s*[a-z]\s*\}|[a-z])\s*\(\s*(?:\\mathbf\s*\{\s*)?"
               r"[a-zA-Z](?:\s*\})?\s*\)", r"\1_\2", s)
    # y_i(z_i): the entry written as a function of its own logit is the entry y_i
    return re.sub(r"(?<![a-zA-Z\\])([a-zA-Z])_(\{\s*[a-z]\s*\}|[a-z])\s*\(\s*[a-zA-Z]_"
                  r"(?:\{\s*([a-z])\s*\}|([a-z]))\s*\)",
                  lambda m: (f"{m[1]}_{m[2]}" if (m[3] or m[4]) == m[2].strip("{} ")
                             else m.group(0)), s)


def operator_dot(s: str) -> str:
    """``\\frac{\\partial}{\\partial z_j} \\cdot \\sum …``: a dot after a derivative operator
    is no product; the operator applies to what follows."""
    return re.sub(r"(\\frac\s*\{\s*\\partial\s*\}\s*\{\s*\\partial\s*[^{}]*(?:\{[^{}]*\}[^{}]*)*\})"
                  r"\s*(?:\\cdot|\*)", r"\1 ", s)


def text_conditions(s: str) -> str:
    """``\\text{i = j}``, ``\\text {i $\\neq$ j}``, ``\\text{if i=j}``: an index condition
    written as words is the condition ``i = j`` (as a cases row reads it)."""
    def repl(m: re.Match[str]) -> str:
        op = m.group(3) or m.group(4)
        op = "=" if op == "=" else "\\neq"
        lead = f"\\text{{{m.group(1).strip()} }} " if m.group(1) else ""
        return f"{lead}{m.group(2)} {op} {m.group(5)}"
    w = r"\s{0,8}"  # bounded blanks: linear on hostile input (issue 10)
    return re.sub(rf"\\text{w}\{{{w}((?:if|for|when)\s{{1,8}})?\$?{w}([a-z]){w}(?:\${w}"
                  rf"(\\neq?|=){w}\$|(=|\\neq?|≠)){w}([a-z]){w}[,.;]?{w}\$?{w}[,.;]?{w}\}}",
                  repl, s)


def bracket_indices(s: str) -> str:
    """``y[n]``, ``x[k]`` (array notation): the index in brackets is a subscript ``y_{n}``;
    ``\\sum_{}^{}`` with empty limits is a bare ``\\sum``."""
    s = re.sub(r"\\sum\s*_\s*\{\s*\}(?:\s*\^\s*\{\s*\})?", r"\\sum ", s)
    s = re.sub(r"\)\s*\[\s*([a-zA-Z])\s*\]", r")_{\1}", s)  # softmax(x)[i]
    return re.sub(r"(?<![a-zA-Z\\])([a-zA-Z])\s*\[\s*([a-zA-Z])\s*\]", r"\1_{\2}", s)


_LAYER = r"(?:\{\s*(?:\[[A-Za-z]\]|\([A-Z]\)|[A-SU-Z])\s*\}|\[[A-Za-z]\]|[A-SU-Z])(?![a-zA-Z])"


def layer_superscripts(s: str) -> str:
    """``a_i^L``, ``\\Delta_j^L``, ``z_{j}^{[L]}``, ``z^{[L]}_i``: a capital (not T) or bracketed
    superscript on an entry labels the layer, the same throughout; it is dropped (``a_i``)."""
    s = re.sub(r"(?<![a-zA-Z\\])([a-zA-Z])\s*\^\s*(?:\{\s*\[[A-Za-z]\]\s*\}|\[[A-Za-z]\])\s*_",
               r"\1_", s)
    return re.sub(r"(?<![a-zA-Z\\])([a-zA-Z]|\\(?:Delta|delta|sigma|theta|phi|psi|epsilon))_"
                  r"(\{[^{}]*\}|[a-zA-Z0-9])\s*\^\s*" + _LAYER, r"\1_\2", s)


def braced_partials(s: str) -> str:
    """``\\partial{\\hat{y}_{i}}`` is ``\\partial \\hat{y}_{i}`` (a group holding ``\\over`` is
    kept: it is the fraction); ``\\mathrm{e}`` is the number e."""
    s = re.sub(r"\\mathrm\s*\{\s*e\s*\}", "e", s)
    return re.sub(r"\\partial\s*\{((?:[^{}]|\{(?:[^{}]|\{[^{}]*\})*\})*)\}",
                  lambda m: m[0] if "\\over" in m[1] else f"\\partial {m[1]}", s)


def loose_deltas(s: str) -> str:
    """``\\delta{ij}`` (the underscore left out) is the Kronecker delta ``\\delta_{ij}``;
    ``\\delta_{21}`` of two digits is δ at the classes 2 and 1 (a delta has two indices)."""
    s = re.sub(r"\\delta\s*_\s*\{\s*([1-9])([1-9])\s*\}", r"\\delta_{\1 \2}", s)
    return re.sub(r"\\delta\s*\{\s*([a-z])\s*,?\s*([a-z])\s*\}", r"\\delta_{\1\2}", s)


def brace_cases(s: str) -> str:
    """``\\left\\{ \\begin{array}{ll} a & \\text{if } i=j \\\\ b & \\text{if otherwise}
    \\end{array}\\right.`` (also ``matrix``, or the environment already blanked) is a ``cases``;
    a condition wrapped in braces (``{\\text { if } k=i}``) is the condition."""
    env = r"\{(?:array|matrix|aligned)\}"
    m = re.search(r"\\left\s*\\\{\s*(?:\\begin\s*" + env + r"(?:\s*\{[a-z|]*\})?)?", s)
    if m is None:
        return s
    end = re.search(r"(?:\\end\s*" + env + r")?\s*(?:\\right\s*\.\s*|$)", s[m.end():])
    if end is None or "&" not in s[m.end(): m.end() + end.start()]:
        return s
    body = s[m.end(): m.end() + end.start()]
    body = re.sub(r"\\text\s+\{", r"\\text{", body)
    body = re.sub(r"&\s*\{\s*((?:\\text\s*\{[^{}]*\}|[^{}])*)\}", r"& \1", body)
    return (s[: m.start()] + "\\begin{cases}" + body + "\\end{cases}"
            + s[m.end() + end.end():])


def cases_paren_conditions(s: str) -> str:
    """``a & (i = j) \\\\ b & (i \\neq j)``: a cases row's condition in parentheses is the
    condition ``& i = j``."""
    if "\\begin{cases}" not in s:
        return s
    return re.sub(r"&(\s*)\(\s*([a-zA-Z])\s*(=|\\neq?(?![a-zA-Z])|\\not\s*=)\s*([a-zA-Z])\s*\)",
                  r"&\1\2 \3 \4", s)


def exp_subscript_slip(s: str) -> str:
    """``e^a_i`` (braces left out): the exponent is the entry, ``e^{a_i}``."""
    return re.sub(r"(?<![a-zA-Z\\])e\s*\^\s*([a-zA-Z])\s*_\s*(\{[^{}]{1,8}\}|[a-zA-Z0-9])",
                  r"e^{\1_\2}", s)


def exp_power(s: str) -> str:
    """``\\exp^{x_j}`` (\\exp written as the base of a power) is e^{x_j}."""
    return re.sub(r"\\exp\s*\^", "e^", s)


def part_alias(s: str) -> str:
    """``\\part`` (KaTeX's alias) is ``\\partial``."""
    return re.sub(r"\\part(?![a-zA-Z])", r"\\partial", s)


def leading_connectives(s: str) -> str:
    """``and \\sum_i q_i`` (a word typed in math without ``\\text``): a connective that
    opens the member is prose, not the product a·n·d."""
    return re.sub(r"^\s*(?:and|or|then|thus|hence|so|where|with)\s+(?=[\\\w(])", "", s)


def cases_missing_ampersand(s: str) -> str:
    """``1 \\hspace{30pt} \\text{if y=i} \\\\ 0 \\text{otherwise}``: a cases row without ``&``
    whose condition is in words starts the condition at the word (``1 & \\text{if y=i}``, also
    ``\\text{ , if} i = j``)."""
    m = re.search(r"\\begin\{cases\}(.*?)\\end\{cases\}", s, re.S)
    if m is None or "&" in m.group(1):
        return s
    rows = re.sub(r"(\S)\s*(\\text\s*\{\s*(?:,\s*)?(?:if|for|when|otherwise|else)\b)", r"\1 & \2",
                  m.group(1))
    return s[: m.start(1)] + rows + s[m.end(1):]


def cases_row_semicolons(s: str) -> str:
    """``p_i(1 - p_j) & \\text{if } i = j; \\\\ …``: a semicolon (or comma) that ends a row of a
    ``cases`` is punctuation, not part of the condition."""
    m = re.search(r"\\begin\{cases\}(.*?)\\end\{cases\}", s, re.S)
    if m is None:
        return s
    rows = re.sub(r"[;,]\s*(?=\\\\|$)", " ", m.group(1))
    return s[: m.start(1)] + rows + s[m.end(1):]


def cases_if_columns(s: str) -> str:
    """``p_i(1-p_j) & if & i=j``: 'if' typed as a column of its own is the condition's word
    (``& \\text{if } i=j``); so is a bare ``& if\\ \\ i=j`` (the word typed in math)."""
    s = re.sub(r"&\s*(?:if|for|when)\s*&", r"& \\text{if } ", s)
    return re.sub(r"&\s{0,4}(?:if|for|when)(?:\s|\\[ ,;:]|~){1,8}"
                  r"(?=[a-zA-Z]\s{0,3}(?:=|\\ne|\\not))", r"& \\text{if } ", s)


def case_subscripts(s: str) -> str:
    """``y_{k=i}`` is y_k at k = i, that is ``y_{i}``; ``y_{k \\not= i}`` (``\\neq``) is
    ``y_{k}`` (the case k != i is the prose's); a sum's own subscript is left alone."""
    def repl(m: re.Match[str]) -> str:
        before = s[max(0, m.start() - 40): m.start()]
        if _SUM_BEFORE_RE.search(before):
            return m.group(0)  # \sum_{k=1}, \sum^{K}_{k \neq i}: bounds, not a case
        if re.search(rf"(?:{_ONE}|\\mathbb{_S3}\{{{_S3}I{_S3}\}})\s*$", before):
            return m.group(0)  # \mathbb{1}_{i=j}: an indicator (read by indicators)
        return f"_{{{m[1] or m[2]}}}"
    return _CASE_SUB_RE.sub(repl, s)


_SUM_BEFORE_RE = re.compile(r"\\(?:sum|prod)\s*(?:\^\s*(?:\{[^{}]*\}|\w))?\s*$")
_CASE_SUB_RE = re.compile(r"_\{\s*(?:[a-z]\s*=\s*([a-z])|([a-z])\s*(?:\\not\s*=|\\neq?(?![a-zA-Z]))"
                          r"\s*([a-z]))\s*\}")


def subscript_cases(s: str) -> tuple[tuple[str, str, str], ...]:
    """The case a side writes in a subscript: ``\\partial z_{r \\neq q}`` is the case r ≠ q
    (case_subscripts reads the entry as z_r; this keeps its condition), outside sums' bounds."""
    out = []
    for m in _CASE_SUB_RE.finditer(s):
        if m[2] and not _SUM_BEFORE_RE.search(s[max(0, m.start() - 40): m.start()]):
            out.append(("ne", m[2], m[3]))
    return tuple(out)


def subscripted_calls(s: str) -> str:
    """``g_1(x_1)``, ``f_{2}(z)``: a function letter with a subscript applied to one variable
    is a call, not the product g_1 * x_1 (read as a named function, which is not modelled)."""
    return re.sub(r"(?<![\\a-zA-Z])([fghFGH])_(?:\{\s*([A-Za-z0-9]+)\s*\}|([A-Za-z0-9]))\s*"
                  r"\(\s*(\\?[a-zA-Z]+(?:_(?:\{[^{}()]*\}|[A-Za-z0-9]))?)\s*\)",
                  lambda m: rf"\operatorname{{{m[1]}_{m[2] or m[3]}}}({m[4]})", s)


def spaced_subscripts(s: str) -> str:
    """``y _k``, ``y _{q _i}`` (a space before the subscript, as Markdown's ``y\\_k`` leaves
    it): the subscript of the letter before it."""
    return re.sub(r"(?<=[a-zA-Z0-9}])[ \t]{1,8}(?=_)", "", s)


MEMBER_RULES: tuple[Rule, ...] = (
    spaced_subscripts,
    pi_as_name,
    double_braces,
    braced_letter_entry,
    part_alias,
    exp_subscript_slip,
    exp_power,
    leading_connectives,
    layer_superscripts,
    braced_partials,
    bracket_indices,
    loose_deltas,
    brace_cases,
    cases_paren_conditions,
    cases_missing_ampersand,
    cases_row_semicolons,
    cases_if_columns,
    case_subscripts,
    subscripted_calls,
    text_conditions,
    unicode_operators,
    class_labels,
    indicators,
    operator_dot,
    frac_variants,
    over_to_frac,
    transposed_chain,
    d_derivatives,
    operator_before_minus,
    delta_derivatives,
    glyph_names,
    partial_missing_in_denominator,
    partial_subscript,
    jacobian_operator,
    operator_on_constant,
    sum_index_calls,
    sigma_as_sum,
    empty_scripts,
    double_sums,
    sum_subscript_forms,
    sum_limits,
    dots_sums,
    zero_dots,
    general_dots_sums,
    unindexed_exp_sums,
    bare_sum_as_name,
    bare_functions,
    natural_log_base,
    function_power,
    trailing_empty_group,
    softmax_names,
    decorations,
    jacobian_names,
    matrix_entries,
    subscript_after_bracket,
    star_names,
    call_on_entry,
    multi_letter_names,
    loss_subscripts,
    argument_lists,
    bold_expressions,
    misnested_groups,
    extremum_names,
    dot_products,
    prime_power,
    group_primes,
    primes,
    letter_primes,
)


def normalize_member(s: str) -> str:
    """Apply every member rule in order."""
    for rule in MEMBER_RULES:
        s = rule(s)
    return s

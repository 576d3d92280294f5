"""The author's own macros, expanded before anything is read.

``\\newcommand{\\pd}[2]{\\frac{\\partial #1}{\\partial #2}}`` (also ``\\renewcommand``,
``\\providecommand``, a default for the first argument), ``\\def\\Z{…}`` / ``\\def\\f#1{…}``
and ``\\DeclareMathOperator{\\sm}{softmax}`` (read as ``\\operatorname{softmax}``): every use
is replaced by the body with its arguments, and each definition is blanked.  Newlines are kept
(a body's newlines become spaces, a blanked definition keeps its own), so every line number
stays where the author wrote it; only columns move.  Expansion is bounded: a few rounds for
macros that use macros, and the text may grow at most :data:`MAX_GROWTH` times; beyond that
the rest is left as written and the note says so.  Nothing is evaluated.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from derive.check.normalize import match_brace

MAX_ROUNDS = 6
MAX_GROWTH = 4  # the expanded text at most this many times the original (plus a little)

_HINT_RE = re.compile(r"\\(?:(?:re)?newcommand|providecommand|def|DeclareMathOperator)(?![a-zA-Z])")
_NEWCOMMAND_RE = re.compile(
    r"\\(?:(?:re)?newcommand|providecommand)\*?\s{0,8}(?:\{\s{0,8}\\([A-Za-z]{1,40})\s{0,8}\}|\\([A-Za-z]{1,40}))"
    r"\s{0,8}(?:\[\s{0,3}(\d)\s{0,3}\])?\s{0,8}(\[[^\[\]{}]{0,200}\])?\s{0,8}(?=\{)")
_DEF_RE = re.compile(r"\\def\s{0,8}\\([A-Za-z]{1,40})((?:\s{0,3}#[1-9]){0,9})\s{0,8}(?=\{)")
_OPERATOR_RE = re.compile(
    r"\\DeclareMathOperator\*?\s{0,8}(?:\{\s{0,8}\\([A-Za-z]{1,40})\s{0,8}\}|\\([A-Za-z]{1,40}))"
    r"\s{0,8}(?=\{)")
_PROTECTED = frozenset(  # names the reader needs as they are: a redefinition is not followed
    "frac partial sum exp log ln left right begin end text mathrm operatorname delta cdot "
    "def newcommand renewcommand".split())


_BARE_RE = re.compile(r"\\[A-Za-z]{1,40}(?:\s{0,3}\{[^{}]{0,80}\})?|[A-Za-z0-9]")
"""A body inserted as it is: one command, perhaps with one group (``\\mathbf{z}``)."""
_STRUCTURE_RE = re.compile(r"\\(?:begin|end)(?![a-zA-Z])|&|\\\\")
"""A body inserted as it is: it opens or closes an environment, or holds a row or column
break (braces around it would change the structure)."""


@dataclass(frozen=True)
class Macro:
    """``\\name`` with ``args`` arguments (the first optional when ``default`` is set)."""

    name: str
    args: int
    body: str
    default: str | None = None


def _blank(s: str) -> str:
    """Spaces for every character of s but its newlines."""
    return re.sub(r"[^\n]", " ", s)


def find_macros(text: str) -> tuple[dict[str, Macro], list[tuple[int, int]]]:
    """The macros ``text`` defines and the spans of their definitions."""
    macros: dict[str, Macro] = {}
    spans: list[tuple[int, int]] = []

    def body_at(m: re.Match[str]) -> tuple[str, int] | None:
        end = match_brace(text, m.end())
        return None if end < 0 else (text[m.end() + 1:end], end + 1)

    for m in _NEWCOMMAND_RE.finditer(text):
        got = body_at(m)
        if got is None:
            continue
        name = m.group(1) or m.group(2)
        default = m.group(4)[1:-1] if m.group(4) else None
        macros.setdefault(name, Macro(name, int(m.group(3) or 0), got[0], default))
        spans.append((m.start(), got[1]))
    for m in _DEF_RE.finditer(text):
        got = body_at(m)
        if got is None:
            continue
        macros.setdefault(m.group(1), Macro(m.group(1), m.group(2).count("#"), got[0]))
        spans.append((m.start(), got[1]))
    for m in _OPERATOR_RE.finditer(text):
        got = body_at(m)
        if got is None:
            continue
        name = m.group(1) or m.group(2)
        macros.setdefault(name, Macro(name, 0, "\\operatorname{" + got[0].strip() + "}"))
        spans.append((m.start(), got[1]))
    for name in [n for n in macros if n in _PROTECTED]:
        del macros[name]
    return macros, spans


def _argument(s: str, i: int) -> tuple[str, int] | None:
    """The argument starting at s[i] (spaces skipped): a brace group, a command or one
    character, with the index after it."""
    n = len(s)
    while i < n and s[i] in " \t":
        i += 1
    if i >= n or s[i] in "}\n":
        return None
    if s[i] == "{":
        end = match_brace(s, i)
        return None if end < 0 else (s[i + 1:end], end + 1)
    if s[i] == "\\":
        m = re.match(r"\\(?:[A-Za-z]+|.)", s[i:])
        assert m is not None
        return m.group(0), i + m.end()
    return (s[i], i + 1) if s[i].isalnum() else None  # "\\pd{y} = 1": '=' is no argument


def _substitute(body: str, args: list[str]) -> str:
    """body with ``#1``…``#9`` replaced by the arguments."""
    return re.sub(r"#([1-9])", lambda m: args[int(m.group(1)) - 1]
                  if int(m.group(1)) <= len(args) else m.group(0), body)


def _expand_once(s: str, macros: dict[str, Macro], use_re: re.Pattern[str]) -> str:
    """s with every use of a macro replaced by its body (one round)."""
    out: list[str] = []
    last = 0
    for m in use_re.finditer(s):
        if m.start() < last:
            continue
        mac = macros[m.group(1)]
        at = m.end()
        args: list[str] = []
        if mac.default is not None:
            opt = re.match(r"\s{0,3}\[([^\[\]{}]{0,200})\]", s[at:])
            if opt:
                args.append(opt.group(1))
                at += opt.end()
            else:
                args.append(mac.default)
        while len(args) < mac.args:
            got = _argument(s, at)
            if got is None:
                break
            args.append(got[0])
            at = got[1]
        if len(args) < mac.args:
            continue  # too few arguments: left as written (the reader says it cannot read it)
        out.append(s[last:m.start()])
        body = _substitute(mac.body, args).replace("\n", " ").strip()
        if _BARE_RE.fullmatch(body) or _STRUCTURE_RE.search(body):
            letter_next = at < len(s) and s[at].isalpha()
            out.append(body + (" " if letter_next and re.search(r"\\[A-Za-z]+$", body) else ""))
        else:
            out.append("{" + body + "}")
        last = at
    out.append(s[last:])
    return "".join(out)


def expand_macros(text: str) -> tuple[str, str]:
    """``text`` with its own macros expanded and their definitions blanked, and a note naming
    the macros used ('' when none)."""
    if not _HINT_RE.search(text):
        return text, ""
    macros, spans = find_macros(text)
    if not macros:
        return text, ""
    pieces = []
    last = 0
    for a, b in sorted(spans):
        if a < last:
            continue
        pieces += [text[last:a], _blank(text[a:b])]
        last = b
    pieces.append(text[last:])
    s = "".join(pieces)
    use_re = re.compile(r"\\(" + "|".join(sorted(map(re.escape, macros), key=len, reverse=True))
                        + r")(?![A-Za-z])")
    used = sorted({m.group(1) for m in use_re.finditer(s)})
    if not used:
        return s, ""
    limit = MAX_GROWTH * len(text) + 10_000
    stopped = False
    for _ in range(MAX_ROUNDS):
        nxt = _expand_once(s, macros, use_re)
        if len(nxt) > limit:
            stopped = True
            break
        if nxt == s:
            break
        s = nxt
    else:
        stopped = bool(use_re.search(s))
    names = ", ".join("\\" + n for n in used)
    note = f"the document's own macros expanded ({names})"
    if stopped:
        note += "; expansion stopped (macros within macros too deep or growing too large)"
    return s, note

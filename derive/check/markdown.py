"""Where the mathematics of a Markdown document is, read by a real Markdown parser.

markdown-it-py (CommonMark) with mdit-py-plugins' ``dollarmath`` (``$…$``, ``$$…$$``, also
inline ``$$…$$`` and ``$$`` inside block quotes and lists), ``amsmath`` (top-level
``\\begin{align}`` …) and ``texmath`` brackets (``\\(…\\)``, ``\\[…\\]``) finds every formula;
code spans, fenced and indented code never yield one.  Inside HTML blocks (``<div>``…) the
formulas are found by the delimiter scanner of :mod:`derive.check.extract`; two more forms
that static-site generators use are read too: ``<script type="math/tex">`` (``; mode=display``)
and Liquid's ``{% mathjax %} … {% endmathjax %}``, and fenced divs ``::: equation`` … ``:::``
(pandoc, markdown-it-container) that hold raw LaTeX.

The parser gives each formula's content and its block's lines; :func:`locate_math` maps them
back to character offsets of the source, so every step keeps its line.  It also returns a
masked copy of the text (same length, same lines) in which code and HTML comments are blanked,
and so are the ``>`` markers of block quotes inside a formula.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import lru_cache

from markdown_it import MarkdownIt
from mdit_py_plugins.amsmath import amsmath_plugin
from mdit_py_plugins.dollarmath import dollarmath_plugin
from mdit_py_plugins.texmath import texmath_plugin

Region = tuple[int, int, bool]
"""(content start, content end, display?) as offsets into the source."""

_SCRIPT_RE = re.compile(
    r"<script\s+type\s*=\s*[\"']math/tex(\s*;\s*mode\s*=\s*display)?[\"']\s*>(.*?)</script>",
    re.S | re.I)
_LIQUID_RE = re.compile(
    r"\{%\s*(?:mathjax|math|latex)\s*%\}(.*?)\{%\s*end(?:mathjax|math|latex)\s*%\}", re.S)
_QUOTE_PREFIX_RE = re.compile(r"^[ \t]*(?:>[ \t]?)+", re.M)
_FENCED_DIV_RE = re.compile(r"^:{3,}\s*\{?\.?(?:equation|math|latex|displaymath)\}?\s*\n(.*?)\n"
                            r":{3,}\s*$", re.M | re.S)


@dataclass(frozen=True)
class MathScan:
    """The formulas of a document and its masked text."""

    regions: tuple[Region, ...]
    masked: str


def _alone_on_line(text: str, a: int, b: int, reach: int = 200) -> bool:
    """Nothing but the formula (its $$, quote marks, blanks) on its line; looked at up to
    `reach` characters each side, so a long line costs O(reach) per formula."""
    start = text.rfind("\n", max(0, a - reach), a) + 1 or max(0, a - reach)
    end = text.find("\n", b, b + reach)
    end = min(len(text), b + reach) if end < 0 else end
    return not re.sub(r"\$|>|\s", "", text[start:a] + text[b:end])


@lru_cache(maxsize=1)
def _md() -> MarkdownIt:
    """The CommonMark parser with the three math plugins (built once)."""
    md = MarkdownIt("commonmark", {"html": True})
    md.use(dollarmath_plugin, allow_space=True, allow_digits=True, double_inline=True)
    md.use(amsmath_plugin)
    md.use(texmath_plugin, delimiters="brackets")
    return md


def _blank(chars: list[str], a: int, b: int) -> None:
    for i in range(a, min(b, len(chars))):
        if chars[i] != "\n":
            chars[i] = " "


class _Locator:
    """Find token contents in the source, left to right."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.starts = [0] + [m.end() for m in re.finditer("\n", text)]

    def line_start(self, line0: int) -> int:
        return self.starts[line0] if line0 < len(self.starts) else len(self.text)

    def find(self, opening: str, closing: str, content: str, lo: int, hi: int) -> Region | None:
        """Offsets of ``opening content closing`` in text[lo:hi] (content as the parser saw it,
        i.e. perhaps without the ``>`` of a block quote)."""
        head = content.strip()[:12]
        i = self.text.find(opening, lo, hi)
        while i >= 0:
            a = i + len(opening)
            rest = _QUOTE_PREFIX_RE.sub("", self.text[a: a + len(head) + 200]).lstrip()
            if rest.startswith(head):
                j = self.text.find(closing, a + max(0, len(content.strip()) - 1), hi + 2)
                if j >= 0:
                    return (a, j, False)
            i = self.text.find(opening, i + 1, hi)
        return None


_OPEN_CLOSE = {"$": ("$", "$"), "$$": ("$$", "$$"), "\\(": ("\\(", "\\)"),
               "\\[": ("\\[", "\\]")}


def locate_math(text: str) -> MathScan:
    """Every formula of a Markdown document (offsets) and the masked text."""
    from derive.check.extract import find_math  # the delimiter scanner, for HTML blocks

    loc = _Locator(text)
    chars = list(text)
    regions: list[Region] = []
    cursor = 0
    parsed, line_map = separate_displays(text)
    for tok in _md().parse(parsed):
        lo = loc.line_start(line_map[tok.map[0]]) if tok.map else cursor
        hi = loc.line_start(line_map[tok.map[1]]) if tok.map else len(text)
        if tok.map:
            cursor = max(cursor, lo)
        if tok.type == "fence" and tok.info.strip().rstrip("!").lower() in MATH_FENCES:
            # ```math / ```mathjax! (GitLab, Cmd Markdown, Typora): a display, not code
            inner_lo = text.find("\n", lo) + 1
            inner_hi = max(inner_lo, text.rfind("\n", lo, max(lo, hi - 1)))
            inner = text[inner_lo:inner_hi]
            found = [(inner_lo + a, inner_lo + b, d) for a, b, d in find_math(inner)]
            regions += found or [(inner_lo, inner_hi, True)]
            _blank(chars, lo, inner_lo)  # the fence lines are no prose
            _blank(chars, inner_hi, hi)
            continue
        if tok.type in ("fence", "code_block"):
            _blank(chars, lo, hi)
            continue
        if tok.type == "html_block":
            block = text[lo:hi]
            if block.lstrip().startswith("<!--") and "-->" in block:
                _blank(chars, lo, hi)
                continue
            regions += _html_math(block, lo, find_math)
            continue
        if tok.type in ("math_block", "math_block_label"):
            opening, closing = _OPEN_CLOSE.get(tok.markup, ("$$", "$$"))
            found = loc.find(opening, closing, tok.content, lo, hi)
            if found:
                regions += _split_displays(text, found[0], found[1])
                cursor = found[1]
            continue
        if tok.type == "amsmath":
            i = text.find(tok.content.strip()[:20], lo, hi)
            if i >= 0:
                regions.append((i, i + len(tok.content.strip()), True))
            continue
        if tok.type == "inline" and tok.children:
            pos = lo
            for child in tok.children:
                if child.type in ("math_inline", "math_inline_double"):
                    opening, closing = _OPEN_CLOSE.get(child.markup, ("$", "$"))
                    found = loc.find(opening, closing, child.content, pos, hi)
                    if found:
                        # $$x$$ alone on its line is a display; inside a sentence it is
                        # inline math (kramdown's reading: "where $$j \neq i$$, ...")
                        regions.append((found[0], found[1], child.type == "math_inline_double"
                                        and _alone_on_line(text, found[0], found[1])))
                        pos = found[1] + len(closing)
                elif child.type == "code_inline" and re.fullmatch(r"!\$.+\$", child.content):
                    # `!$x$` (Cmd Markdown): inline math written as a code span
                    i = text.find(child.content, pos, hi)
                    if i >= 0:
                        regions.append((i + 2, i + len(child.content) - 1, False))
                        pos = i + len(child.content)
                elif child.type == "code_inline" and re.fullmatch(r"\\\(.+\\\)", child.content):
                    # `\(z_i\)` (Hexo blogs): inline math written as a code span for MathJax
                    i = text.find(child.content, pos, hi)
                    if i >= 0:
                        regions.append((i + 2, i + len(child.content) - 2, False))
                        pos = i + len(child.content)
                elif child.type == "code_inline":
                    i = text.find(child.content, pos, hi)
                    if i >= 0:
                        _blank(chars, i, i + len(child.content))
                        pos = i + len(child.content)
                elif child.type == "html_inline" and child.content.startswith("<!--"):
                    i = text.find(child.content, pos, hi)
                    if i >= 0:
                        _blank(chars, i, i + len(child.content))
                elif child.type == "text" and "{%" in child.content:
                    i = text.find(child.content[:20], pos, hi)
                    if i >= 0:
                        regions += _liquid(text[i:hi], i)
    for a, b in _closed_comments(text):
        _blank(chars, a, b)
    # CommonMark reads "\\[" as an escaped bracket: a \\[ ... \\] display spread over the
    # lines of a paragraph reaches the texmath rule in pieces; the delimiter scanner finds it
    rest = list("".join(chars))
    for a, b, _ in regions:
        _blank(rest, a - _delim_len(text, a, -1), b + _delim_len(text, b, 1))
    # the same for \\begin{equation} … in the middle of a paragraph (MathJax on a web page
    # reads environments anywhere; the amsmath rule only where a block starts)
    for a, b, disp in find_math("".join(rest)):
        if text[max(0, a - 2): a] in ("\\[", "\\(") or _BARE_ENV_RE.search(
                text, max(0, a - 40), a):
            regions.append((a, b, disp))
    # fenced divs of pandoc / markdown-it-container holding raw LaTeX: ::: equation … :::
    masked_now = "".join(chars)
    for m in _FENCED_DIV_RE.finditer(masked_now):
        regions.append((m.start(1), m.end(1), True))
    # kramdown / Jekyll write inline math as \\( … \\) (an escaped backslash): the closing
    # delimiter's first backslash is not content
    regions = [(a, b - 1, d) if b - a >= 2 and text[b - 1] == "\\" and text[b - 2] != "\\"
               and text[max(0, a - 3): a] in ("\\\\(", "\\\\[") else (a, b, d)
               for a, b, d in regions]
    # GitHub's $`x`$: the backticks are delimiters, not content; a formula written so over
    # several lines is one region (markdown-it sees a code span and, inside it, bits of math)
    regions = [(a + 1, b - 1, d) if b - a >= 2 and text[a] == "`" and text[b - 1] == "`"
               and text[max(0, a - 1)] == "$" else (a, b, d) for a, b, d in regions]
    spans = [(m.start(1), m.end(1), "\n" in m.group(1))
             for m in _GITHUB_MATH_RE.finditer("".join(chars))]
    if spans:  # one pass (hostile: was a filter per formula, quadratic)
        starts = [a for a, _, _ in spans]

        def inside(r: Region) -> bool:
            i = bisect.bisect_right(starts, r[0]) - 1
            return i >= 0 and spans[i][0] <= r[0] and r[1] <= spans[i][1]
        regions = [r for r in regions if not inside(r)] + spans
    regions = _dedupe(regions)
    for a, b, disp in regions:  # a display inside a block quote: blank the '>' markers
        if disp and "\n" in text[a:b]:
            for m in _QUOTE_PREFIX_RE.finditer(text, a, b):
                if m.start() > a and text[m.start() - 1] == "\n":
                    _blank(chars, m.start(), m.end())
    return MathScan(tuple(regions), "".join(chars))


_BARE_ENV_RE = re.compile(r"\\begin\{(?:equation|align|eqnarray|gather|multline|flalign|alignat)"
                          r"\*?\}(?:\{[^{}]*\})?$")
_GITHUB_MATH_RE = re.compile(r"\$`([^`]{1,5000})`\$")
MATH_FENCES = frozenset({"math", "mathjax", "latex", "katex", "tex", "amsmath"})
_ADMONITION_RE = re.compile(r"[ \t]*(?:!!!|\?\?\?\+?)[ \t]*[\w-]+")
_OPENING_DOLLARS_RE = re.compile(r"([ \t]*(?:>[ \t]?)*)\$\$(?:(?!\$\$).)+")  # $$ a = … (no close)
_LONE_DOLLARS_RE = re.compile(r"([ \t]*(?:>[ \t]?)*)\$\$[ \t]*")


_HTML_SKIP_RE = re.compile(r"<!--.*?-->|<(script|style|pre|code)\b[^>]*>.*?</\1\s*>", re.S | re.I)


def is_html(text: str, filename: str = "") -> bool:
    """An HTML page (``.html``/``.htm``, or a document that opens with ``<!DOCTYPE``/``<html``)."""
    return filename.lower().endswith((".html", ".htm")) or bool(
        re.match(r"\s*(?:<!DOCTYPE html|<html)", text[:200], re.I))


def locate_html(text: str) -> MathScan:
    """Every formula of an HTML page: MathJax script tags and ``$``/``\\(``/``\\[``/environment
    delimiters in the text; comments, styles, scripts that are not math, ``<pre>`` and
    ``<code>`` never yield one.  Indentation means nothing here (it is not Markdown)."""
    from derive.check.extract import find_math

    chars = list(text)
    for m in _HTML_SKIP_RE.finditer(text):
        if not _SCRIPT_RE.fullmatch(m.group(0)):
            _blank(chars, m.start(), m.end())
    masked = "".join(chars)
    regions = _dedupe(_html_math(masked, 0, find_math))
    prose = re.sub(r"<[^<>\n]*>", lambda m: " " * len(m[0]), masked)
    return MathScan(tuple(regions), prose)


def separate_displays(text: str) -> tuple[str, list[int]]:
    """The text with a blank line before each ``$$`` line that opens a display right under a
    line of prose (CommonMark would read it as part of the paragraph; MathJax, KaTeX, Typora
    and hexo show a display), and for each of its lines the source line it stands for."""
    out: list[str] = []
    line_map: list[int] = []
    inside = False
    lines = _dedent_math_code(_dedent_bodies(text.split("\n")))
    for no, line in enumerate(lines):
        m = _LONE_DOLLARS_RE.fullmatch(line) or _OPENING_DOLLARS_RE.fullmatch(line)
        if m:
            prev = out[-1] if out else ""
            if not inside and prev.strip() and prev.strip() != m.group(1).strip():
                out.append(m.group(1).rstrip())  # blank (or a bare '>' inside a quote)
                line_map.append(no)
            inside = not inside
        elif inside and "$$" in line:
            inside = line.count("$$") % 2 == 0  # "... $$" closes the display
        out.append(line)
        line_map.append(no)
    line_map.append(len(lines))
    return "\n".join(out), line_map


def _dedent_bodies(lines: list[str]) -> list[str]:
    """Indented text that is Markdown, not code: the body of an admonition (``!!! note`` /
    ``??? success``, mkdocs-material) and a document every line of which is indented (a
    fragment cut from such a body) lose their first four columns."""
    def indented(line: str) -> bool:
        return line.startswith(("    ", "\t"))

    def dedent(line: str) -> str:
        return line[1:] if line.startswith("\t") else line[4:]

    body = [ln for ln in lines if ln.strip()]
    if body and all(indented(ln) for ln in body):
        return [dedent(ln) if indented(ln) else ln for ln in lines]
    out = list(lines)
    i = 0
    while i < len(out):
        if _ADMONITION_RE.match(out[i]):
            j = i + 1
            while j < len(out) and (not out[j].strip() or indented(out[j])):
                out[j] = dedent(out[j]) if indented(out[j]) else out[j]
                j += 1
            i = j
        else:
            i += 1
    return out


_LATEXY_RE = re.compile(r"\$[^$\n]*\\[a-zA-Z]+[^$\n]*\$|^[ \t]*\$\$[ \t]*$"
                        r"|[\u4e00-\u9fff][^\n]*\$[^$\n]+\$|\$[^$\n]+\$[^\n]*[\u4e00-\u9fff]", re.M)


def _dedent_math_code(lines: list[str]) -> list[str]:
    """An indented "code block" that holds TeX math (``$\\frac{…}$``, a ``$$`` line, ``$i=j$``
    inside Chinese prose) is prose indented by accident (tabs in a pasted post): its lines are
    read as Markdown.  ``    $e = f$`` alone stays code."""
    if not any("$" in ln and ln.startswith(("    ", "\t")) for ln in lines):
        return lines  # no indented line holds math: no second parse of the document
    tokens = [t for t in _md().parse("\n".join(lines)) if t.type == "code_block" and t.map]
    out = list(lines)
    for tok in tokens:  # bounded: the pattern is quadratic in one line's length at worst
        if len(tok.content) <= 20_000 and max(map(len, tok.content.split("\n"))) <= 2_000 \
                and _LATEXY_RE.search(tok.content):
            for i in range(tok.map[0], min(tok.map[1], len(out))):  # type: ignore[index]
                out[i] = out[i].lstrip(" \t")
    return out


def _closed_comments(text: str) -> list[tuple[int, int]]:
    """Spans of ``<!-- … -->`` comments, in one left-to-right pass (an opener that is never
    closed hides nothing: linear even for 40 000 openers)."""
    out = []
    pos = 0
    while True:
        i = text.find("<!--", pos)
        if i < 0:
            return out
        j = text.find("-->", i + 4)
        if j < 0:
            return out
        out.append((i, j + 3))
        pos = j + 3


def _delim_len(text: str, at: int, step: int) -> int:
    """Length of the delimiter before (step -1) or after (step 1) a formula's content."""
    near = text[max(0, at - 2): at] if step < 0 else text[at: at + 2]
    if near in ("\\[", "\\]", "\\(", "\\)", "$$"):
        return 2
    return 1 if (near[-1:] if step < 0 else near[:1]) == "$" else 0


def _liquid(segment: str, base: int) -> list[Region]:
    """``{% mathjax %} … {% endmathjax %}`` tags in a segment (display when on own lines)."""
    out = []
    for m in _LIQUID_RE.finditer(segment):
        disp = "\n" in m.group(1)
        out.append((base + m.start(1), base + m.end(1), disp))
    return out


def _split_displays(text: str, a: int, b: int) -> list[Region]:
    """``$$x$$ and $$y$$`` on one line is one math block to markdown-it: the displays in it,
    without the prose between them."""
    out: list[Region] = []
    start, math = a, True
    while True:
        i = text.find("$$", start, b)
        if i < 0:
            if math and text[start:b].strip():
                out.append((start, b, True))
            return out
        if math and text[start:i].strip():
            out.append((start, i, True))
        start, math = i + 2, not math


def _html_math(block: str, base: int, find_math) -> list[Region]:
    """Formulas inside an HTML block: script tags, Liquid tags, then ``$``/``\\(`` delimiters."""
    out: list[Region] = []
    used = list(block)
    for m in _SCRIPT_RE.finditer(block):
        out.append((base + m.start(2), base + m.end(2), bool(m.group(1))))
        _blank(used, m.start(), m.end())
    for m in _LIQUID_RE.finditer(block):
        out.append((base + m.start(1), base + m.end(1), "\n" in m.group(1)))
        _blank(used, m.start(), m.end())
    rest = re.sub(r"<[^<>\n]*>", lambda m: " " * len(m[0]), "".join(used))
    out += [(base + a, base + b, disp) for a, b, disp in find_math(rest)]
    return out


def _dedupe(regions: list[Region]) -> list[Region]:
    """Sorted, without regions nested in another."""
    out: list[Region] = []
    for a, b, disp in sorted(set(regions)):
        if out and a < out[-1][1]:
            continue
        out.append((a, b, disp))
    return out


def line_of(starts: list[int], offset: int) -> int:
    """1-based line of an offset."""
    return bisect.bisect_right(starts, offset)

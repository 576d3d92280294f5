"""The completeness invariant over the whole test corpus: every relation symbol in a
document's math is in the report -- a step (decided or unreadable with its reason), a
definition, or an item skipped on purpose with the reason.  Nothing is dropped silently.

The relation symbols are counted here by a scanner of its own (not the checker's), line by
line; the report must hold at least as many items on each line (or the line next to it, where
a relation at a line end belongs to the member on the next one).
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from derive.check import check_document
from tests.check.test_reading import CONSTRUCTS

CORPUS = Path(__file__).parent / "corpus"
DOCS = {p.name: p.read_text() for p in sorted(CORPUS.iterdir()) if p.suffix == ".md"}
DOCS.update({f"construct: {k}": v[0] for k, v in CONSTRUCTS.items()})

_MATH = re.compile(
    r"\$\$.*?\$\$|\\\[.*?\\\]|\\\(.*?\\\)|(?<![\\$])\$(?:[^$\n]|\n(?!\s*\n))+?\$"
    r"|\\begin\{(equation|align|gather)\*?\}.*?\\end\{\1\*?\}"
    r"|<script type=\"math/tex[^\"]*\">.*?</script>", re.S)
_REL = re.compile(r"\\coloneqq|:=|\\neq?(?![a-zA-Z])|\\approx|\\leq?(?![a-zA-Z])"
                  r"|\\geq?(?![a-zA-Z])|\\implies|\\Rightarrow|(?<![<>!:\\=])==?"
                  r"|\\(?:in|notin)(?![a-zA-Z])"
                  r"|\\(?:to|rightarrow|longrightarrow|mapsto)(?![a-zA-Z])")
_CODE = re.compile(r"```.*?```|`[^`\n]*`", re.S)


def _relation_lines(doc: str) -> Counter[int]:
    """Line -> number of relation symbols in math (outside \\text{} and sub/superscripts)."""
    text = _CODE.sub(lambda m: re.sub(r"[^\n]", " ", m[0]), doc)
    out: Counter[int] = Counter()
    for m in _MATH.finditer(text):
        seg = re.sub(r"\\(?:text|mathrm|operatorname)\s*\{[^{}]*\}",
                     lambda t: " " * len(t[0]), m.group(0))
        seg = _blank_scripts(re.sub(r"<[^<>]*>", lambda t: " " * len(t[0]), seg))
        for r in _REL.finditer(seg):
            out[text.count("\n", 0, m.start() + r.start()) + 1] += 1
    return out


def _blank_scripts(s: str) -> str:
    chars = list(s)
    for m in re.finditer(r"[_^]\{", s):
        depth = 0
        for j in range(m.end() - 1, len(s)):
            depth += {"{": 1, "}": -1}.get(s[j], 0)
            if depth == 0:
                chars[m.start(): j + 1] = " " * (j + 1 - m.start())
                break
    return "".join(chars)


@pytest.mark.parametrize("name", sorted(DOCS))
def test_every_relation_is_in_the_report(name: str) -> None:
    doc = DOCS[name]
    report = check_document(doc, name)
    have: Counter[int] = Counter(s.line for s in report.steps)
    have.update(d.line for d in report.definitions if d.role != "generic")
    have.update(k.line for k in report.skipped)
    need = _relation_lines(doc)
    missing = []
    for line in sorted(need):
        n = need[line]
        for ln in (line, line + 1, line - 1):
            take = min(n, have[ln])
            have[ln] -= take
            n -= take
        if n:
            missing.append((line, n))
    assert not missing, (missing, [(s.line, s.lhs, s.rhs) for s in report.steps],
                         report.skipped)

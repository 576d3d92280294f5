"""A softmax taken row by row: ``S_{i,j} = e^{z_{i,j}} / sum_l e^{z_{i,l}}`` (i the sample);
also any document whose two-index entries all carry one sample index first (y_{n,j}, t_{n,k}).

When every formula with a relation uses the row index i only as the first of two indices,
the rows never meet: each formula is read for one row, ``z_{i,j}`` as ``z_j``. The rewrite
keeps every offset (the row index and its comma become spaces), so line numbers hold.
"""

from __future__ import annotations

import re

_DEF_RE = re.compile(
    r"(?<![A-Za-z\\])([A-Za-z])_\s*\{\s*([a-z])\s*,?\s*([a-z])\s*\}\s*=\s*\\frac\s*\{\s*"
    r"e\s*\^\s*\{\s*([A-Za-z])_\s*\{\s*\2\s*,?\s*\3\s*\}\s*\}\s*\}\s*\{\s*\\sum\s*_\s*\{?\s*"
    r"([a-z])\s*(?:=\s*[0-9A-Za-z]\s*)?\}?\s*(?:\^\s*\{?\s*[0-9A-Za-z]+\s*\}?)?\s*"
    r"e\s*\^\s*\{\s*\4_\s*\{\s*\2\s*,?\s*\5\s*\}\s*\}\s*\}")
_INDEXED_RE = re.compile(r"(?<![A-Za-z\\])([A-Za-z])_\s*(\{[^{}]*\}|[A-Za-z0-9])")
_SUM_RE = re.compile(r"\\sum\s*_\s*\{?\s*([a-z])")


def _relational(text: str) -> bool:
    return "=" in text or "\\rightarrow" in text


def drop_row_index(masked: str, regions: list[tuple[int, int, bool]]) -> tuple[str, str]:
    """``masked`` with the row index blanked out of every two-index entry, and the note that
    says so; unchanged (and no note) unless the row index is the first of two everywhere."""
    maths = [(a, b) for a, b, _ in regions if _relational(masked[a:b])]
    found = next((m for a, b in maths if (m := _DEF_RE.search(masked, a, b))), None)
    if found is not None:
        out, row, logits = found.group(1), found.group(2), found.group(4)
    else:
        sample = _sample_index(masked, maths)
        if sample is None:
            return masked, ""
        out, row, logits = "", sample, ""
    spans: list[tuple[int, int]] = []
    pairs = {m.group(1) for a, b in maths for m in _INDEXED_RE.finditer(masked, a, b)
             if len(_indices(m.group(2))) == 2}
    for a, b in maths:
        for m in _SUM_RE.finditer(masked, a, b):
            if m.group(1) == row:
                return masked, ""  # a sum over the rows (a batch loss): rows meet
        for m in _INDEXED_RE.finditer(masked, a, b):
            sub = m.group(2)
            idx = _indices(sub)
            if row not in idx:
                if m.group(1) in (out, logits) and len(idx) == 2:
                    return masked, ""  # S_{k,l}: another row of the same matrix
                continue
            if idx == [row] and m.group(1) not in pairs:
                # E_n, L_i (never with two indices): the loss of sample n is E
                spans.append((m.start(2) - 1, m.end(2)))
                continue
            if len(idx) != 2 or idx[0] != row or not re.fullmatch(r"[a-z0-9]", idx[1]):
                return masked, ""  # the row index alone, or not first: rows are not apart
            first = m.start(2) + sub.index(row)
            second = m.start(2) + sub.index(idx[1], sub.index(row) + 1)
            spans.append((first, second))
    if not spans:
        return masked, ""
    chars = list(masked)
    for a, b in spans:
        chars[a:b] = " " * (b - a)
    if out:
        note = (f"{out}_{{{row},j}} = e^{{{logits}_{{{row},j}}}} / sum_l e^{{{logits}_{{{row},l}}}}"
                f" is a softmax of each row {row}, and every formula keeps {row} fixed: each is "
                f"read for one row ({logits}_{{{row},j}} as {logits}_j)")
    else:
        note = (f"every entry with two indices has {row} first (y_{{{row},j}}, t_{{{row},k}}) "
                f"and no formula sums over {row}: {row} numbers the sample, and each formula "
                f"is read for one sample (y_{{{row},j}} as y_j)")
    return "".join(chars), note


_SAMPLE_SUP_RE = re.compile(r"\^\s*\{\s*\(\s*([a-z])\s*\)\s*\}")
_ANY_PAREN_SUP_RE = re.compile(r"\^\s*\{?\s*\(")


def drop_sample_superscript(masked: str, regions: list[tuple[int, int, bool]]) -> tuple[str, str]:
    """``y^{(i)}_k``, ``z^{(i)}`` (one sample i throughout, never summed over, never an index
    of its own): the superscript is blanked and each formula read for that sample (y_k, z)."""
    maths = [(a, b) for a, b, _ in regions]
    letters: set[str] = set()
    spans: list[tuple[int, int]] = []
    for a, b in maths:
        for m in _ANY_PAREN_SUP_RE.finditer(masked, a, b):
            sup = _SAMPLE_SUP_RE.match(masked, m.start(), b)
            if sup is None:
                return masked, ""  # ^{(k,i)}, ^{(2)}: not one sample letter
            letters.add(sup.group(1))
            spans.append((sup.start(), sup.end()))
    if len(letters) != 1:
        return masked, ""
    n = letters.pop()
    own = re.compile(r"(?:\\sum|\\Sigma|\\prod)\s*(?:\^\s*(?:\{[^{}]*\}|\w)\s*)?_\s*\{?\s*" + n
                     + r"(?![a-zA-Z])|_\s*(?:\{[^{}]*(?<![a-zA-Z\\])" + n + r"(?![a-zA-Z])[^{}]*\}|"
                     + n + r"(?![a-zA-Z]))")
    if any(own.search(masked, a, b) for a, b in maths):
        return masked, ""  # a sum over the samples, or the letter used as an index
    chars = list(masked)
    for a, b in spans:
        chars[a:b] = " " * (b - a)
    return "".join(chars), (f"every superscript ({n}) names the same sample and no formula sums "
                            f"over {n}: each formula is read for that sample (y^({n})_k as y_k)")


def _sample_index(masked: str, maths: list[tuple[int, int]]) -> str | None:
    """The letter every two-index entry (y_{n,j}) has first, if it is the same letter in all
    of them and never stands elsewhere as an index (so it numbers one fixed sample)."""
    firsts: set[str] = set()
    for a, b in maths:
        for m in _INDEXED_RE.finditer(masked, a, b):
            idx = _indices(m.group(2))
            if "," in m.group(2) and len(idx) == 2 and re.fullmatch(r"[a-z]", idx[0]):
                firsts.add(idx[0])
    return firsts.pop() if len(firsts) == 1 else None


def _indices(sub: str) -> list[str]:
    """The indices of a subscript: ``{i,j}`` -> [i, j]; ``{ij}`` and ``i`` letter by letter."""
    inner = sub[1:-1] if sub.startswith("{") else sub
    return ([t.strip() for t in inner.split(",")] if "," in inner
            else [c for c in inner if not c.isspace()])

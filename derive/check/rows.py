"""A softmax taken row by row: ``S_{i,j} = e^{z_{i,j}} / sum_l e^{z_{i,l}}`` (i the sample);
also any document whose two-index entries all carry one sample index first (y_{n,j}, t_{n,k}).

When every formula with a relation uses the row index i only as the first of two indices,
the rows never meet: each formula is read for one row, ``z_{i,j}`` as ``z_j``. The rewrite
keeps every offset (the row index and its comma become spaces), so line numbers hold.
"""

from __future__ import annotations

import re

from derive.check.labels import rewrite

_SUM = (r"\\sum\s*(?:\\limits\s*)?_\s*\{?\s*([a-z])\s*(?:=\s*[0-9A-Za-z]\s*)?\}?\s*"
        r"(?:\^\s*\{?\s*[0-9A-Za-z]+\s*\}?)?\s*")
_DEF_RE = re.compile(
    r"(?<![A-Za-z\\])([A-Za-z])_\s*\{\s*([a-z])\s*,?\s*([a-z])\s*\}\s*=\s*\\frac\s*\{\s*"
    r"e\s*\^\s*\{\s*([A-Za-z])_\s*\{\s*\2\s*,?\s*\3\s*\}\s*\}\s*\}\s*\{\s*" + _SUM +
    r"e\s*\^\s*\{\s*\4_\s*\{\s*\2\s*,?\s*\5\s*\}\s*\}\s*\}")
# σ(A_{ic}) = e^{A_{ic}} / Σ_j e^{A_{ij}}: the softmax of row i written as a call at one entry
_CALL_DEF_RE = re.compile(
    r"\\sigma\s*\(\s*([A-Za-z])_\s*\{\s*([a-z])\s*,?\s*([a-z])\s*\}\s*\)\s*=\s*\\frac\s*\{\s*"
    r"e\s*\^\s*\{\s*\1_\s*\{\s*\2\s*,?\s*\3\s*\}\s*\}\s*\}\s*\{\s*" + _SUM +
    r"e\s*\^\s*\{\s*\1_\s*\{\s*\2\s*,?\s*\4\s*\}\s*\}\s*\}")
_INDEXED_RE = re.compile(r"(?<![A-Za-z\\])([A-Za-z])\s?_\s*(\{[^{}]*\}|[A-Za-z0-9])")
_SUM_RE = re.compile(r"\\sum\s*(?:\\limits\s*)?_\s*\{?\s*([a-z])")


def _relational(text: str) -> bool:
    return "=" in text or "\\rightarrow" in text


def drop_row_index(masked: str, regions: list[tuple[int, int, bool]]) -> tuple[str, str]:
    """``masked`` with the row index blanked out of every two-index entry, and the note that
    says so; unchanged (and no note) unless the row index is the first of two everywhere."""
    maths = [(a, b) for a, b, _ in regions if _relational(masked[a:b])]
    found = next((m for a, b in maths if (m := _DEF_RE.search(masked, a, b))), None)
    call = None if found else next(
        (m for a, b in maths if (m := _CALL_DEF_RE.search(masked, a, b))), None)
    if found is not None:
        out, row, logits = found.group(1), found.group(2), found.group(4)
    elif call is not None:
        out, row, logits = "\\sigma", call.group(2), call.group(1)
    else:
        sample = _sample_index(masked, maths)
        if sample is None:
            return masked, ""
        out, row, logits = "", sample, ""
    spans: list[tuple[int, int]] = []
    entries = {(a, b): [(m, _indices(m.group(2))) for m in _INDEXED_RE.finditer(masked, a, b)]
               for a, b in maths}
    family = {out, logits} | {m.group(1) for found_ in entries.values() for m, idx in found_
                              if len(idx) == 2 and idx[0] == row}
    examples: set[str] = set()
    last = row
    for a, b in maths:
        if any(m.group(1) == row for m in _SUM_RE.finditer(masked, a, b)):
            return masked, ""  # a sum over the rows (a batch loss): rows meet
        mine = [(m, idx) for m, idx in entries[(a, b)] if m.group(1) in family]
        firsts = {idx[0] for _, idx in mine if len(idx) == 2}
        here = firsts.pop() if len(firsts) == 1 else row if not firsts else None
        if here is None or (here != row and not here.isdigit()):
            return masked, ""  # two rows in one formula (S_{k,l} beside S_{i,j}): rows meet
        if here != last and re.match(r"\s*&?\s*=", masked[a:b]):
            return masked, ""  # a formula going on from another row's formula
        last = here
        if here != row:
            examples.add(here)
            continue  # an example about row 1 alone: left as written (its entries not read)
        for m, idx in entries[(a, b)]:
            sub = m.group(2)
            if idx == [row]:
                # E_n, L_i, A_i: the loss of sample n, row i of A (the vector A)
                spans.append((masked.index("_", m.start(1)), m.end(2)))
                continue
            if len(idx) == 1 or m.group(1) not in family:
                continue  # A_1 in an example of row 1 (a class or a row?), W_{jk}: left
            if len(idx) != 2 or not re.fullmatch(r"[a-zA-Z0-9]", idx[1]):
                return masked, ""  # three indices, or a compound one: rows are not apart
            first = m.start(2) + sub.index(row)
            second = m.start(2) + sub.index(idx[1], sub.index(row) + 1)
            spans.append((first, second))
    if not spans:
        return masked, ""
    blanked = rewrite(masked, [(a, b, "") for a, b in spans])
    if out:
        note = (f"{out}_{{{row},j}} = e^{{{logits}_{{{row},j}}}} / sum_l e^{{{logits}_{{{row},l}}}}"
                f" is a softmax of each row {row}, and every formula keeps {row} fixed: each is "
                f"read for one row ({logits}_{{{row},j}} as {logits}_j)")
    else:
        note = (f"every entry with two indices has {row} first (y_{{{row},j}}, t_{{{row},k}}) "
                f"and no formula sums over {row}: {row} numbers the sample, and each formula "
                f"is read for one sample (y_{{{row},j}} as y_j)")
    if examples:
        rows = ", ".join(sorted(examples))
        note += (f"; the formulas about row {rows} alone (an example) are left as written "
                 "(not read)")
    return blanked, note


_SAMPLE_SUP_RE = re.compile(r"\^\s*\{\s*\(\s*([a-z])\s*\)\s*\}")
_ANY_PAREN_SUP_RE = re.compile(r"\^\s*\{?\s*\(")


def drop_sample_superscript(masked: str, regions: list[tuple[int, int, bool]]) -> tuple[str, str]:
    """``y^{(i)}_k``, ``z^{(i)}`` (one sample letter i throughout): in each formula that does
    not sum over i nor use i as an index of its own, the superscript is blanked and the
    formula read for that sample (y_k, z); a formula that sums over the samples keeps it."""
    letters: set[str] = set()
    spans: list[tuple[int, int, int, int]] = []  # superscript span, and its formula's
    for a, b, _ in regions:
        for m in _ANY_PAREN_SUP_RE.finditer(masked, a, b):
            sup = _SAMPLE_SUP_RE.match(masked, m.start(), b)
            if sup is None:
                return masked, ""  # ^{(k,i)}, ^{(2)}: not one sample letter
            letters.add(sup.group(1))
            spans.append((sup.start(), sup.end(), a, b))
    if len(letters) != 1:
        return masked, ""
    n = letters.pop()
    own = re.compile(r"(?:\\sum|\\Sigma|\\prod)\s*(?:\^\s*(?:\{[^{}]*\}|\w)\s*)?_\s*\{?\s*" + n
                     + r"(?![a-zA-Z])|_\s*(?:\{[^{}]*(?<![a-zA-Z\\])" + n + r"(?![a-zA-Z])[^{}]*\}|"
                     + n + r"(?![a-zA-Z]))")
    summed = {(a, b) for _, _, a, b in spans if own.search(masked, a, b)}
    keep = [(x, y, "") for x, y, a, b in spans if (a, b) not in summed]
    if not keep:
        return masked, ""
    blanked = rewrite(masked, keep)
    rest = (f"; the {len(summed)} formula(s) that sum over {n} or index by it keep it"
            if summed else "")
    return blanked, (f"every superscript ({n}) names the same sample: each formula is read for "
                     f"that sample (y^({n})_k as y_k){rest}")


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

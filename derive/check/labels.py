"""A name written with a label: ``Y_{\\text{pred}}``, ``Z_2`` (the layer), its entries in a
parenthesized superscript (``Y_{\\text{pred}}^{(j)}``, ``Z_2^{(k,j)}``).  When a letter stands in
the document's math only with one label, the label names the quantity and the superscript
indexes it: ``Y_{\\text{pred}}^{(j)}`` is read as ``Y_{j}``, ``Z_2`` as ``Z`` (the rewrite is
padded with spaces, so offsets and lines hold)."""

from __future__ import annotations

import re

_LABEL = r"(?:\\(?:text|mathrm|rm|textrm)\s*\{\s*[A-Za-z]{2,}\s*\}|[0-9])"
_LABELLED_RE = re.compile(
    r"(?<![A-Za-z\\])([A-Za-z])_\s*(?:\{\s*(" + _LABEL + r")\s*\}|([0-9]))"
    r"(?:\s*\^\s*\{\s*\(\s*([a-z](?:\s*,\s*[a-z])?)\s*\)\s*\})?")
_LETTER_USE = r"(?<![A-Za-z\\]){}(?![A-Za-z])"


def drop_name_labels(masked: str, regions: list[tuple[int, int, bool]]) -> tuple[str, str]:
    """``masked`` with each labelled name read as its letter (the superscript index as its
    subscript), and the note; a letter that also stands without its label is left alone."""
    maths = [(a, b) for a, b, _ in regions]
    hits: dict[str, list[re.Match[str]]] = {}
    labels: dict[str, set[str]] = {}
    for a, b in maths:
        for m in _LABELLED_RE.finditer(masked, a, b):
            label = re.sub(r"\s+", "", m.group(2) or m.group(3))
            hits.setdefault(m.group(1), []).append(m)
            labels.setdefault(m.group(1), set()).add(label)
    keep: list[str] = []
    for letter, found in hits.items():
        uses = sum(len(re.findall(_LETTER_USE.format(letter), masked[a:b])) for a, b in maths)
        indexed = any(m.group(4) for m in found)
        if len(labels[letter]) == 1 and uses == len(found) and indexed:
            keep.append(letter)
    if not keep:
        return masked, ""
    chars = list(masked)
    for letter in keep:
        for m in hits[letter]:
            index = "".join(m.group(4).split()) if m.group(4) else ""
            new = letter + (f"_{{{index}}}" if index else "")
            chars[m.start(): m.end()] = new + " " * (m.end() - m.start() - len(new))
    names = ", ".join(f"{x}_{{{labels[x].pop()}}}" for x in sorted(keep))
    return "".join(chars), (f"{names}: a name with a label, its entries written as a "
                            "superscript in parentheses: read as the letter with the index "
                            "as a subscript")

"""A class count written with a label: ``\\sum_{k=1}^{n_{1}}``, ``z_{n_1}`` (n_1 the width of
layer 1).  When the letter n never stands without that label in the document's math, ``n_1`` is
one name, read as ``n`` (the label blanked, so offsets and lines hold)."""

from __future__ import annotations

import re

_BOUND_RE = re.compile(r"\\sum\s*_\s*\{[^{}]*\}\s*\^\s*\{\s*([a-zA-Z])_\s*"
                       r"(\{\s*[0-9a-z]\s*\}|[0-9])\s*\}")
_LETTER_RE = r"(?<![a-zA-Z\\]){}(?![a-zA-Z])"


def drop_count_label(masked: str, regions: list[tuple[int, int, bool]]) -> tuple[str, str]:
    """``masked`` with the label of a labelled class count blanked, and the note; unchanged
    (no note) unless one labelled letter ends the sums and never stands unlabelled."""
    maths = [(a, b) for a, b, _ in regions]
    found = {(m.group(1), re.sub(r"[{}\s]", "", m.group(2)))
             for a, b in maths for m in _BOUND_RE.finditer(masked, a, b)}
    if len(found) != 1:
        return masked, ""
    letter, label = found.pop()
    labelled = re.compile(_LETTER_RE.format(letter) + r"\s*_\s*(?:\{\s*" + re.escape(label)
                          + r"\s*\}|" + re.escape(label) + r"(?![0-9a-zA-Z]))")
    anywhere = re.compile(_LETTER_RE.format(letter))
    spans: list[tuple[int, int]] = []
    for a, b in maths:
        hits = [m for m in labelled.finditer(masked, a, b)]
        if len(hits) != len(list(anywhere.finditer(masked, a, b))):
            return masked, ""  # the letter also stands alone (or with another label)
        spans += [(m.start() + 1, m.end()) for m in hits]
    chars = list(masked)
    for a, b in spans:
        chars[a:b] = " " * (b - a)
    return "".join(chars), (f"{letter}_{label} ends the sums and {letter} never stands without "
                            f"that label: {letter}_{label} is read as one name, {letter}")

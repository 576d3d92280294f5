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


_WORDS = r"(true|correct|target|label|gt|truth)"
_WORD_CLASS_RE = re.compile(r"_\s*\{\s*(?:\\(?:text|mathrm|rm)\s*\{\s*" + _WORDS + r"\s*\}|"
                            + _WORDS + r")\s*\}")
_FREE_LETTERS = "cqrsuvw"
_NUMBERED_RE = re.compile(r"(?<![A-Za-z\\])[A-Za-z]\}?\s*_\s*\{?\s*\d")


def word_class_index(masked: str, regions: list[tuple[int, int, bool]]) -> tuple[str, str]:
    """``\\hat{y}_{true}``, ``p_{\\text{correct}}``: a word as the subscript names the correct
    class, read as one index letter the document's math does not use (padded, so offsets and
    lines hold), and the note; unchanged when no letter is free."""
    maths = [(a, b) for a, b, _ in regions]
    # a formula that also names a class by number (\hat y_3 - y_3 = \hat y_{true} - 1) means
    # that class by the word: left as written (not read), a letter would claim every class
    hits = [m for a, b in maths if not _NUMBERED_RE.search(masked, a, b)
            for m in _WORD_CLASS_RE.finditer(masked, a, b)]
    words = {m.group(1) or m.group(2) for m in hits}
    if len(words) != 1:
        return masked, ""
    text = " ".join(masked[a:b] for a, b in maths)
    letter = next((c for c in _FREE_LETTERS
                   if not re.search(r"(?<![A-Za-z\\])" + c + r"(?![A-Za-z])", text)), None)
    if letter is None:
        return masked, ""
    word = words.pop()
    chars = list(masked)
    for m in hits:
        new = "_{" + letter + "}"
        chars[m.start(): m.end()] = new + " " * (m.end() - m.start() - len(new))
    cond = re.compile(r"(?<![A-Za-z\\])[a-z]\s*(?:=|\\neq?|≠)\s*(" + word + r")(?![A-Za-z])")
    for a, b in maths:  # "$i \neq true$": the case names the class by the same word
        for m in cond.finditer(masked, a, b):
            chars[m.start(1): m.end(1)] = letter + " " * (m.end(1) - m.start(1) - 1)
    return "".join(chars), (f"the subscript {word} names the correct class: read as the "
                            f"index {letter}")


_DECOR_INDEX = r"\\(?:hat|tilde|bar|check)\s*(?:\{\s*([a-z])\s*\}|([a-z])(?![a-zA-Z]))"
_DECOR_SUB_RE = re.compile(r"_\s*(?:" + _DECOR_INDEX + r"|\{((?:[^{}]|\{[^{}]*\})*?)\})")
_DECOR_IN_RE = re.compile(_DECOR_INDEX)


def decorated_index(masked: str, regions: list[tuple[int, int, bool]]) -> tuple[str, str]:
    """``p_\\hat{c}``, ``\\delta_{c,\\hat{c}}``: a decorated letter as an index (the labelled
    class) is one index letter the math does not use (padded); the note says which."""
    maths = [(a, b) for a, b, _ in regions]
    spans: list[tuple[int, int, str]] = []  # (start, end, decorated letter)
    for a, b in maths:
        for m in _DECOR_SUB_RE.finditer(masked, a, b):
            if m.group(1) or m.group(2):
                spans.append((m.start() + masked[m.start():].index("\\"), m.end(),
                              m.group(1) or m.group(2)))
            elif m.group(3) is not None:
                base = m.start(3)
                spans += [(base + d.start(), base + d.end(), d.group(1) or d.group(2))
                          for d in _DECOR_IN_RE.finditer(m.group(3))]
    if not spans:
        return masked, ""
    text = " ".join(masked[a:b] for a, b in maths)
    free = [c for c in "qrsuvwgh" if not re.search(r"(?<![A-Za-z\\])" + c + r"(?![A-Za-z])",
                                                   text)]
    letters = sorted({x for _, _, x in spans})
    if len(free) < len(letters):
        return masked, ""
    named = dict(zip(letters, free, strict=False))
    chars = list(masked)
    for a, b, x in spans:
        new = named[x] if b - a > 1 else x
        chars[a:b] = new + " " * (b - a - len(new))
    said = ", ".join(f"\\hat {x} as {named[x]}" for x in letters)
    return "".join(chars), f"a decorated letter used as an index is one index letter ({said})"

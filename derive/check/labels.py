"""Names the grammar reads as one letter, rewritten in the document's math before parsing;
every rewrite is padded with spaces (:func:`rewrite`), so offsets and lines hold.

- a name with a label: ``Y_{\\text{pred}}``, ``Z_2`` (the layer), its entries in a parenthesized
  superscript (``Y_{\\text{pred}}^{(j)}``) -- read as ``Y_{j}``, ``Z_2`` as ``Z``;
- a class count with a label: ``\\sum_{k=1}^{n_{1}}``, ``z_{n_1}`` -- ``n_1`` read as ``n``;
- a word as the subscript, ``\\hat y_{true}``, and a decorated letter as an index,
  ``p_\\hat{c}`` -- one index letter the math does not use.

Each applies only when the letter never stands otherwise (a bare ``Y``, ``n`` beside them).
"""

from __future__ import annotations

import re

_LABEL = r"(?:\\(?:text|mathrm|rm|textrm)\s*\{\s*[A-Za-z]{2,}\s*\}|[0-9])"
_LABELLED_RE = re.compile(
    r"(?<![A-Za-z\\])([A-Za-z])_\s*(?:\{\s*(" + _LABEL + r")\s*\}|([0-9]))"
    r"(?:\s*\^\s*\{\s*\(\s*([a-z](?:\s*,\s*[a-z])?)\s*\)\s*\})?")
_LETTER_USE = r"(?<![A-Za-z\\]){}(?![A-Za-z])"


def rewrite(masked: str, edits: list[tuple[int, int, str]]) -> str:
    """masked with each span (a, b) replaced by its text padded with spaces to b - a."""
    chars = list(masked)
    for a, b, new in edits:
        chars[a:b] = new + " " * (b - a - len(new))
    return "".join(chars)


def _free_letters(masked: str, maths: list[tuple[int, int]], pool: str) -> list[str]:
    """The letters of pool that stand nowhere in the math (free to name an index)."""
    text = " ".join(masked[a:b] for a, b in maths)
    return [c for c in pool if not re.search(_LETTER_USE.format(c), text)]


def _fresh_letters(masked: str, maths: list[tuple[int, int]], names: list, pool: str
                   ) -> dict | None:
    """Each name a letter of pool that stands nowhere in the math, or None if too few are free."""
    free = _free_letters(masked, maths, pool)
    return dict(zip(names, free, strict=False)) if len(free) >= len(names) else None


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
    edits = []
    for letter in keep:
        for m in hits[letter]:
            index = "".join(m.group(4).split()) if m.group(4) else ""
            edits.append((m.start(), m.end(), letter + (f"_{{{index}}}" if index else "")))
    names = ", ".join(f"{x}_{{{labels[x].pop()}}}" for x in sorted(keep))
    return rewrite(masked, edits), (f"{names}: a name with a label, its entries written as "
                                    "a superscript in parentheses: read as the letter with "
                                    "the index as a subscript")


_WORDS = r"((?:true|correct|target)(?:\s+class)?|label|gt|truth)"
_WORD_CLASS_RE = re.compile(r"_\s*\{\s*(?:\\(?:text|mathrm|rm)\s*\{\s*" + _WORDS + r"\s*\}|"
                            + _WORDS + r")\s*\}")
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
    free = _free_letters(masked, maths, "cqrsuvw")
    if not free:
        return masked, ""
    letter, word = free[0], words.pop()
    edits = [(m.start(), m.end(), "_{" + letter + "}") for m in hits]
    cond = re.compile(r"(?<![A-Za-z\\])[a-z]\s*(?:=|\\neq?|≠)\s*(" + re.escape(word)
                      + r")(?![A-Za-z])")
    # "$i \neq true$": the case names the class by the same word
    edits += [(m.start(1), m.end(1), letter) for a, b in maths
              for m in cond.finditer(masked, a, b)]
    return rewrite(masked, edits), (f"the subscript {word} names the correct class: read as "
                                    f"the index {letter}")


_DECOR_INDEX = r"\\(hat|tilde|bar|check)\s*(?:\{\s*([a-z])\s*\}|([a-z])(?![a-zA-Z]))"
_DECOR_SUB_RE = re.compile(r"_\s*(?:" + _DECOR_INDEX + r"|\{((?:[^{}]|\{[^{}]*\})*?)\})")
_DECOR_IN_RE = re.compile(_DECOR_INDEX)


def decorated_index(masked: str, regions: list[tuple[int, int, bool]]) -> tuple[str, str]:
    """``p_\\hat{c}``, ``\\delta_{c,\\hat{c}}``: a decorated letter as an index (the labelled
    class) is one index letter the math does not use (padded), one per decoration and letter
    (\\hat c and \\tilde c stay apart); the note says which."""
    maths = [(a, b) for a, b, _ in regions]
    spans: list[tuple[int, int, str]] = []  # (start, end, "hat c")
    for a, b in maths:
        for m in _DECOR_SUB_RE.finditer(masked, a, b):
            if m.group(1):
                spans.append((masked.index("\\", m.start()), m.end(),
                              f"{m.group(1)} {m.group(2) or m.group(3)}"))
            elif m.group(4) is not None:
                base = m.start(4)
                spans += [(base + d.start(), base + d.end(),
                           f"{d.group(1)} {d.group(2) or d.group(3)}")
                          for d in _DECOR_IN_RE.finditer(m.group(4))]
    if not spans:
        return masked, ""
    names = sorted({x for _, _, x in spans})
    named = _fresh_letters(masked, maths, names, "qrsuvwgh")
    if named is None:
        return masked, ""
    said = ", ".join(f"\\{x} as {named[x]}" for x in names)
    return (rewrite(masked, [(a, b, named[x]) for a, b, x in spans]),
            f"a decorated letter used as an index is one index letter ({said})")


_BOUND_RE = re.compile(r"\\sum\s*_\s*\{[^{}]*\}\s*\^\s*\{\s*([a-zA-Z])_\s*"
                       r"(\{\s*[0-9a-z]\s*\}|[0-9])\s*\}")


def drop_count_label(masked: str, regions: list[tuple[int, int, bool]]) -> tuple[str, str]:
    """``masked`` with the label of a labelled class count blanked, and the note; unchanged
    (no note) unless one labelled letter ends the sums and never stands unlabelled."""
    maths = [(a, b) for a, b, _ in regions]
    found = {(m.group(1), re.sub(r"[{}\s]", "", m.group(2)))
             for a, b in maths for m in _BOUND_RE.finditer(masked, a, b)}
    if len(found) != 1:
        return masked, ""
    letter, label = found.pop()
    labelled = re.compile(_LETTER_USE.format(letter) + r"\s*_\s*(?:\{\s*" + re.escape(label)
                          + r"\s*\}|" + re.escape(label) + r"(?![0-9a-zA-Z]))")
    anywhere = re.compile(_LETTER_USE.format(letter))
    edits: list[tuple[int, int, str]] = []
    for a, b in maths:
        hits = list(labelled.finditer(masked, a, b))
        if len(hits) != len(list(anywhere.finditer(masked, a, b))):
            return masked, ""  # the letter also stands alone (or with another label)
        edits += [(m.start() + 1, m.end(), "") for m in hits]
    return rewrite(masked, edits), (f"{letter}_{label} ends the sums and {letter} never stands "
                                    f"without that label: {letter}_{label} is read as one "
                                    f"name, {letter}")


_SUBSCRIPT_RE = re.compile(r"_\s{0,3}(?:\{[^{}]{0,24}\}|[a-z]')")
_PRIMED_RE = re.compile(r"([a-z])'(?![\s']{0,3}\()")  # k' (not f'(x), a derivative)


def primed_indices(masked: str, regions: list[tuple[int, int, bool]]) -> tuple[str, str]:
    """``\\sum_{k'=1}^K t_{k'} \\log y_{k'}``, ``\\delta_{kk'}``, ``k' = k``: a primed letter
    written as an index is a letter of its own; it is read as a letter the math does not use,
    and the note says which (unchanged, no note, when no letter is free)."""
    maths = [(a, b) for a, b, _ in regions]
    subs = [m for a, b in maths for m in _SUBSCRIPT_RE.finditer(masked, a, b)]
    primed = sorted({p.group(1) for m in subs for p in _PRIMED_RE.finditer(m.group(0))})
    if not primed:
        return masked, ""
    as_letter = _fresh_letters(masked, maths, primed, "qrsuvwlmnpo")
    if as_letter is None:
        return masked, ""
    edits: list[tuple[int, int, str]] = []
    for m in subs:  # inside subscripts: any primed letter (delta_{kk'})
        for p in _PRIMED_RE.finditer(m.group(0)):
            if p.group(1) in as_letter:
                edits.append((m.start() + p.start(), m.start() + p.end(), as_letter[p.group(1)]))
    inside = {a for a, _, _ in edits}
    alone = re.compile(r"(?<![A-Za-z\\])(" + "|".join(as_letter) + r")'(?![\s']{0,3}\()")
    for a, b in maths:  # elsewhere: the letter alone ("the k' = k term")
        edits += [(m.start(), m.end(), as_letter[m.group(1)]) for m in alone.finditer(masked, a, b)
                  if m.start() not in inside]
    said = ", ".join(f"{k}' as {v}" for k, v in as_letter.items())
    return rewrite(masked, edits), f"primed indices read as letters of their own: {said}"


_BRACKETED_RE = re.compile(r"\(\s{0,3}([A-Za-z])_(?:\{\s{0,3}([A-Za-z0-9]{1,8})\s{0,3}\}"
                           r"|([A-Za-z0-9]))\s{0,3}\)(?=\s{0,3}_)")


def bracketed_vectors(masked: str, regions: list[tuple[int, int, bool]]) -> tuple[str, str]:
    """``e^{(y_a)_k}``, ``\\partial (y_a)_l``: the entries of a labelled vector written in
    brackets are read as the entries of one letter the math does not use (said); unchanged
    (no note) when there is none or no letter is free."""
    maths = [(a, b) for a, b, _ in regions]
    hits = [m for a, b in maths for m in _BRACKETED_RE.finditer(masked, a, b)]
    names = sorted({(m.group(1), m.group(2) or m.group(3)) for m in hits})
    if not names:
        return masked, ""
    as_letter = _fresh_letters(masked, maths, names, "uvwrsqp")
    if as_letter is None:
        return masked, ""
    edits = [(m.start(), m.end(), " " * (m.end() - m.start() - 1)  # the letter next to its _k
              + as_letter[(m.group(1), m.group(2) or m.group(3))]) for m in hits]
    said = ", ".join(f"({b}_{lab})_k as {v}_k" for (b, lab), v in as_letter.items())
    return rewrite(masked, edits), f"entries of a labelled vector in brackets read as: {said}"


_LAYER_SUP_RE = re.compile(
    r"(\\[a-zA-Z]{2,12}|(?<![\\a-zA-Z])[A-Za-df-z])"  # the base (not e: e^L is a power)
    r"(\s{0,3}_\s{0,3}(?:\{[^{}]{1,12}\}|[a-zA-Z0-9]))?"  # a subscript before the label
    r"(\s{0,3}\^\s{0,3}(?:\{\s{0,3}([Ll])\s{0,3}(?:([-+])\s{0,3}1)?\s{0,3}\}|([Ll])(?![a-zA-Z])))")


def layer_labels(masked: str, regions: list[tuple[int, int, bool]]) -> tuple[str, str]:
    """``a_j^L``, ``z^L_k``, ``a_k^{L-1}`` (Nielsen's layers): a superscript L on two or more
    names (or beside L-1) labels the last layer, not a power; it is blanked (a_j^L as a_j), and
    a name of another layer (a^{L-1}) is read as a letter of its own the math does not use
    (said); unchanged, no note, otherwise."""
    maths = [(a, b) for a, b, _ in regions]
    hits = [m for a, b in maths for m in _LAYER_SUP_RE.finditer(masked, a, b)]
    labels = {m.group(4) or m.group(6) for m in hits}
    bases = {m.group(1) for m in hits if not m.group(5)}
    if len(labels) != 1 or not (len(bases) >= 2 or any(m.group(5) for m in hits)):
        return masked, ""
    others = sorted({(m.group(1), m.group(5)) for m in hits if m.group(5)})
    as_letter = _fresh_letters(masked, maths, others, "uvwghpqrs")
    if as_letter is None:
        return masked, ""
    edits: list[tuple[int, int, str]] = []
    for m in hits:
        if m.group(5):
            base = as_letter[(m.group(1), m.group(5))]
            edits.append((m.start(1), m.end(1), " " * (m.end(1) - m.start(1) - 1) + base))
        edits.append((m.start(3), m.end(3), ""))
    label = labels.pop()
    said = "".join(f"; {b}^{{{label}{s}1}} as {v}" for (b, s), v in as_letter.items())
    return rewrite(masked, edits), (f"the superscript {label} labels the layer, not a power "
                                    f"(a_j^{label} as a_j){said}")


_NUMBERED_SUP_RE = re.compile(
    r"(\\[a-zA-Z]{2,12}|(?<![\\a-zA-Z])[A-Za-df-z])"  # the base (not e)
    r"(\s{0,3}_\s{0,3}(?:\{[^{}]{1,12}\}|[a-zA-Z0-9]))?"
    r"(\s{0,3}\^\s{0,3}\{\s{0,3}\(\s{0,3}([0-9])\s{0,3}\)\s{0,3}\})")


def numbered_layers(masked: str, regions: list[tuple[int, int, bool]]) -> tuple[str, str]:
    """``z_j^{(2)}``, ``a_i^{(1)}`` (layers numbered in brackets): the last layer a name is
    written with loses its label (z_j^{(2)} as z_j); a name of an earlier layer is read as a
    letter of its own the math does not use (said); unchanged, no note, without such labels."""
    maths = [(a, b) for a, b, _ in regions]
    hits = [m for a, b in maths for m in _NUMBERED_SUP_RE.finditer(masked, a, b)]
    if not hits:
        return masked, ""
    last: dict[str, str] = {}
    for m in hits:
        last[m.group(1)] = max(last.get(m.group(1), "0"), m.group(4))
    text = " ".join(masked[a:b] for a, b in maths)
    bare = {base for base in last  # the name also stands unlabelled: every layer keeps a name
            if len(re.findall(_LETTER_USE.format(re.escape(base)), text))
            > sum(m.group(1) == base for m in hits)}
    others = sorted({(m.group(1), m.group(4)) for m in hits
                     if m.group(4) != last[m.group(1)] or m.group(1) in bare})
    as_letter = _fresh_letters(masked, maths, others, "uvwghpqrs")
    if as_letter is None:
        return masked, ""
    edits: list[tuple[int, int, str]] = []
    for m in hits:
        key = (m.group(1), m.group(4))
        if key in as_letter:
            edits.append((m.start(1), m.end(1), " " * (m.end(1) - m.start(1) - 1)
                          + as_letter[key]))
        edits.append((m.start(3), m.end(3), ""))
    said = "".join(f"; {b}^{{({n})}} as {v}" for (b, n), v in as_letter.items())
    return rewrite(masked, edits), ("a layer number in brackets labels the layer, not a power "
                                    f"(the last layer's z_j^{{(n)}} as z_j){said}")

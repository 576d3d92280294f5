"""counts.py: a class count written with a label (n_1) is one name, only when it is never bare."""

from __future__ import annotations

from derive.check.counts import drop_count_label


def _regions(text: str) -> list[tuple[int, int, bool]]:
    out, at = [], 0
    while (a := text.find("$$", at)) >= 0:
        b = text.find("$$", a + 2)
        out.append((a + 2, b, True))
        at = b + 2
    return out


def test_the_label_of_the_count_is_blanked_keeping_offsets() -> None:
    doc = r"$$y_q = \frac{e^{z_q}}{\sum_{k=1}^{n_{1}} e^{z_k}}$$ and $$y_{n_1} = 1 - \sum_k y_k$$"
    out, note = drop_count_label(doc, _regions(doc))
    assert len(out) == len(doc)
    assert r"^{n    }" in out and "y_{n  }" in out and "n_1 is read as one name" in note


def test_a_count_letter_that_also_stands_bare_is_left_alone() -> None:
    for other in (r"$$\frac{1}{n} = y_1$$", r"$$y_{n_2} = 0$$"):
        doc = r"$$y_q = \frac{e^{z_q}}{\sum_{k=1}^{n_{1}} e^{z_k}}$$ " + other
        out, note = drop_count_label(doc, _regions(doc))
        assert out == doc and note == "", other

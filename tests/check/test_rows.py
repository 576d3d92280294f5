"""rows.py: a softmax taken row by row is read for one row, and only when rows never meet."""

from __future__ import annotations

from derive.check.rows import drop_row_index
from derive.check.run import check_document

ROW_DEF = r"$$S_{i,j} = \frac{e^{z_{i,j}}}{\sum_{l=1}^{L} e^{z_{i,l}}}$$" + "\n\n"


def _regions(text: str) -> list[tuple[int, int, bool]]:
    out, at = [], 0
    while (a := text.find("$$", at)) >= 0:
        b = text.find("$$", a + 2)
        out.append((a + 2, b, True))
        at = b + 2
    return out


def test_row_index_is_blanked_keeping_offsets() -> None:
    doc = ROW_DEF + r"$$\frac{\partial S_{i,j}}{\partial z_{i,k}} = S_{ij}(\delta_{jk} - S_{i,k})$$"
    out, note = drop_row_index(doc, _regions(doc))
    assert len(out) == len(doc) and out.count("\n") == doc.count("\n")
    assert "S_{  j}" in out and "z_{  k}" in out and "S_{ j}" in out
    assert "softmax of each row i" in note


def test_rows_that_meet_are_left_alone() -> None:
    for other in (r"$$\frac{\partial S_{k,l}}{\partial z_{i,j}} = 0$$",  # two rows
                  r"$$L = -\sum_i \log S_{i,y}$$",  # a sum over the rows
                  r"$$\frac{\partial S_{i,j}}{\partial z_i} = 0$$"):  # i alone
        doc = ROW_DEF + other
        out, note = drop_row_index(doc, _regions(doc))
        assert out == doc and note == "", other


def test_row_wise_jacobian_is_checked_for_one_row() -> None:
    doc = (ROW_DEF + r"$$\frac{\partial S_{i,j}}{\partial z_{i,k}} = S_{i,j}(\delta_{jk} - S_{i,k})"
           r"$$" + "\n\n" + r"$$\frac{\partial S_{i,j}}{\partial z_{i,k}} = S_{i,j}(1 - S_{i,k})$$")
    report = check_document(doc, "t.md")
    verdicts = [(s.line, s.verdict) for s in report.steps if s.kind == "step"]
    assert verdicts == [(3, "ok"), (5, "wrong")], report.steps
    assert any("each row i" in n for n in report.notes)
    assert "z_{k}" in report.steps[-1].lhs  # shown without the blanked row index

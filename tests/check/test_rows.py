"""rows.py: a softmax taken row by row is read for one row, and only when rows never meet."""

from __future__ import annotations

from derive.check.rows import drop_row_index, drop_sample_superscript
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
                  r"$$L = -\sum\limits_{i=1}^{N} \log S_{i,y}$$",  # the same, with \limits
                  r"$$\frac{\partial S_{1,j}}{\partial z_{2,j}} = 0$$",  # two example rows
                  "$$S_{i,j} = 1$$\n\n$$= S_{1,j}$$"):  # a chain going on in another row
        doc = ROW_DEF + other
        out, note = drop_row_index(doc, _regions(doc))
        assert out == doc and note == "", other


def test_a_row_alone_is_the_row_vector_and_is_not_read_as_an_entry() -> None:
    """∂S_{i,j}/∂z_i: z_i is row i of z, read as the vector z (so not read), not as z's entry."""
    doc = ROW_DEF + r"$$\frac{\partial S_{i,j}}{\partial z_i} = 0$$"
    out, note = drop_row_index(doc, _regions(doc))
    assert "z  } = 0" in out and note
    report = check_document(doc, "t.md")
    assert [s.verdict for s in report.steps if s.line == 3] == ["unreadable"]


def test_an_example_row_written_with_digits_is_left_as_written() -> None:
    """S_{1,2} (row 1 of an example) is not rewritten (its entries are not read), and the
    formulas of row i still are."""
    doc = (ROW_DEF + r"$$\frac{\partial S_{1,2}}{\partial z_{1,3}} = -S_{1,2} S_{1,3}$$" + "\n\n"
           r"$$\frac{\partial S_{i,j}}{\partial z_{i,j}} = S_{i,j} + S_{i,j}$$")
    out, note = drop_row_index(doc, _regions(doc))
    assert "S_{1,2}" in out and "row 1 alone" in note
    report = check_document(doc, "t.md")
    assert [(s.line, s.verdict) for s in report.steps if s.kind == "step"] == [
        (3, "unreadable"), (5, "wrong")], report.steps


def test_row_wise_jacobian_is_checked_for_one_row() -> None:
    doc = (ROW_DEF + r"$$\frac{\partial S_{i,j}}{\partial z_{i,k}} = S_{i,j}(\delta_{jk} - S_{i,k})"
           r"$$" + "\n\n" + r"$$\frac{\partial S_{i,j}}{\partial z_{i,k}} = S_{i,j}(1 - S_{i,k})$$")
    report = check_document(doc, "t.md")
    verdicts = [(s.line, s.verdict) for s in report.steps if s.kind == "step"]
    assert verdicts == [(3, "ok"), (5, "wrong")], report.steps
    assert any("each row i" in n for n in report.notes)
    assert "z_{k}" in report.steps[-1].lhs  # shown without the blanked row index


def test_one_sample_index_on_every_two_index_entry_is_dropped() -> None:
    doc = ("$$E_n = -\\sum_k t_{n,k} \\ln y_{n,k}$$\n\n"
           "$$\\sum_k t_{n,k} y_{n,j} - t_{n,j} = y_{n,j} - t_{n,j}$$\n")
    out, note = drop_row_index(doc, _regions(doc))
    assert "t_{  k}" in out and "y_{  j}" in out and "E  " in out and len(out) == len(doc)
    assert "numbers the sample" in note
    for other in ("$$\\sum_n E_n = L$$", "$$y_{m,j} = 1$$"):  # a sum over n; two sample letters
        doc2 = doc + "\n" + other
        assert drop_row_index(doc2, _regions(doc2)) == (doc2, "")


def test_the_sample_index_reading_needs_the_condition_and_catches_the_error() -> None:
    doc = ("The softmax is $y_{n,j} = \\frac{e^{a_{n,j}}}{\\sum_k e^{a_{n,k}}}$.\n\n"
           "$$\\sum_k t_{n,k} y_{n,j} - t_{n,j} = y_{n,j} - t_{n,j}$$\n\n"
           "$$\\sum_k t_{n,k} y_{n,j} - t_{n,j} = y_{n,j} + t_{n,j}$$\n")
    verdicts = [(s.line, s.verdict) for s in check_document(doc, "t.md").steps
                if s.kind == "step"]
    assert verdicts == [(3, "needs-condition"), (5, "wrong")], verdicts


SAMPLE = (r"Softmax $\hat{y}^{(i)}_k = \frac{e^{z^{(i)}_k}}{\sum_j e^{z^{(i)}_j}}$ and "
          r"$L^{(i)} = -\sum_k y^{(i)}_k \log \hat{y}^{(i)}_k$." + "\n\n"
          r"$$\frac{\partial L^{(i)}}{\partial z^{(i)}_k} = \hat{y}^{(i)}_k - y^{(i)}_k = "
          r"\hat{y}^{(i)}_k + y^{(i)}_k$$" + "\n")


def _math(doc: str) -> list[tuple[int, int, bool]]:
    from derive.check.markdown import locate_math
    return list(locate_math(doc).regions)


def test_one_sample_superscript_is_read_for_that_sample() -> None:
    out, note = drop_sample_superscript(SAMPLE, _math(SAMPLE))
    assert len(out) == len(SAMPLE) and out.count("\n") == SAMPLE.count("\n") and "(i)" in note
    assert "^{(i)}" not in out
    report = check_document(SAMPLE, "t.md")
    assert [s.verdict for s in report.steps if s.line == 3] == ["needs-condition", "wrong"]


def test_sample_superscripts_of_two_letters_are_left_alone() -> None:
    doc = SAMPLE + "\n" + r"$$y^{(j)}_k = 0$$" + "\n"  # two sample letters
    assert drop_sample_superscript(doc, _math(doc))[1] == ""
    assert all(s.verdict == "unreadable" for s in check_document(doc, "t.md").steps
               if s.line == 3)


def test_a_formula_that_sums_over_the_samples_keeps_them_and_the_others_are_read() -> None:
    for extra in (r"$$J = \frac{1}{m}\sum_{i=1}^m L^{(i)}$$",  # a batch sum: samples meet
                  r"$$\frac{\partial y_i}{\partial z_i} = 0$$"):  # i is a class index there
        doc = SAMPLE + "\n" + extra + "\n"
        out, note = drop_sample_superscript(doc, _math(doc))
        assert "(i)" in note, extra
        assert ("^{(i)}" in out) == ("sum_{i=1}" in extra), extra
        verdicts = [s.verdict for s in check_document(doc, "t.md").steps if s.line == 3]
        assert verdicts == ["needs-condition", "wrong"], extra


def test_a_loss_of_one_row_keeps_its_row_apart_from_the_softmax_rows() -> None:
    doc = (ROW_DEF + r"$$E_i = -\sum_j t_{i,j} \log S_{i,j}$$" + "\n\n"
           r"$$\frac{\partial E_i}{\partial z_{i,k}} = S_{i,k} - t_{i,k}$$" + "\n\n"
           r"$$\frac{\partial E_i}{\partial z_{i,k}} = S_{i,k} + t_{i,k}$$")
    report = check_document(doc, "t.md")
    verdicts = [(s.line, s.verdict) for s in report.steps if s.kind == "step"]
    assert verdicts == [(5, "needs-condition"), (7, "wrong")], report.steps
    # S_i (a name with two indices elsewhere) alone is row i of S, the vector: not read
    doc = ROW_DEF + r"$$\frac{\partial S_i}{\partial z_{i,k}} = 0$$"
    report = check_document(doc, "t.md")
    assert [s.verdict for s in report.steps if s.line == 3] == ["unreadable"]

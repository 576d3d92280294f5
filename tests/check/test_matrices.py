"""Matrices in a derivation: elided Jacobians, ∂y/∂z laid out as a matrix, class K as an index.

Every document here is written for the test.  Each correct layout has a false twin that must
be rejected.
"""

from __future__ import annotations

from derive.check import ast as A
from derive.check import check_document, matrices
from derive.check.parser import parse_member as parse

SM = "Softmax is $y_i = \\frac{e^{z_i}}{\\sum_{k=1}^K e^{z_k}}$.\n\n"  # line 1


def _verdicts(text: str) -> dict[int, str]:
    report = check_document(text, "m.md")
    return {s.line: s.verdict for s in report.steps if s.kind == "step"}


def _jacobian(one_k: str = "-y_1 y_K", two_two: str = "y_2(1-y_2)") -> str:
    return ("\\begin{pmatrix} y_1(1-y_1) & -y_1 y_2 & \\cdots & " + one_k + " \\\\ "
            "-y_2 y_1 & " + two_two + " & \\cdots & -y_2 y_K \\\\ "
            "\\vdots & \\vdots & \\ddots & \\vdots \\\\ "
            "-y_K y_1 & -y_K y_2 & \\cdots & y_K(1-y_K) \\end{pmatrix}")


def test_labels_of_an_elided_grid() -> None:
    m = parse(_jacobian())
    assert isinstance(m, A.Matrix)
    assert matrices.labels(m, "K") == ([1, 2, None, "K"], [1, 2, None, "K"])


def test_a_layout_with_two_rows_after_the_gap_has_no_labels() -> None:
    m = parse("\\begin{bmatrix} a & b \\\\ \\vdots & \\vdots \\\\ c & d \\\\ e & f \\end{bmatrix}")
    assert isinstance(m, A.Matrix)
    assert matrices.labels(m, "K") is None


def test_elided_jacobian_is_checked_entry_by_entry() -> None:
    doc = SM + "$$\\frac{\\partial y}{\\partial z} = " + _jacobian() + "$$\n"
    assert _verdicts(doc) == {3: "ok"}


def test_wrong_entry_of_an_elided_jacobian_is_named() -> None:
    for one_k, two_two, where in (("y_1 y_K", "y_2(1-y_2)", "entry (1, K)"),
                                  ("-y_1 y_K", "y_2(1-y_1)", "entry (2, 2)")):
        doc = SM + "$$\\frac{\\partial y}{\\partial z} = " + _jacobian(one_k, two_two) + "$$\n"
        step = next(s for s in check_document(doc, "m.md").steps if s.kind == "step")
        assert step.verdict == "wrong" and step.reason.startswith(where), step.reason
        assert step.counterexample is not None


def test_array_in_brackets_is_a_matrix() -> None:
    doc = SM + ("$$\\frac{\\partial y}{\\partial z} = \\left[ \\begin{array}{ccc}\n"
                "y_1(1-y_1) & \\cdots & -y_1 y_K \\\\\n\\vdots & \\ddots & \\vdots \\\\\n"
                "-y_K y_1 & \\cdots & y_K(1+y_K)\n\\end{array} \\right]$$\n")
    step = next(s for s in check_document(doc, "m.md").steps if s.kind == "step")
    assert step.verdict == "wrong" and step.reason.startswith("entry (K, K)")


def test_a_matrix_of_partials_then_its_values() -> None:
    doc = SM + ("$$J = \\begin{bmatrix} \\frac{\\partial y_1}{\\partial z_1} & "
                "\\frac{\\partial y_1}{\\partial z_2} \\\\ \\frac{\\partial y_2}{\\partial z_1} & "
                "\\frac{\\partial y_2}{\\partial z_2} \\end{bmatrix} = \\begin{bmatrix} "
                "y_1(1-y_1) & -y_1 y_2 \\\\ -y_2 y_1 & y_2(1-y_2) \\end{bmatrix} = "
                "\\begin{bmatrix} y_1(1-y_1) & y_1 y_2 \\\\ -y_2 y_1 & y_2(1-y_2) "
                "\\end{bmatrix}$$\n")
    assert [s.verdict for s in check_document(doc, "m.md").steps
            if s.kind == "step"] == ["ok", "wrong"]


def test_class_k_as_an_index_is_the_last_class() -> None:
    doc = SM + ("$$\\frac{\\partial y_1}{\\partial z_K} = -y_1 y_K$$\n\n"
                "$$\\frac{\\partial y_1}{\\partial z_K} = y_1 y_K$$\n\n"
                "$$\\frac{\\partial y_K}{\\partial z_K} = y_K(1-y_K)$$\n\n"
                "$$\\frac{\\partial y_K}{\\partial z_K} = y_K(1-y_1)$$\n")
    assert _verdicts(doc) == {3: "ok", 5: "wrong", 7: "ok", 9: "wrong"}


def test_class_k_beside_class_1_is_proven_for_k_at_least_2() -> None:
    doc = SM + "$$\\frac{\\partial y_1}{\\partial z_K} = -y_1 y_K$$\n"
    step = next(s for s in check_document(doc, "m.md").steps if s.kind == "step")
    assert step.verdict == "ok" and "K >= 2" in step.checked


def test_three_dots_are_a_gap_too() -> None:
    m = parse("\\begin{bmatrix} a & ... & b \\\\ ... & ... & ... \\\\ c & ... & d \\end{bmatrix}")
    assert isinstance(m, A.Matrix)
    assert matrices.labels(m, "n") == ([1, None, "n"], [1, None, "n"])


def test_bars_around_a_column_are_a_vector_but_a_square_is_a_determinant() -> None:
    from derive.check.parser import Unreadable

    assert isinstance(parse("\\begin{vmatrix} a \\\\ b \\end{vmatrix}"), A.Matrix)
    try:
        parse("\\begin{vmatrix} a & b \\\\ c & d \\end{vmatrix}")
    except Unreadable as exc:
        assert "determinant" in str(exc)
    else:
        raise AssertionError("a 2x2 vmatrix must not be read as a matrix")


def test_a_size_letter_in_the_last_row_and_column_is_the_class_count() -> None:
    from derive.check import ast as A
    from derive.check.matrices import size_letters

    def d(r: str | int, c: str | int) -> A.Node:
        return A.Deriv(A.Idx("y", (r,)), A.Idx("z", (c,)))
    gap = A.Gap("cdots")
    m = A.Matrix(((d(1, 1), gap, d(1, "n")), (gap, gap, gap), (d("m", 1), gap, d("m", "n"))))
    out = size_letters(m, "K")
    assert out.rows[2][0] == d("K", 1) and out.rows[0][2] == d(1, "K")
    assert out.rows[2][2] == d("K", "K")
    # a letter another row uses too is not a size: left alone
    m2 = A.Matrix(((d(1, "j"), gap, d(1, "j")), (gap, gap, gap), (d("j", 1), gap, d("j", "j"))))
    assert size_letters(m2, "K") == m2

"""Step semantics: definitions, derivatives, cases, conditions, generic losses."""

from __future__ import annotations

import pytest

from derive.check import check_document

SOFTMAX = r"The softmax is $y_i = \frac{e^{z_i}}{\sum_k e^{z_k}}$."
LOSS = r"The loss is $E = -\sum_k t_k \ln y_k$."


def verdicts(doc: str) -> list[tuple[int, str]]:
    return [(s.line, s.verdict) for s in check_document(doc, "t.md").steps]


def test_diagonal_claim_without_case_is_wrong_off_diagonal() -> None:
    doc = SOFTMAX + "\n\n$$\\frac{\\partial y_i}{\\partial z_j} = y_i (1 - y_i)$$\n"
    ((line, v),) = [x for x in verdicts(doc) if x[0] == 3]
    assert v == "wrong"
    step = check_document(doc).steps[-1]
    assert dict(step.counterexample.indices)["i"] != dict(step.counterexample.indices)["j"]


def test_same_claim_with_case_prose_is_ok() -> None:
    doc = SOFTMAX + "\n\nWhen $i = j$,\n$$\\frac{\\partial y_i}{\\partial z_j} = y_i (1 - y_i)$$\n"
    assert verdicts(doc)[-1] == (4, "ok")


def test_generic_loss_chain_rule() -> None:
    doc = SOFTMAX + ("\n\n$$\\frac{\\partial L}{\\partial z_j} = "
                     "\\sum_k \\frac{\\partial L}{\\partial y_k} y_k (\\delta_{kj} - y_j)$$\n")
    assert verdicts(doc)[-1] == (3, "ok")
    bad = doc.replace("(\\delta_{kj} - y_j)", "(\\delta_{kj} + y_j)")
    assert verdicts(bad)[-1] == (3, "wrong")


def test_second_derivative_of_generic_loss_is_unreadable() -> None:
    doc = SOFTMAX + ("\n\n$$\\frac{\\partial}{\\partial z_j} \\frac{\\partial L}{\\partial y_k}"
                     " = 0$$\n")
    assert verdicts(doc)[-1] == (3, "unreadable")


def test_undefined_function_derivative_is_unreadable_not_wrong() -> None:
    doc = "$$\\frac{\\partial y_i}{\\partial z_j} = y_i (\\delta_{ij} - y_j)$$\n"
    assert verdicts(doc) == [(1, "unreadable")]


def test_needs_condition_vs_wrong() -> None:
    doc = SOFTMAX + " " + LOSS + "\n\n$$\\frac{\\partial E}{\\partial z_j} = y_j - t_j$$\n"
    assert verdicts(doc)[-1] == (3, "needs-condition")
    wrong = doc.replace("y_j - t_j", "y_j - 2 t_j")
    assert verdicts(wrong)[-1] == (3, "wrong")


def test_condition_stated_flag() -> None:
    base = SOFTMAX + " " + LOSS + "\n\n$$\\frac{\\partial E}{\\partial z_j} = y_j - t_j$$\n"
    stated = base + "\nHere $\\sum_k t_k = 1$.\n"
    assert check_document(base).steps[-1].condition_stated is False
    assert check_document(stated).steps[-1].condition_stated is True


def test_definition_after_use() -> None:
    doc = (r"$E = -\sum_k t_k \ln y_k$, where $y_k = \frac{e^{z_k}}{\sum_j e^{z_j}}$ is the "
           "softmax.\n\n$$\\frac{\\partial E}{\\partial y_k} = -\\frac{t_k}{y_k}$$\n")
    assert verdicts(doc)[-1] == (3, "ok")


def test_literal_index_out_of_range_for_small_k_is_skipped() -> None:
    doc = SOFTMAX + "\n\n$$\\frac{\\partial y_3}{\\partial z_3} = y_3 (1 - y_3)$$\n"
    step = check_document(doc).steps[-1]
    assert step.verdict == "ok" and "K=3,4,5" in step.checked


def test_row_sums_and_wrong_row_sum() -> None:
    doc = SOFTMAX + "\n\n$$\\sum_j \\frac{\\partial y_i}{\\partial z_j} = 0$$\n"
    assert verdicts(doc)[-1] == (3, "ok")
    assert verdicts(doc.replace("= 0$$", "= 1$$"))[-1] == (3, "wrong")


@pytest.mark.parametrize("rhs", [r"y_i \delta_{ij} - y_i y_j", r"y_i(\delta_{ij} - y_j)",
                                 r"\begin{cases} y_i(1-y_i) & i = j \\ -y_i y_j & i \neq j "
                                 r"\end{cases}"])
def test_equivalent_jacobian_forms(rhs: str) -> None:
    doc = SOFTMAX + f"\n\n$$\\frac{{\\partial y_i}}{{\\partial z_j}} = {rhs}$$\n"
    assert verdicts(doc)[-1] == (3, "ok")


def test_seed_changes_points_not_verdicts() -> None:
    doc = SOFTMAX + "\n\n$$\\frac{\\partial y_i}{\\partial z_j} = y_i y_j$$\n"
    a = check_document(doc, seed=0).steps[-1]
    b = check_document(doc, seed=7).steps[-1]
    assert a.verdict == b.verdict == "wrong"
    assert a.counterexample != b.counterexample


def test_second_derivative_hessian() -> None:
    doc = (SOFTMAX + " " + LOSS + " The targets are one-hot.\n\n"
           "$$\\frac{\\partial^2 E}{\\partial z_i \\partial z_j} = y_j(\\delta_{ij} - y_i)$$\n\n"
           "$$\\frac{\\partial^2 E}{\\partial z_j^2} = y_j(1 + y_j)$$\n")
    report = check_document(doc)
    assert [(s.line, s.verdict) for s in report.steps][-2:] == [
        (3, "needs-condition"), (5, "wrong")]
    assert report.steps[-2].condition_stated is True


def test_literal_index_in_definition_is_checked_exhaustively() -> None:
    doc = (SOFTMAX + " Loss for class 1: $E = -\\ln y_1$.\n\n"
           "$$\\frac{\\partial E}{\\partial z_j} = y_j - \\delta_{j1}$$\n\n"
           "$$\\frac{\\partial E}{\\partial z_j} = y_j - \\delta_{j2}$$\n")
    report = check_document(doc)
    assert [(s.line, s.verdict) for s in report.steps][-2:] == [(3, "ok"), (5, "wrong")]
    assert "assignment" in report.steps[-2].checked


def test_only_a_normalisation_is_taken_for_the_softmax() -> None:
    doc = ("Before the softmax, the logits are $z_i = 2 a_i$. The softmax is "
           "$y_i = \\frac{e^{z_i}}{\\sum_k e^{z_k}}$.\n")
    report = check_document(doc)
    roles = {d.name: d.role for d in report.definitions}
    assert roles == {"z": "other", "y": "softmax"}
    assert all(s.verdict == "ok" for s in report.steps)


def test_fixed_k_document_is_checked_at_its_k_only() -> None:
    doc = ("$y_i = \\frac{e^{z_i}}{\\sum_{k=1}^{3} e^{z_k}}$ is the softmax.\n\n"
           "$$\\frac{\\partial y_i}{\\partial z_i} = y_i (1 - y_i)$$\n")
    report = check_document(doc)
    assert all(s.verdict == "ok" for s in report.steps)
    assert report.steps[-1].checked.startswith("proven exactly at K = 3")
    assert any("fixes K = 3" in n for n in report.notes)


def test_inequality_on_k_does_not_fix_k() -> None:
    doc = SOFTMAX + " Here $K \\geq 1$.\n\n$$\\frac{\\partial y_i}{\\partial z_j} = -y_i y_j$$\n"
    step = check_document(doc).steps[-1]
    assert step.verdict == "wrong" and step.counterexample.K == 2


def test_function_definition_is_applied() -> None:
    doc = ("With $\\sigma(x) = \\frac{1}{1 + e^{-x}}$ and "
           "$y_i = \\frac{e^{z_i}}{\\sum_{k=1}^{2} e^{z_k}}$:\n\n"
           "$$y_1 = \\sigma(z_1 - z_2)$$\n\n$$y_1 = \\sigma(z_2 - z_1)$$\n")
    assert [v for _, v in verdicts(doc)][-2:] == ["ok", "wrong"]


def test_undefined_indexed_quantity_is_unreadable() -> None:
    doc = "$$y_1 = \\frac{e^{z_1}}{e^{z_1} + e^{z_2}}$$\n"
    ((_, verdict),) = verdicts(doc)
    assert verdict == "unreadable"


def test_matrix_equality_is_entrywise() -> None:
    doc = ("$y_i = \\frac{e^{z_i}}{\\sum_{k=1}^{2} e^{z_k}}$ is the softmax.\n\n"
           "$$\\begin{pmatrix} \\frac{\\partial y_1}{\\partial z_1} & \\frac{\\partial y_1}"
           "{\\partial z_2} \\end{pmatrix} = \\begin{pmatrix} y_1 (1 - y_1) & -y_1 y_2 "
           "\\end{pmatrix}$$\n\n"
           "$$\\begin{pmatrix} \\frac{\\partial y_1}{\\partial z_1} & \\frac{\\partial y_1}"
           "{\\partial z_2} \\end{pmatrix} = \\begin{pmatrix} y_1 (1 - y_1) & y_1 y_2 "
           "\\end{pmatrix}$$\n")
    report = check_document(doc)
    assert [s.verdict for s in report.steps][-2:] == ["ok", "wrong"]
    assert report.steps[-1].reason.startswith("entry (1, 2)")


def test_inherited_case_is_used_only_when_needed() -> None:
    jac = "\\frac{\\partial y_i}{\\partial z_j}"
    doc = (SOFTMAX + f"\n\nFor $i \\neq j$:\n\n$${jac} = -y_i y_j$$\n\n"
           f"The Jacobian is\n\n$${jac} = y_i(\\delta_{{ij}} - y_j)$$\n")
    first, second = check_document(doc).steps[-2:]
    assert first.verdict == second.verdict == "ok"
    assert first.restriction == ("i ≠ j",) and "where i≠j" in first.checked
    assert second.restriction == () and "where" not in second.checked


def test_loss_with_an_open_class_index() -> None:
    doc = (SOFTMAX + " For the true class $c$ the loss is $E = -\\ln y_c$.\n\n"
           "$$\\frac{\\partial E}{\\partial z_j} = y_j - \\delta_{jc}$$\n\n"
           "$$\\frac{\\partial E}{\\partial z_j} = y_j - \\delta_{jc} y_c$$\n\n"
           "$$\\frac{\\partial E}{\\partial z_j} = y_j - t_j$$\n")
    assert [v for _, v in verdicts(doc)][-3:] == ["ok", "wrong", "unreadable"]

"""False statements that an earlier version called ok (found by an adversarial review)."""

from __future__ import annotations

from derive.check import check_document

SOFTMAX = r"The softmax is $y_i = \frac{e^{z_i}}{\sum_k e^{z_k}}$."


def verdicts(doc: str) -> list[tuple[int, str]]:
    return [(s.line, s.verdict) for s in check_document(doc, "t.md").steps]


def test_case_prose_does_not_carry_over_to_a_new_paragraph() -> None:
    # "For i = j" governs its own display, not the gradient two paragraphs later
    doc = (SOFTMAX + "\n\nFor $i = j$:\n"
           "$$\\frac{\\partial y_i}{\\partial z_j} = y_i (1 - y_j)$$\n\n"
           "Now the loss $E = -\\sum_k t_k \\ln y_k$. Its gradient:\n"
           "$$\\frac{\\partial y_i}{\\partial z_j} = y_i - y_i y_j$$\n")
    assert verdicts(doc)[-2:] == [(4, "ok"), (7, "wrong")]


def test_short_connective_keeps_the_case() -> None:
    doc = (SOFTMAX + "\n\nFor $i = j$:\n"
           "$$\\frac{\\partial y_i}{\\partial z_j} = y_i - y_i y_j$$\n\n"
           "which we write as\n$$\\frac{\\partial y_i}{\\partial z_j} = y_i (1 - y_i)$$\n")
    assert verdicts(doc)[-2:] == [(4, "ok"), (7, "ok")]


def test_two_class_example_does_not_fix_k_for_the_whole_document() -> None:
    doc = (SOFTMAX + "\n\nExample with two classes: $\\sum_{k=1}^{2} y_k = 1$.\n\n"
           "In general,\n$$\\frac{\\partial y_1}{\\partial z_1} = y_1 y_2$$\n")
    report = check_document(doc)
    assert [s.verdict for s in report.steps][-2:] == ["ok", "wrong"]
    assert report.steps[-1].counterexample.K > 2


def test_all_literal_bounds_still_fix_k() -> None:
    doc = ("$y_i = \\frac{e^{z_i}}{\\sum_{k=1}^{2} e^{z_k}}$ is the softmax.\n\n"
           "$$\\frac{\\partial y_1}{\\partial z_1} = y_1 y_2$$\n")
    assert [v for _, v in verdicts(doc)] == ["ok", "ok"]


def test_tiny_differences_are_wrong() -> None:
    doc = (SOFTMAX + "\n\n$$\\frac{\\partial y_i}{\\partial z_i} = y_i (1 - y_i) + e^{-40}$$\n\n"
           "$$\\frac{\\partial y_i}{\\partial z_i} = y_i (1 - y_i) + 10^{-12}$$\n\n"
           "$$\\frac{\\partial y_i}{\\partial z_i} = y_i (1 - y_i)(1 + 10^{-10})$$\n\n"
           "$$\\frac{\\partial y_i}{\\partial z_i} = y_i (1 - y_i)$$\n")
    assert [v for _, v in verdicts(doc)][1:] == ["wrong", "wrong", "wrong", "ok"]


GRADIENT = "\n\n$$\\frac{\\partial E}{\\partial z_j} = y_j - t_j$$\n"
LOSS = r"Loss $E = -\sum_k t_k \ln y_k$."


def test_probability_distribution_of_the_output_is_not_a_statement_about_targets() -> None:
    doc = (r"The softmax $y_i = \frac{e^{z_i}}{\sum_k e^{z_k}}$ turns the logits into a "
           "probability distribution. The targets are arbitrary weights. " + LOSS + GRADIENT)
    report = check_document(doc)
    assert report.steps[-1].verdict == "needs-condition"
    assert not report.conditions
    assert "does not state" in report.steps[-1].reason


def test_negated_one_hot_is_not_a_statement() -> None:
    doc = ("Unlike one-hot labels, our targets are soft scores that need not be normalised. "
           + SOFTMAX + " " + LOSS + GRADIENT)
    report = check_document(doc)
    assert report.steps[-1].verdict == "needs-condition"
    assert not report.conditions
    assert "does not state" in report.steps[-1].reason


def test_one_hot_targets_are_still_a_statement() -> None:
    doc = SOFTMAX + " " + LOSS + " The targets $t$ are one-hot." + GRADIENT
    report = check_document(doc)
    assert report.steps[-1].verdict == "needs-condition"
    assert report.conditions


def test_overset_with_text_label_is_a_relation() -> None:
    # \overset{\text{...}}{=} was not recognised, so the whole wrong step vanished silently
    doc = SOFTMAX + ("\n\n$$\\frac{\\partial y_i}{\\partial z_i} "
                     "\\overset{\\text{quot.}}{=} y_i (1 + y_i)$$\n")
    assert verdicts(doc)[-1] == (3, "wrong")


def test_trailing_thin_space_is_not_left_as_a_backslash() -> None:
    doc = (SOFTMAX + "\n\n$$\\frac{\\partial y_i}{\\partial z_i} \\;=\\; y_i\\,(1 - y_i)\\,.$$\n")
    assert verdicts(doc)[-1] == (3, "ok")


def test_continuation_rows_are_part_of_the_member() -> None:
    # the first row alone is right; the dropped continuation made the step wrong
    doc = (SOFTMAX + "\n\n\\begin{align}\n\\frac{\\partial y_i}{\\partial z_i} &= y_i (1 - y_i)"
           " \\\\\n  &\\qquad + y_i^2\n\\end{align}\n\n"
           "\\begin{multline}\n\\frac{\\partial y_i}{\\partial z_i} = y_i \\\\ (1 - y_i)\n"
           "\\end{multline}\n\n"
           "\\begin{align}\n\\frac{\\partial y_i}{\\partial z_i} &= y_i - \\\\\n  & y_i^2 \\\\\n"
           "  &= y_i (1 - y_i)\n\\end{align}\n")
    assert verdicts(doc)[1:] == [(4, "wrong"), (9, "ok"), (13, "ok"), (15, "ok")]


def test_mathrel_simeq_and_parenthesis_math_are_read() -> None:
    doc = (SOFTMAX + "\n\n\\begin{eqnarray}\n\\frac{\\partial y_i}{\\partial z_i} & \\mathrel{=} &"
           " y_i (1 + y_i) \\\\\n\\frac{\\partial y_i}{\\partial z_i} & \\simeq & y_i\n"
           "\\end{eqnarray}\n\nand \\( \\frac{\\partial y_i}{\\partial z_i} = y_i^2 \\).\n")
    assert verdicts(doc)[1:] == [(4, "wrong"), (5, "unreadable"), (8, "wrong")]


def test_a_heading_that_names_softmax_makes_the_definition_a_claim() -> None:
    doc = ("# Derivative of the softmax\n\n"
           "Let $y_i = \\frac{e^{z_i}}{1 + \\sum_k e^{z_k}}$ for $i = 1, \\dots, K$.\n\n"
           "$$\\frac{\\partial y_i}{\\partial z_j} = y_i (\\delta_{ij} - y_j)$$\n")
    report = check_document(doc)
    assert [(s.kind, s.verdict) for s in report.steps][0] == ("definition", "wrong")


def test_k_given_as_an_example_does_not_fix_k_for_the_whole_document() -> None:
    doc = (SOFTMAX + " For example, with $K = 3$ classes the outputs are three numbers.\n\n"
           "In general,\n$$\\frac{\\partial y_1}{\\partial z_1} = y_1 (y_2 + y_3)$$\n")
    step = check_document(doc).steps[-1]
    assert step.verdict == "wrong" and step.counterexample.K != 3


def test_the_example_paragraph_itself_is_checked_at_its_k() -> None:
    doc = (SOFTMAX + "\n\nFor example, with $K = 3$ classes,\n"
           "$$\\frac{\\partial y_1}{\\partial z_1} = y_1 (y_2 + y_3)$$\n\n"
           "In general,\n$$\\frac{\\partial y_1}{\\partial z_1} = y_1 (1 - y_1)$$\n")
    assert [v for _, v in verdicts(doc)] == ["ok", "ok", "ok"]
    assert check_document(doc).steps[1].checked.startswith("proven exactly at K = 3")


def test_trailing_where_qualifies_the_display_above_not_the_next() -> None:
    doc = (SOFTMAX + "\n\n$$\\frac{\\partial y_i}{\\partial z_j} = y_i (1 - y_i)$$\n"
           "where $i = j$.\n\n"
           "$$\\frac{\\partial y_i}{\\partial z_j} = y_i - y_i y_j$$\n")
    assert verdicts(doc)[1:] == [(3, "ok"), (6, "wrong")]


def test_trailing_for_clause_then_new_display() -> None:
    doc = (SOFTMAX + "\n\n$$\\frac{\\partial y_i}{\\partial z_j} = -y_i y_j$$\n"
           "for $i \\neq j$, and the full Jacobian is\n"
           "$$\\frac{\\partial y_i}{\\partial z_j} = - y_i y_j$$\n")
    assert verdicts(doc)[1:] == [(3, "ok"), (5, "wrong")]


def test_cross_entropy_with_the_wrong_sign_is_a_wrong_definition() -> None:
    doc = (SOFTMAX + " The cross-entropy loss is $E = \\sum_k t_k \\ln y_k$, with one-hot "
           "targets $t$.\n\n$$\\frac{\\partial E}{\\partial z_j} = t_j - y_j$$\n")
    report = check_document(doc)
    bad = [s for s in report.steps if s.verdict == "wrong"]
    assert [(s.kind, s.lhs) for s in bad] == [("definition", "E")]
    assert "cross-entropy" in bad[0].reason


def test_binary_cross_entropy_is_not_compared_with_the_categorical_one() -> None:
    doc = (SOFTMAX + " The binary cross-entropy is "
           "$E = -t_1 \\ln y_1 - (1 - t_1) \\ln (1 - y_1)$.\n\n"
           "$$\\frac{\\partial E}{\\partial z_1} = y_1 - t_1$$\n")
    assert all(s.kind != "definition" or s.verdict == "ok" for s in check_document(doc).steps)


def test_otherwise_row_written_first_applies_only_when_no_other_row_does() -> None:
    doc = (SOFTMAX + "\n\n$$\n\\frac{\\partial y_i}{\\partial z_j} =\n\\begin{cases}\n"
           "  y_i \\delta_{ij} - y_i y_j & \\text{otherwise} \\\\\n"
           "  0 & \\text{if } i = j\n\\end{cases}\n$$\n")
    assert [v for _, v in verdicts(doc)][-1] == "wrong"


def test_cases_condition_with_an_extra_qualifier_is_unreadable() -> None:
    # reading only "i != j" would apply the row where the "otherwise" row does
    doc = (SOFTMAX + "\n\n$$\n\\frac{\\partial y_i}{\\partial z_j} =\n\\begin{cases}\n"
           "  y_i (1 - y_i) & \\text{if } i = j \\\\\n"
           "  -y_i y_j & \\text{if } i \\neq j \\text{ and j is even} \\\\\n"
           "  0 & \\text{otherwise}\n\\end{cases}\n$$\n\n"
           "$$\n\\frac{\\partial y_i}{\\partial z_j} =\n\\begin{cases}\n"
           "  y_i (1 - y_i) & \\text{if } i = j \\text{ (diagonal)} \\\\\n"
           "  -y_i y_j & \\text{for } i \\neq j\\text{,}\n\\end{cases}\n$$\n")
    assert [v for _, v in verdicts(doc)][1:] == ["unreadable", "ok"]


def test_a_disjunction_of_cases_is_not_read_as_its_first_case() -> None:
    step = "$$\\frac{\\partial y_i}{\\partial z_j} = y_i (1 - y_j) + 0 y_k$$\n"
    for prose in ("For $i = j$ or $i = k$:\n", "When $i = j$ and $j = k$, or $i \\neq k$:\n"):
        assert verdicts(SOFTMAX + "\n\n" + prose + step)[-1] == (4, "wrong"), prose
    tail = ("$$\\frac{\\partial y_i}{\\partial z_j} = y_i (1 - y_j), "
            "\\quad i = j \\text{ or } j = k$$\n")
    assert verdicts(SOFTMAX + "\n\n" + tail)[-1] == (3, "wrong")


def test_steps_after_an_index_case_and_implies_are_checked_in_that_case() -> None:
    # the whole chain was taken for an index statement and dropped without a word
    doc = (SOFTMAX + "\n\n"
           "$$i = j \\implies \\frac{\\partial y_i}{\\partial z_j} = y_i (1 + y_i)$$\n\n"
           "$$i \\neq j \\Rightarrow \\frac{\\partial y_i}{\\partial z_j} = y_i y_j$$\n\n"
           "$$i = j \\implies \\frac{\\partial y_i}{\\partial z_j} = y_i (1 - y_i)$$\n\n"
           "$$i \\neq j \\Rightarrow \\frac{\\partial y_i}{\\partial z_j} = -y_i y_j$$\n")
    assert verdicts(doc)[1:] == [(3, "wrong"), (5, "wrong"), (7, "ok"), (9, "ok")]


def test_steps_after_a_target_statement_and_implies_are_checked() -> None:
    doc = (SOFTMAX + " Loss $E = -\\sum_k t_k \\ln y_k$.\n\n"
           "$$\\sum_k t_k = 1 \\implies \\frac{\\partial E}{\\partial z_j} = y_j + t_j$$\n\n"
           "$$t_k = \\delta_{kc} \\implies \\frac{\\partial E}{\\partial z_j} = t_j - y_j$$\n\n"
           "$$\\sum_k t_k = 1 \\implies \\frac{\\partial E}{\\partial z_j} = y_j - t_j$$\n")
    report = check_document(doc)
    assert [(s.line, s.verdict) for s in report.steps][1:] == [
        (3, "wrong"), (5, "wrong"), (7, "needs-condition")]
    assert report.steps[-1].condition_stated


def test_overset_with_nested_braces_is_a_relation() -> None:
    doc = (SOFTMAX + "\n\n$$\\frac{\\partial y_i}{\\partial z_j} "
           "\\overset{\\text{by \\eqref{eq:q}}}{=} y_i (\\delta_{ij} + y_j)$$\n")
    assert verdicts(doc)[-1] == (3, "wrong")


def test_a_case_continues_through_a_connecting_sentence_but_not_a_new_topic() -> None:
    doc = (SOFTMAX + "\n\nFor $i = j$:\n"
           "$$\\frac{\\partial y_i}{\\partial z_j} = \\frac{e^{z_i} \\sum_k e^{z_k} - e^{z_i} "
           "e^{z_j}}{\\left(\\sum_k e^{z_k}\\right)^2}$$\n"
           "Splitting the fraction into two parts and recognising the softmax, we get\n"
           "$$\\frac{\\partial y_i}{\\partial z_j} = y_i (1 - y_i)$$\n\n"
           "Next we differentiate with respect to the logits:\n"
           "$$\\frac{\\partial y_i}{\\partial z_j} = y_i - y_i y_j$$\n")
    assert verdicts(doc)[1:] == [(4, "ok"), (6, "ok"), (9, "wrong")]


def test_cases_rows_with_a_comma_before_the_condition_are_read() -> None:
    rows = ("  y_i (1 - y_i), & i = j \\\\\n  -y_i y_j, & \\text{else}.\n",
            "  y_i (1 + y_i), & i = j \\\\\n  -y_i y_j, & \\text{else}.\n")
    docs = [SOFTMAX + "\n\n$$\n\\frac{\\partial y_i}{\\partial z_j} =\n\\begin{cases}\n" + r
            + "\\end{cases}\n$$\n" for r in rows]
    assert [verdicts(d)[-1][1] for d in docs] == ["ok", "wrong"]


def test_combining_the_cases_ends_a_heading_case_too() -> None:
    doc = (SOFTMAX + "\n\n## The diagonal, $i = j$\n\n"
           "$$\\frac{\\partial y_i}{\\partial z_j} = y_i (1 - y_i)$$\n\n"
           "Combining both cases, the full Jacobian is\n"
           "$$\\frac{\\partial y_i}{\\partial z_j} = y_i - y_i y_j$$\n")
    assert verdicts(doc)[1:] == [(5, "ok"), (8, "wrong")]


def test_an_inline_case_holds_for_its_own_sentence_only() -> None:
    doc = (SOFTMAX + "\n\nWhen $i = j$, $\\frac{\\partial y_i}{\\partial z_j} = y_i (1 - y_i)$. "
           "The Jacobian is $\\frac{\\partial y_i}{\\partial z_j} = y_i - y_i y_j$.\n")
    assert [v for _, v in verdicts(doc)][1:] == ["ok", "wrong"]

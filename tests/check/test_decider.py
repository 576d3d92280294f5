"""`derive check` decides through the shared decider: for every K, not only K = 2..5."""

from __future__ import annotations

from derive.check import check_document

SOFTMAX = "Softmax: $$y_i = \\frac{e^{z_i}}{\\sum_{k=1}^{K} e^{z_k}}$$\n\n"
JAC = "\\frac{\\partial y_i}{\\partial z_j} = y_i(\\delta_{ij} - y_j)"


def _step(extra: str):
    report = check_document(SOFTMAX + f"$${JAC}{extra}$$\n")
    return report.steps[-1]


def test_a_step_false_only_for_K_at_least_6_is_wrong():
    step = _step(" + (K-2)(K-3)(K-4)(K-5) y_i y_j")
    assert step.verdict == "wrong"
    assert step.counterexample.K not in (2, 3, 4, 5)


def test_a_step_off_by_1e_14_times_K_minus_2_is_wrong():
    step = _step(" + 10^{-14}(K-2) y_i y_j")
    assert step.verdict == "wrong" and "50 digits" in step.reason
    assert step.counterexample.K != 2


def test_a_correct_step_says_it_is_proven_for_every_K():
    step = _step("")
    assert step.verdict == "ok" and "every K" in step.checked


def test_a_step_with_a_numeric_sum_bound_is_decided_at_that_K():
    doc = ("$$y_i = \\frac{e^{z_i}}{\\sum_{k=1}^{3} e^{z_k}}$$\n\n"
           "$$y_1 = \\frac{e^{z_1}}{e^{z_1} + e^{z_2} + e^{z_3}}$$\n")
    step = check_document(doc).steps[-1]
    assert step.verdict == "ok" and "K = 3" in step.checked

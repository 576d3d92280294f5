"""Softmax written entry by entry, notation that changes between sections, one-hot by cases.

Documents written for these tests (none copied from the real derivations we measure on).
Each rule comes with the false claim it must still reject.
"""

from __future__ import annotations

from derive.check import check_document
from derive.check.definitions import onehot_cases

ENTRIES_K3 = """Take $z = [z_1, z_2, z_3]$ and $y_1 = \\frac{e^{z_1}}{e^{z_1}+e^{z_2}+e^{z_3}}$,
$y_2 = \\frac{e^{z_2}}{e^{z_1}+e^{z_2}+e^{z_3}}$, $y_3 = \\frac{e^{z_3}}{e^{z_1}+e^{z_3}+e^{z_3}}$.

$$\\frac{\\partial y_1}{\\partial z_2} = -y_1 y_2$$

$$\\frac{\\partial y_2}{\\partial z_2} = y_2 (1 + y_2)$$
"""

SCALARS_K2 = """## Two classes

The softmax for $K = 2$ is $p_1 = \\frac{e^u}{e^u + e^v}$, $p_2 = \\frac{e^v}{e^u + e^v}$.

$$\\frac{\\partial p_1}{\\partial u} = p_1 (1 - p_1)$$

$$\\frac{\\partial p_1}{\\partial v} = p_1 p_2$$
"""

SWITCH = """# Softmax

$$y_1 = \\frac{e^{z_1}}{e^{z_1}+e^{z_2}}, \\quad y_2 = \\frac{e^{z_2}}{e^{z_1}+e^{z_2}}$$

$$\\frac{\\partial y_1}{\\partial z_1} = y_1 (1 - y_1)$$

# Cross-entropy

Now $y$ holds the labels and the loss is $L = -\\sum_k y_k \\log \\hat y_k$.

$$\\frac{\\partial L}{\\partial z_i} = \\hat y_i \\sum_k y_k - y_i = \\hat y_i - y_i$$
"""


def _verdicts(text: str) -> list[tuple[int, str, str]]:
    report = check_document(text, "t.md")
    return [(s.line, s.kind, s.verdict) for s in report.steps]


def test_entries_define_the_softmax_and_each_entry_is_checked() -> None:
    got = _verdicts(ENTRIES_K3)
    # y_1, y_2 are softmax entries; y_3's denominator has a typo (e^{z_3} twice): flagged
    assert got[:3] == [(1, "definition", "ok"), (2, "definition", "ok"),
                       (2, "definition", "wrong")]
    assert (4, "step", "ok") in got
    assert (6, "step", "wrong") in got  # the sign of y_2^2: must be rejected


def test_scalar_logits_are_read_as_logit_entries() -> None:
    report = check_document(SCALARS_K2, "t.md")
    got = [(s.line, s.verdict) for s in report.steps]
    assert got == [(3, "ok"), (3, "ok"), (5, "ok"), (7, "wrong")]  # p_1 p_2 lacks its minus
    assert any("u, v are read as the logits" in n for n in report.notes)
    (wrong,) = [s for s in report.steps if s.verdict == "wrong"]
    assert wrong.counterexample is not None


def test_entries_that_are_not_softmax_are_not_read_as_softmax() -> None:
    # one entry only, and a numerator that is not its own class: no softmax is assumed
    text = ("$y_1 = \\frac{e^{z_2}}{e^{z_1}+e^{z_2}}$\n\n"
            "$$\\frac{\\partial y_1}{\\partial z_1} = y_1(1-y_1)$$\n")
    report = check_document(text, "t.md")
    assert not any(s.verdict == "ok" and s.line == 3 for s in report.steps)


def test_notation_switch_reads_the_new_section_on_its_own() -> None:
    report = check_document(SWITCH, "t.md")
    got = [(s.line, s.verdict) for s in report.steps]
    assert (5, "ok") in got
    # with y = softmax carried over, Σ_k y_k = 1 would make this ok: a false ok. Read on its
    # own, y are the targets and the step needs Σ y = 1
    assert (11, "needs-condition") in got
    assert (11, "ok") in got  # ∂L/∂z_i = ŷ_i Σ_k y_k − y_i holds for any targets
    assert any("line 7: the section from here on writes hat_y beside y" in n
               for n in report.notes)
    assert any("hat_y is the argument of the log" in n for n in report.notes)


def test_no_switch_when_the_later_section_needs_an_earlier_definition() -> None:
    text = SWITCH.replace("the loss is $L = -\\sum_k y_k \\log \\hat y_k$",
                          "the loss is as above").replace(
        "# Softmax\n", "# Softmax\n\n$$L = -\\sum_k t_k \\log y_k$$\n")
    report = check_document(text, "t.md")
    assert not any("notation changes" in n for n in report.notes)


def test_onehot_cases_reads_the_hot_class() -> None:
    assert onehot_cases("\\begin{cases} 1 & j \\in I \\\\ 0 & \\text{else} \\end{cases}") == "I"
    assert onehot_cases("\\begin{cases} 0 & k \\ne c \\\\ 1 & k = c \\end{cases}") == "c"
    assert onehot_cases("\\begin{cases} 1 & \\text{right} \\\\ 0 & \\text{wrong}\\end{cases}") == ""
    assert onehot_cases("\\begin{cases} 2 & a \\\\ 0 & b \\end{cases}") is None
    assert onehot_cases("\\frac{1}{2}") is None


ONEHOT = """The softmax is $y_i = \\frac{e^{z_i}}{\\sum_k e^{z_k}}$ and the cost
$C = -\\sum_j t_j \\ln y_j$.

$$C = -\\sum_j t_j \\ln y_j = -\\ln y_i$$

$$C = -\\sum_j t_j \\ln y_j = -2 \\ln y_i$$

where $t_j = \\begin{cases} 1 & j \\in S \\subset G \\\\ 0 & j \\in G - S \\end{cases}$.
"""


def test_onehot_by_cases_makes_the_class_step_need_the_condition() -> None:
    report = check_document(ONEHOT, "t.md")
    steps = {(s.line, s.rhs): s for s in report.steps if s.kind == "step"}
    assert steps[(4, "-\\ln y_i")].verdict == "needs-condition"
    assert "one-hot at class i" in steps[(4, "-\\ln y_i")].reason
    assert steps[(6, "-2 \\ln y_i")].verdict == "wrong"  # false even for one-hot targets
    assert any(k.line == 8 and "one-hot" in k.why for k in report.skipped)

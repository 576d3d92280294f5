"""numbers.py: steps between numbers are decided to the decimals written, never looser."""

from __future__ import annotations

import pytest

from derive.check.numbers import compare, value
from derive.check.parser import parse_member
from derive.check.run import check_document


def _cmp(lhs: str, rhs: str) -> str | None:
    out = compare(parse_member(lhs), lhs, parse_member(rhs), rhs)
    return None if out is None else out[0]


@pytest.mark.parametrize(("lhs", "rhs", "want"), [
    (r"e^1 + e^2 + e^3", "2.718 + 7.389 + 20.086", "ok"),   # each literal rounded
    ("2.718 + 7.389 + 20.086", "30.193", "ok"),
    (r"\frac{7.389}{30.193}", "0.245", "ok"),
    (r"-\ln 0.245", "1.406", "ok"),                         # rounding through ln
    ("0.0819 - 0.0221 - 0.0599", "0", "ok"),               # -0.0001: within the rounding
    ("7.389/30.193", "0.345", "wrong"),                      # false claims must be rejected
    ("0.5", "0.6", "wrong"),                                 # two literals: not both rounded
    (r"e^1", "2.8", "wrong"),
    ("0.245", "0.24", "ok"),
    ("1.0", "1.2", "wrong"),
    ("2 + 2", "5", None),                                    # no decimal: decided exactly
    ("y_1", "0.5", None),                                    # a name: not a number
])
def test_numbers_are_compared_to_the_decimals_written(lhs: str, rhs: str, want: str | None) -> None:
    assert _cmp(lhs, rhs) == want


def test_value_is_none_with_names_sums_or_derivatives() -> None:
    assert value(parse_member(r"\frac{1}{2} + e^{0}")) == pytest.approx(1.5)
    for text in (r"y_1 + 1", r"\sum_k e^{z_k}", r"\frac{\partial L}{\partial z_1}"):
        assert value(parse_member(text)) is None, text


def test_approx_between_numbers_is_checked_in_a_document() -> None:
    doc = ("Logits $z = (1, 2, 3)$: $D = e^1 + e^2 + e^3 \\approx 2.718 + 7.389 + 20.086 = "
           "30.193$, $s_2 = 7.389/30.193 \\approx 0.245$ and $s_3 = 20.086/30.193 \\approx "
           "0.565$.\n\nEigenvalues: $0$, $\\approx 0.047$.\n")
    report = check_document(doc, "t.md")
    got = [(s.lhs, s.verdict) for s in report.steps]
    assert ("e^1 + e^2 + e^3", "ok") in got and ("7.389/30.193", "ok") in got
    assert ("20.086/30.193", "wrong") in got
    assert not any(s.lhs == "0" and s.verdict != "unreadable" for s in report.steps)
    assert any("s_2 = 7.389/30.193" in k.text for k in report.skipped)


def test_too_many_decimals_are_not_weighed() -> None:
    doc = "$$" + " + ".join(f"0.{i % 9 + 1}{i % 7}" for i in range(70)) + " = 30.0$$\n"
    step = check_document(doc, "t.md").steps[0]
    assert step.verdict == "unreadable" and "decimals" in step.reason

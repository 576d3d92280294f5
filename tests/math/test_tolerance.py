"""The tolerance rule and how |Δ|/tol is shown."""

from __future__ import annotations

import numpy as np

from derive.math.tolerance import NOISE_EXCESS, excess, shown_excess


def test_excess_is_above_one_exactly_where_the_sides_disagree() -> None:
    a = np.array([1.0, 1.0, 0.0, np.nan])
    b = np.array([1.0 + 1e-12, 1.0 + 1e-6, 1e-13, 0.0])
    out = excess(a, b)
    assert out[0] < 1 < out[1]
    assert out[2] < 1
    assert out[3] == np.inf


def test_rounding_noise_is_shown_as_a_bound_and_a_disagreement_by_its_size() -> None:
    assert shown_excess(3.8e-07) == shown_excess(4.1e-07) == "< 1e-02"
    assert shown_excess(0.0) == "< 1e-02"
    assert shown_excess(NOISE_EXCESS) == "0.01"
    assert shown_excess(0.37) == "0.37"
    assert shown_excess(998367420.76) == "1e+09"  # a refuted part: never hidden as noise
    assert shown_excess(float("inf")) == "inf"
    assert shown_excess(float("nan")) == "nan"

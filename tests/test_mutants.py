"""Soundness: every false claim is refuted with a counterexample, for concrete and symbolic K."""

from __future__ import annotations

import pytest

from derive.verify.prove import REFUTED, verify_claim
from tests.mutants import MUTANTS


@pytest.mark.parametrize("claim", MUTANTS, ids=[m.name for m in MUTANTS])
@pytest.mark.parametrize("k", [2, 3, 5, None], ids=["K=2", "K=3", "K=5", "all-K"])
def test_mutant_is_refuted_with_counterexample(claim, k):
    result = verify_claim(claim, k, seed=k or 11)
    assert result.verdict == REFUTED, result
    ce = result.counterexample
    assert ce is not None
    if ce.difference is None:  # seen in float64
        assert abs(ce.lhs - ce.rhs) > 1e-9
    else:  # seen only in 50-digit arithmetic
        assert abs(ce.difference) > 1e-30
    assert len(ce.z) == ce.K and ce.K >= 1


def test_there_are_at_least_ten_mutants():
    assert len({m.name for m in MUTANTS}) >= 10

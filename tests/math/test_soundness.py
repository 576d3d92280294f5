"""No false claim is proven at any K the tool accepts; no tricky true claim is refuted."""

from __future__ import annotations

import pytest

from derive.verify.prove import PROVEN, REFUTED, verify_claim
from tests.math.soundness import FALSE, HOLDS_AT, TRUE

KS = [None, 1, 2, 3, 4, 5, 6, 7]
KIDS = ["all-K", *(f"K={k}" for k in KS[1:])]


@pytest.mark.parametrize("claim", FALSE, ids=[c.name for c in FALSE])
def test_false_claim_is_never_proven_where_it_is_false(claim):
    """For symbolic K, and for each K = 1..7 at which the claim is false (HOLDS_AT by hand)."""
    for k in KS:
        result = verify_claim(claim, k, check_conditions=False)
        if k is not None and k in HOLDS_AT.get(claim.name, set()):
            assert result.verdict != REFUTED, (claim.name, k, result)  # true at this K
        else:
            assert result.verdict != PROVEN, (claim.name, k, result)


@pytest.mark.parametrize("claim", FALSE, ids=[c.name for c in FALSE])
def test_false_claim_for_every_K_is_refuted_with_a_counterexample(claim):
    result = verify_claim(claim, None, check_conditions=False)
    if any("outside 1..K" in p.symbolic for p in result.parts):
        assert result.verdict == "unknown"  # an index that leaves 1..K is an error of the claim
        return
    assert result.verdict == REFUTED, result
    assert result.counterexample is not None


@pytest.mark.parametrize("claim", TRUE, ids=[c.name for c in TRUE])
def test_true_claim_is_never_refuted(claim):
    for k in KS:
        result = verify_claim(claim, k, check_conditions=False)
        assert result.verdict != REFUTED, (claim.name, k, result)


def test_there_are_at_least_thirty_false_claims_beyond_the_issue():
    assert len({c.name for c in FALSE}) >= 36

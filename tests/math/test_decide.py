"""The decider: each witness can disagree with the exact engine, and catches its false claim.

A witness is only independent if it can disagree, so each test below forces the exact route
to say "zero" (or "not zero") and checks that the witness alone reaches the right verdict.
"""

from __future__ import annotations

import pytest

from derive.math import decide as D
from derive.math.claims import CATALOGUE, jac
from derive.math.model import ConcreteModel, SymbolicKModel
from tests.math.soundness import FALSE, TRUE

CLAIMS = {c.name: c for c in FALSE + TRUE}


def _decide(name: str, k: int | None = None, **kw) -> D.Decision:
    part = CLAIMS[name].parts[0] if name in CLAIMS else CATALOGUE[name].parts[0]
    ctx = D.Context(part.indices, part.distinct, k=k, label=part.name, **kw)
    return D.decide(part.lhs, part.rhs, ctx)


@pytest.fixture
def exact_says_zero(monkeypatch):
    """Both exact engines claim every difference is 0: only the witness can object."""
    monkeypatch.setattr(SymbolicKModel, "is_zero", lambda self, e, distinct=(): "forced")
    monkeypatch.setattr(ConcreteModel, "is_zero", lambda self, e: "forced")


@pytest.mark.parametrize("name, k", [
    ("hessian-missing-term", None),  # nested derivatives: the complex step would return 0
    ("diagonal-second-derivative", 3),
    ("abs-derivative-negated", 3),  # abs: the complex step differentiates |·| to 0
    ("class-count-is-five", None),  # true only at K = 5: the witness visits other K
    ("delta5-equals-delta6", None),  # false only at K = 5: the witness visits K = 5
    ("true-only-for-K-2..5", None),  # false at K >= 6 and K = 1
])
def test_float_witness_disagrees_with_a_lying_exact_engine(exact_says_zero, name, k):
    d = _decide(name, k)
    assert d.verdict == D.UNKNOWN and d.witness.counterexample is not None


def test_the_witness_models_dL_dy_as_depending_on_z(monkeypatch):
    """∂(∂L/∂y_k)/∂z_j = 0 is false: the witness's ∂L/∂y_k is a function of y(z)."""
    d = _decide("dg-is-zero")
    assert d.verdict == D.FAILS and "not modelled" in d.method
    assert abs(d.counterexample.lhs - d.counterexample.rhs) > 1e-6


def test_an_index_outside_1_to_K_is_never_wrapped(exact_says_zero):
    """Σ_j y_{j−1} = 1 holds with Python's negative indexing; here it is an error."""
    d = _decide("cyclic-sum-j-minus-1", 3)
    assert d.verdict == D.UNKNOWN and "outside 1..K" in (d.reason + d.method)


def test_the_50_digit_witness_sees_what_float64_cannot(monkeypatch):
    monkeypatch.setattr(D, "precise_witness", lambda *a, **k: None)
    blind = _decide("jacobian-plus-e^-40")
    assert blind.verdict == D.UNKNOWN  # float64 cannot see e^-40; the exact route fails
    monkeypatch.undo()
    seen = _decide("jacobian-plus-e^-40")
    assert seen.verdict == D.FAILS and seen.counterexample.difference is not None


def test_a_true_claim_with_abs_is_not_refuted():
    d = _decide("abs-derivative", 3)
    assert d.verdict in (D.HOLDS, D.UNKNOWN) and d.counterexample is None


def test_symbolic_K_with_a_literal_covers_smaller_K_one_by_one():
    d = _decide("delta4-picks-y4")
    assert d.verdict == D.HOLDS and "K >= 4" in d.covers
    assert d.witness.ks[0] >= 4  # below K = 4 the claim names a class that does not exist


def test_needs_condition_is_offered_and_reported():
    part = CATALOGUE["cross-entropy-gradient"].parts[0]
    ctx = D.Context(part.indices, offer=("sum-targets-one",), label=part.name)
    d = D.decide(part.lhs, part.rhs, ctx)
    assert d.verdict == D.NEEDS_CONDITION and d.condition == "sum-targets-one"
    assert d.counterexample is not None and d.counterexample.t is not None


def test_without_exact_proofs_a_condition_it_lacks_leaves_the_claim_undecided_not_wrong():
    """Σ_k t_k(y_j − δ_kj) = y_j − t_j holds exactly on the simplex: with no exact route the
    50-digit witness must see no difference there (float targets renormalised at 50 digits;
    without that they sum to 1 ± 1e-16 and a 4e-17 'difference' appears), so the verdict is
    undecided with the counterexample that needs the condition, never FAILS."""
    part = CATALOGUE["cross-entropy-gradient"].parts[0]
    ctx = D.Context(part.indices, offer=("sum-targets-one",), label=part.name, symbolic=False)
    d = D.decide(part.lhs, part.rhs, ctx)
    assert d.verdict == D.UNKNOWN and "fails without Σ_k t_k = 1" in d.reason
    assert d.counterexample is not None and d.counterexample.t is not None
    under = D.precise_witness(part.lhs, part.rhs, (2, 3, 5), ctx, ("sum-targets-one",))
    assert under is None
    # the same witness still rejects the claim where Σt = 1 is not assumed
    assert D.precise_witness(part.lhs, part.rhs, (2, 3, 5), ctx, ()) is not None


def test_exact_failure_and_agreeing_witness_is_unknown(monkeypatch):
    monkeypatch.setattr(SymbolicKModel, "is_zero", lambda self, e, distinct=(): None)
    monkeypatch.setattr(D, "precise_witness", lambda *a, **k: None)
    part = CATALOGUE["softmax-jacobian"].parts[0]
    d = D.decide(part.lhs, part.rhs, D.Context(part.indices))
    assert d.verdict == D.UNKNOWN


def test_jacobian_through_the_witness_matches_the_formula():
    from derive.math.numeric import WitnessModel

    m = WitnessModel.sample(4, 3, 0)
    for i in range(1, 5):
        for j in range(1, 5):
            expected = m.y(i) * ((1.0 if i == j else 0.0) - m.y(j))
            assert abs(jac(m, i, j) - expected).max() < 1e-15


def test_a_point_where_a_side_is_not_a_number_is_never_the_counterexample():
    """ln z_i = ln z_i + 1 is false; where z_i < 0 both sides are NaN, so the witness must show
    a point where they are numbers that differ (and never call NaN ≠ NaN a disagreement)."""
    import math

    def lhs(m, ix):
        return m.log(m.logit(ix["i"]))

    def rhs(m, ix):
        return m.log(m.logit(ix["i"])) + 1

    d = D.decide(lhs, rhs, D.Context(("i",), k=3, label="ln z_i"))
    assert d.verdict == D.FAILS
    cx = d.counterexample
    assert math.isfinite(cx.lhs) and math.isfinite(cx.rhs) and abs(cx.lhs - cx.rhs) > 0.5


def _last_class(m, ix):
    """∂y_1/∂z_K: the entry of class 1 by the last class K (m.K)."""
    return m.d(lambda mm: mm.y(1), m.K)


def test_k_min_proves_a_claim_about_class_k_beside_class_1():
    """-y_1 y_K is ∂y_1/∂z_K for K >= 2 (at K = 1 the classes coincide and it is false)."""
    ctx = D.Context((), k_min=2)
    d = D.decide(_last_class, lambda m, ix: -m.y(1) * m.y(m.K), ctx)
    assert d.verdict == D.HOLDS and min(d.witness.ks) == 2
    assert D.decide(_last_class, lambda m, ix: -m.y(1) * m.y(m.K), D.Context(())).verdict \
        != D.HOLDS  # without k_min, K = 1 refutes it


def test_k_min_still_rejects_a_false_claim_about_class_k():
    """+y_1 y_K is false for every K >= 2: refuted under k_min, with a K >= 2 counterexample."""
    d = D.decide(_last_class, lambda m, ix: m.y(1) * m.y(m.K), D.Context((), k_min=2))
    assert d.verdict == D.FAILS and d.counterexample is not None
    assert d.counterexample.K >= 2


def test_k_min_witness_disagrees_with_a_lying_exact_engine(exact_says_zero):
    """The exact engines say 0; the witness at K >= 2 must keep +y_1 y_K from HOLDS."""
    d = D.decide(_last_class, lambda m, ix: m.y(1) * m.y(m.K), D.Context((), k_min=2))
    assert d.verdict != D.HOLDS and d.witness.counterexample is not None


def _hot_first(m, ix):
    """δ_{j1}(y_1 − 1) + (1 − δ_{j1}) y_j: the cases form of y_j − δ_{j1}."""
    d = m.delta(ix["j"], 1)
    return d * (m.y(1) - 1) + (1 - d) * m.y(ix["j"])


def test_a_delta_against_a_literal_class_is_split_in_the_symbolic_proof():
    """δ_{j1} splits into j = 1 (1 put for j) and j ≠ 1: the cases form is proven for every K."""
    ctx = D.Context(("j",))
    d = D.decide(_hot_first, lambda m, ix: m.y(ix["j"]) - m.delta(ix["j"], 1), ctx)
    assert d.verdict == D.HOLDS and "symbolic K" in d.method


def test_the_literal_delta_split_still_rejects_the_wrong_row():
    """δ_{j1}(y_2 − 1) + (1 − δ_{j1}) y_j is not y_j − δ_{j1}: refuted with a counterexample."""
    def wrong_row(m, ix):
        d = m.delta(ix["j"], 1)
        return d * (m.y(2) - 1) + (1 - d) * m.y(ix["j"])
    d = D.decide(wrong_row, lambda m, ix: m.y(ix["j"]) - m.delta(ix["j"], 1), D.Context(("j",)))
    assert d.verdict == D.FAILS and d.counterexample is not None

"""True claims are proven for every K tried and for symbolic K; the verdict logic is honest."""

from __future__ import annotations

import pytest

from derive.math.claims import CATALOGUE, get_claims
from derive.math.model import ConcreteModel, SymbolicKModel
from derive.math.notation import PRESETS
from derive.verify.prove import PROVEN, REFUTED, UNKNOWN, Counterexample, Witness, verify_claim

CLAIMS = list(CATALOGUE.values())


@pytest.mark.parametrize("claim", CLAIMS, ids=[c.name for c in CLAIMS])
@pytest.mark.parametrize("k", [1, 2, 3, 4, 7, None])
def test_catalogue_claim_is_proven(claim, k):
    result = verify_claim(claim, k, seed=(k or 0) + 5)
    assert result.verdict == PROVEN, result
    assert result.counterexample is None
    for part in result.parts:
        assert part.witness.agrees
        assert part.witness.entries >= 1 or part.entries == 0


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_cross_entropy_needs_sum_of_targets_one(seed):
    result = verify_claim(CATALOGUE["cross-entropy-gradient"], 4, seed=seed)
    assert result.verdict == PROVEN
    assert result.conditions == ("Σ_k t_k = 1",)
    bare = result.without_conditions
    assert bare is not None and bare.verdict == REFUTED
    ce = bare.counterexample
    assert ce is not None and ce.t is not None and abs(sum(ce.t) - 1) > 1e-6


def test_general_cross_entropy_holds_without_condition():
    result = verify_claim(CATALOGUE["cross-entropy-gradient-general"], None)
    assert result.verdict == PROVEN and result.conditions == ()


def test_symbolic_k_states_its_assumptions():
    result = verify_claim(CATALOGUE["softmax-jacobian"], None)
    assert result.k is None
    assert "1 <= i <= K" in result.assumptions and "1 <= j <= K" in result.assumptions


def test_k_equal_one_softmax_is_constant():
    result = verify_claim(CATALOGUE["softmax-jacobian"], 1)
    assert result.verdict == PROVEN
    off = next(p for p in result.parts if p.part == "case i ≠ j")
    assert off.entries == 0 and off.symbolic.startswith("vacuous")


def test_sigmoid_claim_runs_at_k_two_only():
    assert verify_claim(CATALOGUE["softmax-sigmoid"], 5).k == 2


def test_k_out_of_range_is_refused():
    with pytest.raises(ValueError):
        verify_claim(CATALOGUE["softmax-jacobian"], 0)


def test_notation_changes_statements_not_verdicts():
    result = verify_claim(CATALOGUE["softmax-jacobian"], 3, PRESETS["blog"])
    assert result.verdict == PROVEN and "∂S_i/∂a_j" in result.statement


def test_exact_failure_with_agreeing_witness_is_unknown(monkeypatch):
    monkeypatch.setattr(ConcreteModel, "is_zero", lambda self, expr: None)
    result = verify_claim(CATALOGUE["softmax-jacobian"], 3)
    assert result.verdict == UNKNOWN


def test_symbolic_failure_with_agreeing_witness_is_unknown(monkeypatch):
    monkeypatch.setattr(SymbolicKModel, "is_zero", lambda self, expr, distinct=(): None)
    assert verify_claim(CATALOGUE["log-softmax-gradient"], None).verdict == UNKNOWN


def test_proof_with_disagreeing_witness_is_unknown(monkeypatch):
    import derive.math.decide as decide_module

    def lying_witness(lhs, rhs, ks, ctx, conditions, tolerate_below=0, must_include=None):
        ce = Counterexample(ks[0], ctx.label, {}, (0.0,) * ks[0], None, 1.0, 0.0)
        return Witness(ks, ctx.points, 1, ctx.seed, 10.0, counterexample=ce)

    monkeypatch.setattr(decide_module, "witness", lying_witness)
    result = verify_claim(CATALOGUE["softmax-jacobian"], 3)
    assert result.verdict == UNKNOWN
    assert result.verdict != PROVEN


def test_symengine_sympy_disagreement_is_unknown(monkeypatch):
    original = ConcreteModel.is_zero

    def sympy_says_no(self, expr):
        return None if self.backend == "sympy" else original(self, expr)

    monkeypatch.setattr(ConcreteModel, "is_zero", sympy_says_no)
    result = verify_claim(CATALOGUE["softmax-jacobian"], 3)
    assert result.verdict == UNKNOWN
    assert "disagree" in result.method


def test_get_claims_rejects_unknown_names():
    with pytest.raises(KeyError, match="nosuch"):
        get_claims(["nosuch"])


def test_a_claim_off_by_less_than_float64_sees_is_refuted_in_50_digits():
    from tests.mutants import MUTANTS

    tiny = next(m for m in MUTANTS if m.name == "off-by-2^-50")
    for k in (2, None):
        result = verify_claim(tiny, k)
        assert result.verdict == REFUTED
        ce = result.counterexample
        assert ce.difference is not None and abs(ce.difference + 2.0**-50) < 1e-25


def test_a_literal_index_beyond_k_is_unknown_not_a_crash():
    from derive.math.claims import Claim, Part

    claim = Claim("y1+y2", "y_1 + y_2 = 1",
                  (Part("y1+y2", "y_1 + y_2 = 1", (), lambda m, ix: m.y(1) + m.y(2),
                        lambda m, ix: 1),))
    assert verify_claim(claim, 2).verdict == PROVEN
    assert verify_claim(claim, 1).verdict == UNKNOWN
    assert verify_claim(claim, 3).verdict == REFUTED
    assert verify_claim(claim, None).verdict != PROVEN

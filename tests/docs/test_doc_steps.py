"""The step model: every step verified, wrong steps refused by the exact check and the witness."""

from __future__ import annotations

import dataclasses

import pytest
import sympy as sp

from derive.docs.derivations import DERIVATIONS, build
from derive.docs.steps import RULES, ChainBuilder, Step, StepError
from derive.docs.symbols import Ctx
from derive.docs.verify import Verification
from derive.math.notation import Notation


def _cases() -> list[tuple[str, int | None]]:
    out: list[tuple[str, int | None]] = []
    for spec in DERIVATIONS.values():
        out += [(spec.name, spec.only_k)] if spec.only_k else [(spec.name, None), (spec.name, 3)]
    return out


@pytest.mark.parametrize(("name", "k"), _cases())
def test_every_step_is_verified_and_names_its_rule(name: str, k: int | None) -> None:
    d = build(name, k)
    assert len(d.steps) >= 5
    for step in d.steps:
        assert step.rule in RULES
        assert step.verification.ok
        assert step.verification.max_excess <= 1.0
        assert step.verification.witness_cases > 0
        if k is None:
            assert step.verification.exact.startswith("symbolic K")
        else:
            assert step.verification.exact.startswith(f"K = {k}")


@pytest.mark.parametrize("k", [1, 2, 4])
@pytest.mark.parametrize("name", [n for n, s in DERIVATIONS.items() if s.only_k is None])
def test_other_k_values_build(name: str, k: int) -> None:
    d = build(name, k)
    assert all(s.verification.exact.startswith(f"K = {k}") for s in d.steps)
    assert all(s.verification.witness_ks == (k,) for s in d.steps)


def test_the_condition_is_used_only_where_stated() -> None:
    d = build("cross-entropy-chain-rule", None)
    with_condition = [s for s in d.steps if s.conditions]
    assert [s.rule for s in with_condition] == ["sum of targets is one"]
    assert "t_k = 1" in with_condition[0].verification.exact


@pytest.mark.parametrize("k", [None, 3])
def test_a_wrong_step_fails_the_build(k: int | None) -> None:
    c = Ctx(Notation(), k)
    b = ChainBuilder(c, c.d(c.y[c.i], c.z[c.j]), label="wrong")
    with pytest.raises(StepError, match="wrong, step 1"):
        b.step(c.y[c.i] * (sp.KroneckerDelta(c.i, c.j) + c.y[c.j]), "kronecker delta")
    assert b.steps == []


def test_a_step_that_needs_an_unstated_condition_fails() -> None:
    c = Ctx(Notation(), None)
    j, t, y = c.j, c.t, c.y
    b = ChainBuilder(c, -t[j] + y[j] * c.sum(lambda k: t[k]))
    with pytest.raises(StepError):
        b.step(y[j] - t[j], "sum of targets is one")  # condition not declared
    b.step(y[j] - t[j], "sum of targets is one", ("sum-targets-one",))


def test_the_witness_alone_catches_a_wrong_step(monkeypatch: pytest.MonkeyPatch) -> None:
    import derive.math.decide as D

    monkeypatch.setattr(D, "_symbolic", lambda *a, **k: D._Exact("forced"))
    c = Ctx(Notation(), None)
    b = ChainBuilder(c, c.d(c.y[c.i], c.z[c.i]))
    with pytest.raises(StepError, match="numeric witness disagrees"):
        b.step(c.y[c.i] * (1 + c.y[c.i]), "substitute y")


def test_the_exact_check_alone_catches_a_wrong_step(monkeypatch: pytest.MonkeyPatch) -> None:
    import derive.math.decide as D

    monkeypatch.setattr(D, "witness", lambda lhs, rhs, ks, ctx, *a, **k: D.Witness(
        ks, ctx.points, 1, ctx.seed, 0.0))
    monkeypatch.setattr(D, "precise_witness", lambda *a, **k: None)
    c = Ctx(Notation(), 3)
    b = ChainBuilder(c, c.d(c.y[c.i], c.z[c.i]))
    with pytest.raises(StepError, match="not proven"):
        b.step(c.y[c.i] * (1 - c.y[c.i]) + sp.Rational(1, 10**12), "substitute y")


def test_a_wrong_derivation_builder_fails(monkeypatch: pytest.MonkeyPatch) -> None:
    def sabotaged(ctx: Ctx) -> tuple:  # y_i(1 - y_i) printed as y_i(1 + y_i)
        c = ctx
        b = ChainBuilder(c, c.d(c.y[c.i], c.z[c.i]))
        b.step(sp.Mul(c.y[c.i], 1 + c.y[c.i], evaluate=False), "substitute y")
        return ()

    spec = dataclasses.replace(DERIVATIONS["softmax-jacobian"], build=sabotaged)
    monkeypatch.setitem(DERIVATIONS, "softmax-jacobian", spec)
    with pytest.raises(StepError):
        build("softmax-jacobian", 3)


def test_steps_are_immutable_and_cannot_be_unverified() -> None:
    d = build("softmax-sigmoid", 2)
    step = d.steps[0]
    with pytest.raises(dataclasses.FrozenInstanceError):
        step.rule = "quotient rule"  # type: ignore[misc]
    bad = Verification("", (2,), 1, 4, 0.0)
    with pytest.raises(StepError, match="not verified"):
        Step(step.before, step.after, step.rule, (), bad)
    with pytest.raises(StepError, match="unknown rule"):
        Step(step.before, step.after, "magic", (), step.verification)
    failing = Verification("exact", (2,), 1, 4, 5.0)
    with pytest.raises(StepError):
        Step(step.before, step.after, step.rule, (), failing)


def test_sigmoid_is_about_two_classes_only() -> None:
    from derive.docs.derivations import UnknownDerivationError

    with pytest.raises(UnknownDerivationError, match="K = 2 only"):
        build("softmax-sigmoid", 3)


def test_jacobian_matrix_for_small_k() -> None:
    d = build("softmax-jacobian", 2)
    last = d.sections[-1].chains[0].steps[-1]
    assert isinstance(last.after, sp.MatrixBase) and last.after.shape == (2, 2)
    assert not any(isinstance(s.after, sp.MatrixBase) for s in build("softmax-jacobian", 5).steps)

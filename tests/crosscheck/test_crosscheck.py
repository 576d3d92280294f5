"""Cross-check backends: true claims agree, false claims (mutants) are rejected by every backend."""

from __future__ import annotations

import numpy as np
import pytest

from derive.crosscheck import run
from derive.crosscheck.lambdified import LambdifiedPart
from derive.crosscheck.run import check_part, crosscheck, sample_points, softmax_error_vs_mpmath
from derive.math.claims import CATALOGUE, Claim, Part, get_claims, jac
from derive.math.model import SUM_TARGETS_ONE
from derive.math.numeric import NumericModel

TORCH = run.torch_available()
JAX = run.jax_available()


def _backend(name: str) -> object:
    marks = []
    if name == "torch":
        marks.append(pytest.mark.skipif(not TORCH, reason="torch not installed: "
                                        "pip install 'derive[torch]' to test this backend"))
    if name == "jax":
        marks.append(pytest.mark.skipif(not JAX, reason="jax not installed: "
                                        "pip install 'derive[jax]' to test this backend"))
    return pytest.param(name, marks=marks, id=name)


BACKENDS = [_backend(b) for b in run.BACKENDS]

MUTANTS = [
    Claim("mutant-jacobian-sign", "flipped sign", (
        Part("δ-form, sign flipped", "∂y_i/∂z_j = −y_i(δ_ij − y_j)", ("i", "j"),
             lambda m, ix: jac(m, ix["i"], ix["j"]),
             lambda m, ix: -(m.y(ix["i"]) * (m.delta(ix["i"], ix["j"]) - m.y(ix["j"])))),)),
    Claim("mutant-offdiagonal-sign", "off-diagonal +y_i y_j", (
        Part("i ≠ j, sign flipped", "∂y_i/∂z_j = y_i y_j", ("i", "j"),
             lambda m, ix: jac(m, ix["i"], ix["j"]),
             lambda m, ix: m.y(ix["i"]) * m.y(ix["j"]), distinct=(("i", "j"),)),)),
    Claim("mutant-cross-entropy", "t − y instead of y − t", (
        Part("∂E/∂z = t − y", "", ("j",),
             lambda m, ix: m.d(lambda mm: -mm.sum(lambda k: mm.t(k) * mm.log(mm.y(k))), ix["j"]),
             lambda m, ix: m.t(ix["j"]) - m.y(ix["j"])),), conditions=(SUM_TARGETS_ONE,)),
    Claim("mutant-log-softmax", "δ_ij − y_i instead of δ_ij − y_j", (
        Part("∂ ln y_i/∂z_j = δ_ij − y_i", "", ("i", "j"),
             lambda m, ix: m.d(lambda mm: mm.log(mm.y(ix["i"])), ix["j"]),
             lambda m, ix: m.delta(ix["i"], ix["j"]) - m.y(ix["i"])),)),
]


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("K", [1, 2, 3, 5])
def test_true_claims_agree(backend: str, K: int) -> None:
    rows = crosscheck(get_claims(), K, 12, seed=K, scale=5.0, backends=(backend,))
    why = {c.name: run.unsupported(c, backend) for c in get_claims()}
    bad = [(r.claim, r.part, r.max_excess, r.notes) for r in rows
           if r.status != "agree" and not (r.status == "skipped" and why[r.claim]
                                           and r.notes == [why[r.claim]])]
    assert not bad


def test_only_claims_a_backend_cannot_witness_are_skipped() -> None:
    skipped = {c.name for c in get_claims() if run.unsupported(c, "complex-step")}
    assert skipped == {"softmax-temperature-jacobian", "label-smoothing-gradient",
                       "log-sum-exp", "softmax-hessian"}
    assert not {c.name for c in get_claims() if run.unsupported(c, "lambdify")} - {
        "softmax-temperature-jacobian", "label-smoothing-gradient"}


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("K", [2, 3, 6])
@pytest.mark.parametrize("seed", [0, 7])
@pytest.mark.parametrize("mutant", MUTANTS, ids=[m.name for m in MUTANTS])
def test_mutants_rejected(mutant: Claim, backend: str, K: int, seed: int) -> None:
    rows = crosscheck([mutant], K, 8, seed=seed, scale=3.0, backends=(backend,))
    assert rows and all(r.status == "disagree" for r in rows), [(r.part, r.status) for r in rows]
    worst = rows[0].worst
    assert worst is not None and worst.lhs != pytest.approx(worst.rhs)


@pytest.mark.parametrize("backend", BACKENDS)
def test_extreme_logits_agree(backend: str) -> None:
    """|z| up to 1e4: the stable evaluation passes; the shift check leaves overflow to mpmath."""
    rows = crosscheck(get_claims(), 4, 10, seed=1, scale=1e4, backends=(backend,))
    assert not [r for r in rows if r.failed]
    skipped = {r.claim for r in rows if r.status == "skipped"
               and r.notes == [run.unsupported(CATALOGUE[r.claim], backend, 1e4)]}
    if backend != "mpmath" and backend in ("fd", "complex-step"):
        assert "sigmoid-binary-cross-entropy" in skipped
    shift = [r for r in rows if r.claim == "softmax-shift-invariance"]
    if backend == "mpmath":
        assert all(r.status == "agree" and r.points > 0 for r in shift)
    else:
        assert all("overflows" in " ".join(r.notes) for r in shift)


def test_float64_softmax_error_against_mpmath_at_extreme_logits() -> None:
    pts = sample_points(50, 40, seed=3, scale=1e4)
    assert np.abs(pts.z).max() > 9e3
    assert softmax_error_vs_mpmath(pts.z) <= 1e-12


def test_nan_and_inf_inputs_are_reported_not_crashing() -> None:
    z = np.array([[1.0, np.nan, 0.0], [np.inf, 1.0, 2.0], [0.5, 1.0, -1.0]])
    for backend in ("lambdify", "fd", "complex-step", "mpmath"):
        rows = crosscheck([CATALOGUE["softmax-jacobian"]], 3, 3, 0, 5.0, (backend,), z=z)
        assert all(r.status == "incomplete" and r.points == 1 for r in rows)
        assert all("2 point(s) with non-finite input" in r.notes[0] for r in rows)


def test_lambdify_groups_jacobian_entries_into_few_forms() -> None:
    claim = CATALOGUE["softmax-jacobian"]
    lp = LambdifiedPart(claim.parts[0], 40)
    assert len(lp.entries) == 1600 and lp.forms == 4
    pts = sample_points(40, 30, 0, 5.0)
    row = check_part(claim, claim.parts[0], 40, "lambdify", pts, 0)
    assert row.status == "agree" and row.entries == 1600 and row.max_abs < 1e-15


def test_shift_check_is_not_circular() -> None:
    """softmax(z + c·1) is evaluated as written even by the stable model: it overflows."""
    z = np.array([[800.0, 799.0]])
    model = NumericModel(z, np.ones((1, 2)), (np.ones((1, 2)),) * 3, np.array([0.0]), stable=True)
    y = np.concatenate([model.y(1), model.y(2)])
    assert np.allclose(y, [1 / (1 + np.e**-1), 1 / (1 + np.e)])
    with np.errstate(all="ignore"):
        assert not np.isfinite(model.softmax(1, shift=True)).all()
    with np.errstate(all="ignore"):
        naive = NumericModel(z, np.ones((1, 2)), (np.ones((1, 2)),) * 3, np.array([0.0]))
        assert not np.isfinite(naive.y(1)).all()


def test_stable_model_matches_naive_at_moderate_logits() -> None:
    a = NumericModel.sample(6, 20, 0)
    b = NumericModel(a.z, a.t_, a.loss, a.c, stable=True)
    for i in range(1, 7):
        for j in range(1, 7):
            lhs_a = a.d(lambda m, i=i: m.y(i), j)
            lhs_b = b.d(lambda m, i=i: m.y(i), j)
            assert np.allclose(lhs_a, lhs_b, rtol=1e-13, atol=1e-15)


def test_entry_sample_is_capped_for_large_k() -> None:
    claim = CATALOGUE["softmax-jacobian"]
    pts = sample_points(60, 3, 0, 5.0)
    row = check_part(claim, claim.parts[0], 60, "complex-step", pts, 0)
    assert row.status == "agree" and row.entries == run.MAX_ENTRIES
    assert row.entries_total == 3600 and "seeded sample" in " ".join(row.notes)


@pytest.mark.parametrize("backend", BACKENDS)
def test_mutants_rejected_at_extreme_logits(backend: str) -> None:
    rows = crosscheck(MUTANTS, 5, 8, seed=4, scale=1e4, backends=(backend,))
    assert all(r.status == "disagree" for r in rows), [(r.claim, r.status) for r in rows]


def test_memory_is_estimated_and_refused_before_work() -> None:
    from derive.crosscheck.run import MEMORY_LIMIT, check_memory, memory_estimate
    from derive.errors import UserError

    claims = get_claims(["softmax-jacobian"])
    assert memory_estimate(1000, 200) < 2**30  # the defaults at K = 1000 fit in 1 GiB
    check_memory(claims, 1000, 200)
    assert memory_estimate(2000, 20_000) > MEMORY_LIMIT
    with pytest.raises(UserError, match="GiB"):
        crosscheck(claims, 2000, 20_000, 0, 5.0, ("complex-step",))


def test_lambdify_builds_one_entry_per_orbit_at_large_k() -> None:
    lp = LambdifiedPart(CATALOGUE["softmax-jacobian-matrix"].parts[2], 300)  # J·1 = 0, a sum
    assert lp.orbits == 1 and lp.total == 300 and len(lp.entries) == 300
    lp = LambdifiedPart(CATALOGUE["softmax-jacobian"].parts[0], 300)
    assert lp.orbits == 2 and lp.total == 90_000 and lp.forms == 4


@pytest.mark.parametrize("backend", ["complex-step", "fd"])
def test_every_part_is_batched_and_matches_the_model_per_j_route(backend: str) -> None:
    """All sampled entries in one call (index arrays), equal to the entry-by-entry route."""
    for claim in get_claims():
        if run.unsupported(claim, backend):
            continue
        for part in claim.parts:
            K = claim.only_k or 6
            pts = sample_points(K, 8, 1, 5.0, claim.conditions)
            entries, _ = run._entry_sample(part, K, 0)
            model = run._model(backend, pts, not run.uses_shift(part))
            A, B = np.empty((8, len(entries))), np.empty((8, len(entries)))
            noise = np.zeros((8, len(entries))) if backend == "fd" else None
            with np.errstate(all="ignore"):
                assert run._batched(part, model, entries, 8, A, B, noise,
                                    run.TOLERANCES[backend]), (claim.name, part.name)
            slow = run._model(backend, pts, not run.uses_shift(part))
            slow.lean = False
            for e, values in enumerate(entries):
                ix = dict(zip(part.indices, values, strict=True))
                with np.errstate(all="ignore"):
                    one = np.real(np.asarray(part.lhs(slow, ix), dtype=complex))
                np.testing.assert_allclose(A[:, e], one, rtol=1e-7, atol=1e-9)


def test_worker_processes_give_the_one_process_rows_in_the_same_order(monkeypatch) -> None:
    """--jobs changes nothing but the time: every field but the seconds is the same."""
    import dataclasses

    import derive.crosscheck.parallel as parallel
    from derive.crosscheck.run import crosscheck as run
    from derive.math.claims import get_claims

    monkeypatch.setattr(parallel, "WORTH", 0)  # small enough for a test, forked anyway
    claims = get_claims(("softmax-jacobian", "cross-entropy-gradient", "softmax-sigmoid"))
    backends = ("lambdify", "fd", "complex-step", "mpmath")
    one = run(claims, 4, 30, 0, 5.0, backends, jobs=1)
    two = run(claims, 4, 30, 0, 5.0, backends, jobs=2)
    strip = [dataclasses.replace(r, seconds=0.0) for r in one]
    assert strip == [dataclasses.replace(r, seconds=0.0) for r in two]
    assert [r.backend for r in one[:4]] == list(backends)  # claim, part, then backend order


def test_backend_groups_are_balanced_and_cover_every_backend() -> None:
    from derive.crosscheck.parallel import groups

    got = groups(("lambdify", "fd", "complex-step", "mpmath"), 2)
    assert sorted(b for g in got for b in g) == ["complex-step", "fd", "lambdify", "mpmath"]
    assert len(got) == 2 and all(len(g) == 2 for g in got)
    assert groups(("fd",), 8) == [("fd",)]

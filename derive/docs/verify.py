"""Decide one step: after ≡ before, exactly (for the document's K or for every K) and numerically.

Exact, symbolic K: unfold both sides to algebra in z, t, pull sums apart, let Kronecker deltas
collapse sums, then `SymbolicKModel.is_zero(before − after)` (δ case split, sums named, rational
arithmetic). Exact, one K: for every value of the free indices in 1..K, write the sums out, take
each e^{z_k} as a positive symbol u_k, and expand the numerator of before − after to 0.
Witness: both sides evaluated *as printed* in floating point at seeded points, derivatives by the
complex step ∂f/∂v ≈ Im f(v + ih)/h, never by a symbolic derivative; compared with
derive.math.numeric's RTOL/ATOL.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass
from typing import Any

import numpy as np
import sympy as sp

from derive.math.model import SUM_TARGETS_ONE, exp_atoms, linearize_sums
from derive.math.numeric import ATOL, RTOL, STEP, compare

from .symbols import Ctx, DiagY, OuterY, Sigmoid

WITNESS_KS = (1, 2, 3, 5)  # K values at which a symbolic-K step is witnessed
WITNESS_POINTS = 4  # seeded random points per (K, index values)
MAX_ASSIGNMENTS = 12  # index assignments per K (all when fewer)


@dataclass(frozen=True)
class Verification:
    """How a step was verified: the exact method and the numeric witness's extent and result."""

    exact: str
    witness_ks: tuple[int, ...]
    witness_cases: int
    witness_points: int
    max_excess: float  # worst |before − after| / (ATOL + RTOL(|before| + |after|)); must be <= 1
    rtol: float = RTOL
    atol: float = ATOL

    @property
    def ok(self) -> bool:
        return bool(self.exact) and self.witness_cases > 0 and self.max_excess <= 1.0

    def summary(self) -> str:
        """One line for the document's verification appendix."""
        ks = ", ".join(str(k) for k in self.witness_ks)
        return (
            f"{self.exact}; witness: K in {{{ks}}}, {self.witness_cases} index cases "
            f"x {self.witness_points} points, max error/tolerance {self.max_excess:.1e}"
        )


class VerificationError(ValueError):
    """A step that is not shown to hold."""


def free_indices(ctx: Ctx, *exprs: Any) -> list[sp.Symbol]:
    """The free index symbols (i, j, …) of the expressions, in a fixed order."""
    names: set[sp.Symbol] = set()
    for e in exprs:
        items = list(e) if isinstance(e, sp.MatrixBase) else [e]
        for item in items:
            names |= _free(sp.sympify(item), _indices(ctx))
    return sorted(names, key=lambda s: s.name)


def _free(e: sp.Basic, indices: set[sp.Symbol]) -> set[sp.Symbol]:
    """Index symbols of e not bound by a Sum (unlike sympy, counting derivative variables)."""
    if isinstance(e, sp.Symbol):
        return {e} & indices
    if isinstance(e, sp.Sum):
        (k, lo, hi), = e.limits
        return (_free(e.function, indices) - {k}) | _free(lo, indices) | _free(hi, indices)
    out: set[sp.Symbol] = set()
    for a in e.args:
        out |= _free(a, indices)
    return out


def _indices(ctx: Ctx) -> set[sp.Symbol]:
    return {ctx.i, ctx.j, ctx.k, ctx.p, ctx.l, ctx.m, ctx.n}


def _entries(before: Any, after: Any) -> list[tuple[Any, Any]]:
    if isinstance(before, sp.MatrixBase) or isinstance(after, sp.MatrixBase):
        if not (isinstance(before, sp.MatrixBase) and isinstance(after, sp.MatrixBase)):
            raise VerificationError("a matrix is equated with a scalar")
        if before.shape != after.shape:
            raise VerificationError(f"matrix shapes differ: {before.shape} vs {after.shape}")
        return list(zip(before, after, strict=True))
    return [(before, after)]


# -- exact --------------------------------------------------------------------------------
def exact_symbolic_k(ctx: Ctx, before: Any, after: Any, conditions: tuple[str, ...],
                     distinct: tuple[tuple[sp.Symbol, sp.Symbol], ...]) -> str | None:
    """Method proving before ≡ after for every K and index values, or None."""
    model = ctx.model(conditions)
    method = None
    for b, a in _entries(before, after):
        diff = ctx.unfold(b) - ctx.unfold(a)
        diff = sp.refine(linearize_sums(sp.expand(diff)), model.assumptions())
        method = model.is_zero(diff, distinct)
        if method is None:
            return None
    return method


def exact_concrete(ctx: Ctx, before: Any, after: Any, conditions: tuple[str, ...],
                   distinct: tuple[tuple[sp.Symbol, sp.Symbol], ...]) -> str | None:
    """Method proving before ≡ after for K = ctx.k_value and every index value, or None."""
    K = ctx.k_value
    assert K is not None
    idx = free_indices(ctx, before, after)
    last_t = 1 - sum((ctx.t[k] for k in range(1, K)), sp.Integer(0))
    cases = 0
    for b, a in _entries(before, after):
        diff = ctx.unfold(b) - ctx.unfold(a)
        for values in itertools.product(range(1, K + 1), repeat=len(idx)):
            sub = dict(zip(idx, values, strict=True))
            if any(sub[p] == sub[q] for p, q in distinct):
                continue
            cases += 1
            e = sp.expand_log(diff.xreplace(sub).doit(), force=True)
            e = e.replace(lambda x: isinstance(x, sp.exp), exp_atoms)
            numer = sp.expand(sp.together(e).as_numer_denom()[0])
            if numer != 0 and SUM_TARGETS_ONE in conditions:
                numer = sp.expand(numer.xreplace({ctx.t[K]: last_t}))
            if numer != 0:
                return None
    used = " with Σ_k t_k = 1" if SUM_TARGETS_ONE in conditions else ""
    if cases == 0:
        raise VerificationError(f"no index values in 1..{K} to check")
    what = f"all {cases} index cases" if cases > 1 else "the single case"
    return (f"K = {K}: {what}, sums written out, exact rational "
            f"arithmetic{used} (sympy)")


# -- numeric witness ------------------------------------------------------------------------
class _Env:
    """Values at P points: z, y = softmax(z), t, loss parameters, index values."""

    def __init__(self, ctx: Ctx, K: int, z: np.ndarray, t: np.ndarray,
                 loss: tuple[np.ndarray, ...], ix: dict[sp.Symbol, int],
                 y: np.ndarray | None = None) -> None:
        self.ctx, self.K, self.z, self.t, self.loss, self.ix = ctx, K, z, t, loss, ix
        if y is None:
            e = np.exp(z)
            y = e / e.sum(axis=1, keepdims=True)
        self.y = y

    def with_index(self, s: sp.Symbol, v: int) -> _Env:
        return _Env(self.ctx, self.K, self.z, self.t, self.loss, {**self.ix, s: v}, self.y)

    def perturbed(self, var: sp.Indexed) -> _Env:
        col = int(evaluate(var.indices[0], self).real) - 1
        if var.base == self.ctx.z:
            z = self.z.astype(complex)
            z[:, col] += 1j * STEP
            return _Env(self.ctx, self.K, z, self.t, self.loss, self.ix)
        if var.base == self.ctx.y:
            y = self.y.astype(complex)
            y[:, col] += 1j * STEP
            return _Env(self.ctx, self.K, self.z, self.t, self.loss, self.ix, y)
        raise VerificationError(f"cannot differentiate with respect to {var}")

    def general_loss(self) -> np.ndarray:
        """A concrete smooth L(y) = Σ a_m y_m + ½ Σ b_m y_m² + sin(Σ c_m y_m)."""
        a, b, c = self.loss
        y = self.y
        return (a * y).sum(axis=1) + 0.5 * (b * y * y).sum(axis=1) + np.sin((c * y).sum(axis=1))


def evaluate(e: Any, env: _Env) -> Any:
    """e in floating point at env's points (arrays of shape (P,) or scalars)."""
    ctx = env.ctx
    if isinstance(e, sp.Number):
        return complex(e)
    if isinstance(e, sp.Symbol):
        if e in env.ix:
            return env.ix[e]
        if e == ctx.Ksym:
            return env.K
        if e == ctx.L:
            return env.general_loss()
        defs = ctx.definitions()
        if e in defs:
            return evaluate(defs[e], env)
        raise VerificationError(f"no value for symbol {e}")
    if isinstance(e, sp.Indexed):
        col = int(np.real(evaluate(e.indices[0], env))) - 1
        if not 0 <= col < env.K:
            raise VerificationError(f"index of {e} out of range")
        for base, arr in ((ctx.z, env.z), (ctx.y, env.y), (ctx.t, env.t)):
            if e.base == base:
                return arr[:, col]
        raise VerificationError(f"no value for {e}")
    if isinstance(e, sp.Add):
        return sum(evaluate(a, env) for a in e.args)
    if isinstance(e, sp.Mul):
        return math.prod((evaluate(a, env) for a in e.args), start=1)
    if isinstance(e, sp.Pow):
        return evaluate(e.base, env) ** evaluate(e.exp, env)
    if isinstance(e, sp.exp):
        return np.exp(evaluate(e.args[0], env))
    if isinstance(e, sp.log):
        return np.log(evaluate(e.args[0], env))
    if isinstance(e, Sigmoid):
        return 1 / (1 + np.exp(-evaluate(e.args[0], env)))
    if isinstance(e, sp.KroneckerDelta | DiagY | OuterY):
        a, b = (int(np.real(evaluate(x, env))) for x in e.args)
        if isinstance(e, OuterY):
            return env.y[:, a - 1] * env.y[:, b - 1]
        same = 1.0 if a == b else 0.0
        return same * env.y[:, a - 1] if isinstance(e, DiagY) else same
    if isinstance(e, sp.Sum):
        (k, lo, hi), = e.limits
        lo_v, hi_v = int(np.real(evaluate(lo, env))), int(np.real(evaluate(hi, env)))
        return sum((evaluate(e.function, env.with_index(k, v)) for v in range(lo_v, hi_v + 1)),
                   0.0)
    if isinstance(e, sp.Derivative):
        (var, n), = e.variable_count
        if n != 1:
            raise VerificationError("only first derivatives are witnessed")
        return np.imag(evaluate(e.expr, env.perturbed(var))) / STEP
    raise VerificationError(f"the witness cannot evaluate {type(e).__name__}")


def witness(ctx: Ctx, before: Any, after: Any, conditions: tuple[str, ...],
            distinct: tuple[tuple[sp.Symbol, sp.Symbol], ...], seed: int) -> tuple[
                tuple[int, ...], int, float]:
    """Evaluate both sides at seeded points for each witness K; (Ks, cases, worst excess)."""
    idx = free_indices(ctx, before, after)
    ks = (ctx.k_value,) if ctx.k_value is not None else WITNESS_KS
    rng = np.random.default_rng(seed)
    cases, worst, used = 0, 0.0, []
    for K in ks:
        assignments = [
            dict(zip(idx, v, strict=True))
            for v in itertools.product(range(1, K + 1), repeat=len(idx))
        ]
        assignments = [a for a in assignments if all(a[p] != a[q] for p, q in distinct)]
        if len(assignments) > MAX_ASSIGNMENTS:
            picks = rng.choice(len(assignments), MAX_ASSIGNMENTS, replace=False)
            assignments = [assignments[p] for p in sorted(picks)]
        if not assignments:
            continue
        used.append(K)
        z = rng.normal(0.0, 1.5, size=(WITNESS_POINTS, K))
        if SUM_TARGETS_ONE in conditions:
            t = rng.dirichlet(np.ones(K), size=WITNESS_POINTS)
        else:
            t = rng.uniform(0.1, 1.0, size=(WITNESS_POINTS, K))
        loss = tuple(rng.normal(size=(WITNESS_POINTS, K)) for _ in range(3))
        for ix in assignments:
            env = _Env(ctx, K, z, t, loss, ix)
            for b, a in _entries(before, after):
                d = compare(evaluate(b, env), evaluate(a, env), WITNESS_POINTS)
                worst = max(worst, d.excess)
            cases += 1
    return tuple(used), cases, worst


def verify_step(ctx: Ctx, before: Any, after: Any, conditions: tuple[str, ...] = (),
                distinct: tuple[tuple[sp.Symbol, sp.Symbol], ...] = (), seed: int = 0) -> (
                    Verification):
    """Verify after ≡ before exactly and numerically; raise VerificationError otherwise."""
    exact = (exact_concrete if ctx.k_value is not None else exact_symbolic_k)(
        ctx, before, after, conditions, distinct)
    if exact is None:
        raise VerificationError("the exact check did not show after ≡ before")
    ks, cases, worst = witness(ctx, before, after, conditions, distinct, seed)
    v = Verification(exact, ks, cases, WITNESS_POINTS, worst)
    if not v.ok:
        raise VerificationError(
            f"the numeric witness disagrees (error/tolerance {worst:.3g})" if cases
            else "the numeric witness had no case to evaluate")
    return v

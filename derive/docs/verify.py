"""Decide one step of a derivation: after ≡ before, by the shared decider.

Both sides are read as builders of the claim interface (`derive.docs.builders`) and handed to
`derive.math.decide.decide` with the step's free indices, its case (i ≠ j) and conditions, for
the document's K or for every K: exact (symbolic K or every entry of one K) and the independent
dual-number witness, as for every claim of `derive verify`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import sympy as sp

from derive.math.decide import HOLDS, Context, decide
from derive.math.tolerance import ATOL, RTOL, shown_excess

from .builders import NotReadable, to_builder
from .symbols import Ctx

WITNESS_POINTS = 4  # seeded random points per (K, index values)
WITNESS_KS = (1, 2, 3, 5)  # a symbolic-K step is witnessed here (and wherever a literal needs)
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
            f"x {self.witness_points} points, max error/tolerance {shown_excess(self.max_excess)}"
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


def verify_step(ctx: Ctx, before: Any, after: Any, conditions: tuple[str, ...] = (),
                distinct: tuple[tuple[sp.Symbol, sp.Symbol], ...] = (), seed: int = 0) -> (
                    Verification):
    """after ≡ before, decided by the shared decider; VerificationError unless it holds."""
    names = tuple(s.name for s in free_indices(ctx, before, after))
    pairs = tuple((a.name, b.name) for a, b in distinct)
    methods: list[str] = []
    ks: set[int] = set()
    cases = worst = 0
    for b, a in _entries(before, after):
        try:
            lhs, rhs = to_builder(ctx, b), to_builder(ctx, a)
        except NotReadable as err:
            raise VerificationError(str(err)) from None
        context = Context(names, pairs, (), conditions, (), ctx.k_value, ctx.notation,
                          WITNESS_POINTS, seed, max_entries=MAX_ASSIGNMENTS,
                          witness_ks=WITNESS_KS)
        try:
            d = decide(lhs, rhs, context)
        except NotReadable as err:
            raise VerificationError(str(err)) from None
        if d.verdict != HOLDS:
            why = d.reason or d.method
            if d.counterexample is not None:
                ce = d.counterexample
                why += (f"; counterexample at K = {ce.K}, {ce.indices or 'no index'}: "
                        f"{ce.lhs:.6g} vs {ce.rhs:.6g}")
            raise VerificationError(f"the step does not hold ({d.verdict}): {why}")
        methods.append(d.method if d.covers in ("", "every K", f"K = {ctx.k_value}")
                       else f"{d.method} ({d.covers})")
        ks.update(d.witness.ks)
        cases += d.witness.entries
        worst = max(worst, d.witness.max_excess)
    exact = methods[0] if len(set(methods)) == 1 else "; ".join(dict.fromkeys(methods))
    if len(methods) > 1:
        exact = f"{len(methods)} entries: {exact}"
    exact = exact.replace("with S = Σ_k e^{z_k}", "with S written out as a sum")
    if ctx.k_value is not None:
        exact = f"K = {ctx.k_value}: {exact}"
    return Verification(exact, tuple(sorted(ks)), cases, WITNESS_POINTS, worst)

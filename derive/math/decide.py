"""The one decider: is lhs ≡ rhs, for one K or for every K, and who says so independently?

`decide(lhs, rhs, context)` takes two builders written against the claim interface (`y`, `t`,
`g`, `logit`, `exp`, `log`, `delta`, `sum`, `d`, `d_loss`, …; see `Model`) and returns a
`Decision`. It tries, in order:

1. symbolic K (`SymbolicKModel.is_zero`), valid for K >= the largest literal index the claim
   names (a Kronecker delta δ_{k c} collapses only where c <= K); every smaller K is then proven
   exactly one by one (`prove_concrete`), or found undefined there (the claim names class c);
2. for a concrete K, the exact proof of every entry (`prove_concrete`);
3. always, the independent witness (`WitnessModel`): the definitions evaluated in float64 at
   seeded points, derivatives by nested dual numbers, at every K from 1 to (largest literal + 2)
   and at K in WITNESS_KS; when the exact route fails and float64 sees nothing, again at 50
   digits (a claim off by 1e-14 is refuted, not unknown).

Verdicts: HOLDS needs the exact route and the witness to agree; FAILS needs the exact route to
fail and the witness to show a counterexample (the counterexample is a real point: a concrete
K, index values, z, t and loss weights); NEEDS_CONDITION is FAILS that turns into HOLDS under an
offered condition (Σ_k t_k = 1); anything else is UNKNOWN with the reason. An index outside
1..K (y_{j−1} at j = 1) is an error of the claim: UNKNOWN, saying which index.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any, Protocol

import mpmath
import numpy as np

from derive.math import dual, indices
from derive.math.concrete import prove_concrete
from derive.math.conditions import CONDITIONS
from derive.math.model import NotModelled, ShapeMismatch, SymbolicKModel
from derive.math.notation import Notation
from derive.math.numeric import WitnessModel
from derive.math.tolerance import ATOL, PRECISE_ATOL, PRECISE_DIGITS, PRECISE_RTOL, RTOL, excess

HOLDS, FAILS, NEEDS_CONDITION, UNKNOWN = "holds", "fails", "needs-condition", "unknown"
WITNESS_KS = (1, 2, 3, 4, 5, 6, 7, 10)  # K values at which a symbolic-K result is witnessed
MAX_WITNESS_ENTRIES = 200  # index assignments evaluated numerically per K (all when fewer)
PRECISE_ENTRIES = 12  # index assignments per K at 50 digits
PRECISE_KS = 6  # how many of the witness K values the 50-digit witness visits


class Model(Protocol):
    """The claim interface every model implements (exact for one K, symbolic K, numeric)."""

    half: Any

    def y(self, i: Any) -> Any: ...
    def t(self, i: Any) -> Any: ...
    def g(self, i: Any) -> Any: ...
    def logit(self, i: Any) -> Any: ...
    def exp(self, x: Any) -> Any: ...
    def log(self, x: Any) -> Any: ...
    def delta(self, i: Any, j: Any) -> Any: ...
    def sum(self, fn: Callable[[Any], Any]) -> Any: ...
    def d(self, thunk: Callable[[Any], Any], j: Any) -> Any: ...
    def d_loss(self, j: Any) -> Any: ...
    def dy(self, thunk: Callable[[Any], Any], k: Any) -> Any: ...
    def softmax(self, i: Any, shift: bool = False) -> Any: ...
    def sigmoid_of_difference(self, a: Any, b: Any) -> Any: ...


Builder = Callable[[Any, dict[str, Any]], Any]


@dataclass(frozen=True)
class Context:
    """What a decision is about: free indices and their restrictions, conditions, K."""

    names: tuple[str, ...] = ()
    distinct: indices.Pairs = ()  # index pairs assumed unequal (a case i ≠ j)
    equal: indices.Pairs = ()  # index pairs assumed equal (a case i = j)
    conditions: tuple[str, ...] = ()  # assumed (e.g. Σ_k t_k = 1)
    offer: tuple[str, ...] = ()  # tried when the identity fails without them
    k: int | None = None  # None: every K
    notation: Notation = field(default_factory=Notation)
    points: int = 6
    seed: int = 0
    label: str = ""  # the part's name, carried into counterexamples
    symbolic: bool = True  # try symbolic K (else only concrete K = WITNESS_KS exactly)
    max_entries: int = MAX_WITNESS_ENTRIES  # index assignments the witness evaluates per K
    witness_ks: tuple[int, ...] = WITNESS_KS  # the spread of K for a symbolic-K witness
    k_min: int = 1  # the claim is about K >= k_min only (y_1 and y_K named as distinct classes)


@dataclass(frozen=True)
class Counterexample:
    """A point where the two sides differ: K, index values, logits, targets, both sides."""

    K: int
    part: str
    indices: dict[str, int]
    z: tuple[float, ...]
    t: tuple[float, ...] | None
    lhs: float
    rhs: float
    difference: float | None = None  # lhs − rhs in 50-digit arithmetic, when float64 is blind
    inputs: tuple[tuple[str, tuple[float, ...]], ...] = ()  # other seeded inputs (m.var) used


@dataclass(frozen=True)
class Witness:
    """The numeric check: which K, how many points and entries, the worst disagreement."""

    ks: tuple[int, ...]
    points: int
    entries: int
    seed: int
    max_excess: float
    rtol: float = RTOL
    atol: float = ATOL
    counterexample: Counterexample | None = None
    undefined: str = ""  # an index outside 1..K met where the claim should be defined
    method: str = "float64, derivatives by nested dual numbers"

    @property
    def agrees(self) -> bool:
        return self.counterexample is None and not self.undefined


@dataclass(frozen=True)
class Decision:
    """The verdict, the exact method (or why it failed), which K it covers, and the witness."""

    verdict: str
    method: str
    covers: str
    entries: int
    witness: Witness
    counterexample: Counterexample | None = None
    condition: str | None = None  # NEEDS_CONDITION: the condition under which it holds
    reason: str = ""


@dataclass(frozen=True)
class _Exact:
    method: str | None  # None: not proven
    entries: int = 1
    failed: dict[str, int] | None = None
    disagreement: bool = False
    covers: str = ""
    undefined_below: int = 0  # the claim is not defined for K below this
    compound: tuple[str, ...] = ()
    literals: tuple[int, ...] = ()
    shape: bool = False  # a name with two numbers of indices: no verdict either way


def _symbolic(lhs: Builder, rhs: Builder, ctx: Context) -> _Exact:
    """Symbolic K for K >= every literal index, then each smaller K exactly."""
    model = SymbolicKModel(ctx.notation, ctx.conditions)
    if ctx.k_min > 1:  # K = K' + k_min − 1 with K' >= 1: δ_{1K} is 0 for K >= 2
        model.K = model.K + (ctx.k_min - 1)
    ix: dict[str, Any] = {name: model.index(name) for name in ctx.names}
    for a, b in ctx.equal:
        ix[b] = ix[a]
    distinct = tuple((ix[a], ix[b]) for a, b in ctx.distinct)
    try:
        method = model.is_zero(lhs(model, ix) - rhs(model, ix), distinct)
    except NotModelled as err:
        return _Exact(None, covers=str(err), shape=isinstance(err, ShapeMismatch))
    literals = tuple(sorted(model.literals))
    compound = tuple(sorted(model.compound))
    if compound:
        return _Exact(None, covers=f"the index {compound[0]} may leave 1..K",
                      compound=compound, literals=literals)
    top = max(literals, default=1)
    if method is None:
        return _Exact(None, literals=literals)
    covers, undefined_below = "every K", 0
    if top > 1:
        below = []
        for K in range(max(1, ctx.k_min), top):
            try:
                proof = prove_concrete(lhs, rhs, ctx.names, K, ctx.conditions, ctx.notation,
                                       ctx.seed, ctx.distinct, ctx.equal)
            except indices.IndexOutOfRange:
                undefined_below = K + 1
                continue
            if proof.method is None or proof.disagreement:
                return _Exact(None, failed=proof.failed, literals=literals,
                              covers=f"fails at K = {K}")
            below.append(K)
        if undefined_below:
            covers = (f"K >= {undefined_below} (the claim names class {top}; "
                      f"not defined for smaller K)")
        if below:
            covers += f"; K = {below[0]}..{below[-1]} entry by entry"
        method += f", for K >= {top}"
    if ctx.k_min > 1 and covers == "every K":
        covers = f"K >= {ctx.k_min}"
    return _Exact(method, covers=covers, undefined_below=undefined_below, literals=literals)


def _concrete(lhs: Builder, rhs: Builder, ctx: Context, K: int) -> _Exact:
    try:
        proof = prove_concrete(lhs, rhs, ctx.names, K, ctx.conditions, ctx.notation, ctx.seed,
                               ctx.distinct, ctx.equal)
    except NotModelled as err:
        return _Exact(None, covers=str(err), shape=isinstance(err, ShapeMismatch))
    except indices.IndexOutOfRange as err:
        return _Exact(None, covers=f"the claim names an index outside 1..K ({err})",
                      undefined_below=K + 1)
    return _Exact(proof.method, proof.entries, proof.failed, proof.disagreement, f"K = {K}")


def _point(model: WitnessModel, p: int) -> tuple[tuple[float, ...], tuple[float, ...]]:
    z = tuple(float(v) for v in dual.primal(model.z)[p])
    t = tuple(float(v) for v in model.t_[p])
    return z, t


def _inputs(model: WitnessModel, p: int) -> tuple[tuple[str, tuple[float, ...]], ...]:
    """The values at point p of every independent input the builders asked for."""
    out = []
    for (name, _), vals in sorted(model._vars.items()):
        row = np.asarray(vals[p], dtype=object).reshape(-1)
        out.append((name, tuple(float(v) for v in row)))
    return tuple(out)


def _values(x: Any, points: int) -> np.ndarray:
    v = dual.primal(x)
    return np.broadcast_to(np.real(np.asarray(v, dtype=complex)), (points,)).astype(float)


def witness(lhs: Builder, rhs: Builder, ks: tuple[int, ...], ctx: Context,
            conditions: tuple[str, ...], tolerate_below: int = 0,
            must_include: dict[str, int] | None = None) -> Witness:
    """Both sides in float64 at seeded points for each K; the worst disagreement."""
    rng = np.random.default_rng(ctx.seed)
    worst, entries, used, undefined = 0.0, 0, [], ""
    found: dict[int, tuple[float, Counterexample]] = {}  # the worst counterexample per K
    for K in ks:
        model = WitnessModel.sample(K, ctx.points, ctx.seed + K, conditions)
        chosen = indices.sample(ctx.names, K, rng, ctx.max_entries, ctx.distinct, ctx.equal)
        if must_include is not None and must_include not in chosen and K == ks[-1]:
            chosen.append(must_include)
        k_used = False
        for ix in chosen:
            try:
                with np.errstate(all="ignore"):
                    a = _values(lhs(model, ix), ctx.points)
                    b = _values(rhs(model, ix), ctx.points)
            except indices.IndexOutOfRange as err:
                if K < tolerate_below:
                    break  # the claim names a class this K does not have
                undefined = undefined or f"{err} at K = {K}, {_fmt_ix(ix)}"
                continue
            entries += 1
            k_used = True
            ex = excess(a, b)
            worst = max(worst, float(np.max(ex)))
            # a point where a side is not a number (log of a negative input) is outside the
            # claim's domain: it blocks HOLDS (worst = inf) but is never a counterexample
            ex = np.where(np.isfinite(a) & np.isfinite(b), ex, 0.0)
            p = int(np.argmax(ex))
            if ex[p] > 1 and ex[p] > found.get(K, (0.0, None))[0]:
                z, t = _point(model, p)
                found[K] = (float(ex[p]), Counterexample(K, ctx.label, ix, z, t, float(a[p]),
                                                         float(b[p]), None,
                                                         _inputs(model, p)))
        if k_used:
            used.append(K)
    # show the smallest K >= 2 that disagrees (K = 1, one constant output, only if alone)
    order = sorted(found, key=lambda K: (K < 2, K))
    cex = found[order[0]][1] if order else None
    return Witness(tuple(used), ctx.points, entries, ctx.seed, worst, counterexample=cex,
                   undefined=undefined)


def precise_witness(lhs: Builder, rhs: Builder, ks: tuple[int, ...], ctx: Context,
                    conditions: tuple[str, ...],
                    entry: dict[str, int] | None = None) -> Counterexample | None:
    """A counterexample seen in 50-digit arithmetic (dual numbers over mpmath), or None."""
    rng = np.random.default_rng(ctx.seed)
    with mpmath.workdps(PRECISE_DIGITS):
        for K in ks:
            model = WitnessModel.sample(K, 2, ctx.seed + K, conditions, precise=True)
            chosen = [entry] if entry is not None else indices.sample(
                ctx.names, K, rng, PRECISE_ENTRIES, ctx.distinct, ctx.equal)
            for ix in chosen:
                try:
                    a = np.broadcast_to(np.asarray(dual.primal(lhs(model, ix)), dtype=object),
                                        (2,))
                    b = np.broadcast_to(np.asarray(dual.primal(rhs(model, ix)), dtype=object),
                                        (2,))
                except (indices.IndexOutOfRange, ZeroDivisionError, ValueError):
                    continue
                for p in range(2):
                    x, y = mpmath.mpmathify(a[p]), mpmath.mpmathify(b[p])
                    if abs(x - y) > PRECISE_RTOL * (abs(x) + abs(y)) + PRECISE_ATOL:
                        z, t = _point(model, p)
                        return Counterexample(K, ctx.label, ix, z, t, float(mpmath.re(x)),
                                              float(mpmath.re(y)), float(mpmath.re(x - y)),
                                              _inputs(model, p))
    return None


def _witness_ks(ctx: Context, exact: _Exact) -> tuple[int, ...]:
    if ctx.k is not None:
        return (ctx.k,)
    top = max(exact.literals, default=0)
    ks = set(ctx.witness_ks) | set(range(ctx.k_min, top + 3))
    return tuple(K for K in sorted(ks) if K >= ctx.k_min
                 and indices.count(ctx.names, K, ctx.distinct, ctx.equal))


def _decide_once(lhs: Builder, rhs: Builder, ctx: Context) -> Decision:
    if ctx.k is not None:
        exact = _concrete(lhs, rhs, ctx, ctx.k)
    elif ctx.symbolic:
        exact = _symbolic(lhs, rhs, ctx)
    else:
        exact = _Exact(None, covers="symbolic K not tried")
    ks = _witness_ks(ctx, exact)
    tolerate = exact.undefined_below if ctx.k is None and not exact.compound else 0
    if ctx.k is None and not exact.compound and exact.literals:
        tolerate = max(tolerate, max(exact.literals))  # classes below a named literal: skip
    w = witness(lhs, rhs, ks, ctx, ctx.conditions, tolerate, exact.failed)
    if exact.method is None and w.agrees:
        near = tuple(sorted(ks, key=lambda K: (K < 2, K)))  # K >= 2 first: clearer examples
        near = near[:PRECISE_KS] if exact.failed is None else near
        precise = precise_witness(lhs, rhs, near, ctx, ctx.conditions, exact.failed)
        if precise is not None:
            w = replace(w, counterexample=precise)
    entries = exact.entries
    if exact.method is not None and not exact.disagreement and w.agrees:
        covers = exact.covers or ("every K" if ctx.k is None else f"K = {ctx.k}")
        return Decision(HOLDS, exact.method, covers, entries, w)
    if w.undefined:
        return Decision(UNKNOWN, exact.method or "not proven", exact.covers, entries, w,
                        reason=f"the claim names an index outside 1..K: {w.undefined}")
    if exact.shape:
        return Decision(UNKNOWN, "not proven", exact.covers, entries, w, reason=(
            f"{exact.covers} (the exact engine and the witness would read them as "
            "two different quantities)"))
    if exact.method is None and w.counterexample is not None:
        where = f" at {_fmt_ix(exact.failed)}" if exact.failed else ""
        method = f"not proven{where}: the difference does not simplify to 0"
        if exact.covers and not exact.covers.startswith(("K =", "every")):
            method = f"not proven: {exact.covers}"
        return Decision(FAILS, method, exact.covers, entries, w, w.counterexample)
    if exact.disagreement:
        reason = exact.method or "symengine and sympy disagree"
    elif exact.method is not None:
        reason = "the exact proof succeeded but the numeric witness disagrees"
    else:
        reason = ("not proven exactly" + (f" ({exact.covers})" if exact.covers else "")
                  + ", and the witness found no counterexample")
    return Decision(UNKNOWN, exact.method or "not proven", exact.covers, entries, w,
                    w.counterexample, reason=reason)


def decide(lhs: Builder, rhs: Builder, ctx: Context) -> Decision:
    """Decide lhs ≡ rhs under ctx; a failure that an offered condition repairs: NEEDS_CONDITION."""
    first = _decide_once(lhs, rhs, ctx)
    if first.verdict != FAILS or not ctx.offer:
        return first
    for cond in ctx.offer:
        if cond in ctx.conditions:
            continue
        under = _decide_once(lhs, rhs, replace(ctx, conditions=(*ctx.conditions, cond), offer=()))
        if under.verdict == HOLDS:
            return replace(under, verdict=NEEDS_CONDITION, condition=cond,
                           counterexample=first.counterexample,
                           reason=f"holds only under {cond}")
        # FAILS always comes from the witness (no exact proof); under the condition nothing
        # exact either way but the witness agrees: the condition may be all the step lacks
        if under.verdict == UNKNOWN and under.witness.agrees:
            text = CONDITIONS.get(cond, cond)
            return replace(under, counterexample=first.counterexample,
                           reason=f"fails without {text} (counterexample); under {text} "
                                  f"{under.reason}")
    return first


def _fmt_ix(ix: dict[str, int] | None) -> str:
    return ", ".join(f"{a} = {v}" for a, v in (ix or {}).items()) or "the only entry"

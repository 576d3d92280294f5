"""Exact proof for one concrete K: lhs − rhs ≡ 0 for every admissible assignment of the indices.

Each entry is decided by `ConcreteModel.is_zero` in symengine (e^{z_k} and S = Σ_k e^{z_k} as
symbols). A literal index outside 1..K raises `indices.IndexOutOfRange` (an error of the claim),
except one that only δ compares (it equals no class).

Orbits (the default; `exhaustive=True` decides every entry instead)
-------------------------------------------------------------------
Let L be the set of literal index values the builders use (e.g. `m.y(1)`, `m.y(m.K)`) and let σ
be a permutation of the classes 1..K that fixes every value in L. σ acts on the exact model by
renaming u_k → u_σ(k), t_k → t_σ(k), g_k → g_σ(k) (S and e^c are fixed).

1. Equivariance. Every model operation commutes with σ: y(σi) = σ·y(i), t, g likewise;
   δ(σi, σj) = δ(i, j); Σ_k f(k) is invariant (σ only reorders the terms); ∂/∂z_{σj} = σ·∂/∂z_j
   (differentiation commutes with renaming); softmax(z + c·1) and σ(z_a − z_b) likewise. A
   builder that touches indices only through these operations (and literal values in L) gives,
   by induction over the builder, lhs(σ∘ix) − rhs(σ∘ix) = σ·(lhs(ix) − rhs(ix)).
2. Invariance of the truth. "d ≡ 0 for all real z (and all t with Σ_k t_k = 1, all g, c)" is
   unchanged by renaming the variables: S = Σ_k u_k and Σ_k t_k = 1 are symmetric.
3. So lhs − rhs ≡ 0 holds at ix iff it holds at σ∘ix: it is constant on each orbit. The orbit of
   ix is fixed by (a) its equality pattern (which names share a value: a set partition of the
   names, `indices.patterns`, which also respects `distinct` / `equal`) and (b) which blocks take
   which literal value; every other block takes a value outside L, distinct from the others. One
   representative per orbit (its lexicographically least member) is proven by `is_zero`, which
   is sound, so a proven representative proves its whole orbit; orbits needing more non-literal
   values than K − |L| are empty. A failing orbit reports its least member, and the failing
   entry reported is the least over failing orbits: the first failing entry in enumeration order,
   as exhaustive enumeration would report.

Precondition: the builders are symmetric under relabelling. This holds for builders written
against the model interface (y, logit, softmax, sigmoid_of_difference, t, g, log, exp, delta,
sum, d, d_loss, dy, var, quantity, d_wrt, half, K; the indices of `var` / `quantity` are
classes, so their inputs are relabelled with them) that do not branch on index values other than
through `delta`; a builder that uses a literal value (`m.y(1)`, `m.y(m.K)`) has it as a fixed
point.

Literal detection: unless the caller passes `literals`, the builders are run once on
`Recorder`, a model whose free and summation indices are opaque markers and whose values are
one symbol. Every int handed to an index argument is recorded as a literal, `m.K` as the literal
K. A marker refuses ==, hashing, truth, arithmetic and conversion to int, and `m.K` refuses
everything except being an index, so a builder that branches on or computes with an index value,
or that uses anything outside the interface, makes the recording fail, and the proof falls back
to exhaustive enumeration (stated in the method).

Independent checks: a seeded sample of explicit entries (`indices.sample`, diagonal ones
included) is proven again entry by entry with symengine and must match its orbit's verdict (a
mismatch means the precondition is broken: reported as a disagreement, never as proven); the
representatives and then the sample are re-proven with SymPy, as many as a size budget allows
and a time budget allow (at least one entry; every entry of small parts), except that entries
with more than
`SYMPY_MAX_SYMBOLS` symbols (sums at K above ~300) are not: SymPy needs seconds for each, and
the method says so. The numeric witness (`derive.verify.prove`)
also evaluates the first failing entry and a seeded sample.
"""

from __future__ import annotations

import itertools
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from derive.math import indices
from derive.math.indices import IndexOutOfRange
from derive.math.model import ConcreteModel
from derive.math.notation import Notation

Builder = Callable[[Any, dict[str, Any]], Any]
SYMPY_RECHECK = 40  # most entries per part re-proven by sympy
SYMPY_SYMBOLS = 1000  # sympy re-checks about this many symbols' worth of entries (at least one)
SYMPY_MAX_SYMBOLS = 600  # larger entries are not re-proven by sympy (~1 s each at 600, O(K^1.3))
EXPLICIT_SAMPLE = 40  # most sampled explicit entries proven again by symengine per part
EXPLICIT_SYMBOLS = 10000  # ... about this many symbols' worth (at least four entries)
LITERAL_K = "K"  # how `detect_literals` records m.K used as an index
SMALL_PART = 64  # parts with at most this many entries are decided entry by entry
EXPLICIT_SECONDS = 1.0  # ... the sampled explicit entries take about this long at most
SYMPY_SECONDS = 1.5  # sympy re-checks stop after about this long (at least one entry)


@dataclass(frozen=True)
class ConcreteProof:
    """The outcome for one K: the method (None when not proven), the first failing entry."""

    method: str | None
    failed: dict[str, int] | None
    entries: int
    disagreement: bool = False  # symengine proved it and SymPy (or an explicit entry) did not
    representatives: int = 0  # entries decided by is_zero (all of them when exhaustive)
    rechecked: int = 0  # entries re-proven with sympy


# -- literal detection --------------------------------------------------------------------------
class NotSymmetric(Exception):
    """The recording run met something the orbit argument does not cover."""


class Marker:
    """An opaque index: usable only as an argument of the model interface."""

    __slots__ = ("name",)

    def __init__(self, name: str) -> None:
        self.name = name

    def _refuse(self, *_: Any) -> Any:
        raise NotSymmetric(f"a builder computes with or compares index {self.name}")

    __eq__ = __ne__ = __lt__ = __le__ = __gt__ = __ge__ = _refuse  # type: ignore[assignment]
    __hash__ = __bool__ = __int__ = __index__ = __float__ = _refuse  # type: ignore[assignment]
    __add__ = __radd__ = __sub__ = __rsub__ = __mul__ = __rmul__ = _refuse
    __truediv__ = __rtruediv__ = __floordiv__ = __mod__ = __neg__ = __pow__ = _refuse


class KMarker(Marker):
    """m.K in a recording run: a literal index (the last class) and nothing else."""


class Recorder:
    """The claim interface with opaque indices; records the literal index values it is given."""

    def __init__(self) -> None:
        import symengine as se

        self._x = se.Symbol("x")
        self._se = se
        self.half = se.Rational(1, 2)
        self.K = KMarker("K")
        self.literals: set[int | str] = set()  # literals used as a class (checked against K)
        self.compared: set[int | str] = set()  # literals only compared by δ (no class needed)
        self._bound = 0
        self.sums = 0  # sums over every class met (d_loss counts as one): O(K) work per entry

    def _see(self, *ix: Any, into: set[int | str] | None = None) -> None:
        into = self.literals if into is None else into
        for i in ix:
            if isinstance(i, KMarker):
                into.add(LITERAL_K)
            elif isinstance(i, Marker):
                continue
            elif isinstance(i, int) and not isinstance(i, bool):
                into.add(i)
            else:
                raise NotSymmetric(f"index {i!r} is neither a free index nor a literal int")

    def y(self, i: Any) -> Any:
        self._see(i)
        return self._x

    def softmax(self, i: Any, shift: bool = False) -> Any:
        self._see(i)
        return self._x

    def sigmoid_of_difference(self, a: Any, b: Any) -> Any:
        self._see(a, b)
        return self._x

    def t(self, i: Any) -> Any:
        self._see(i)
        return self._x

    def g(self, i: Any) -> Any:
        self._see(i)
        return self._x

    def log(self, x: Any) -> Any:
        return self._se.log(x)

    def exp(self, x: Any) -> Any:
        return self._se.exp(x)

    def logit(self, i: Any) -> Any:
        self._see(i)
        return self._x

    def delta(self, i: Any, j: Any) -> Any:
        self._see(i, j, into=self.compared)
        return self._x

    def var(self, name: str, idx: tuple[Any, ...] = ()) -> Any:
        self._see(*idx)
        return self._x

    def quantity(self, name: str, idx: tuple[Any, ...], definition: Any) -> Any:
        self._see(*idx)
        return definition(self, idx) if definition is not None else self._x

    def d_wrt(self, thunk: Callable[[Any], Any], name: str, idx: tuple[Any, ...],
              definition: Any) -> Any:
        self._see(*idx)
        if definition is not None:
            definition(self, idx)
        return thunk(self)

    def dy(self, thunk: Callable[[Any], Any], k: Any) -> Any:
        self._see(k)
        return thunk(self)

    def sum(self, fn: Callable[[Any], Any]) -> Any:
        self._bound += 1
        self.sums += 1
        return fn(Marker(f"_k{self._bound}"))

    def d(self, thunk: Callable[[Any], Any], j: Any) -> Any:
        self._see(j)
        return thunk(self)

    def d_loss(self, j: Any) -> Any:
        self._see(j)
        self.sums += 1
        return self._x


def detect_literals(lhs: Builder, rhs: Builder, names: tuple[str, ...]) -> frozenset[int | str]:
    """The literal index values both sides use (`LITERAL_K` for m.K); raises NotSymmetric.

    A literal that only δ compares is included too (`detect_checked` tells which are used as a
    class, i.e. must lie in 1..K)."""
    return frozenset().union(*_record(lhs, rhs, names))


def detect_checked(lhs: Builder, rhs: Builder, names: tuple[str, ...]) -> frozenset[int | str]:
    """The literal index values used as a class (y_L, t_L, …): they must lie in 1..K."""
    return frozenset(_record(lhs, rhs, names)[0])


def _record(lhs: Builder, rhs: Builder, names: tuple[str, ...]) -> tuple[set, set]:
    model = Recorder()
    ix = {n: Marker(n) for n in names}
    try:
        lhs(model, ix)
        rhs(model, ix)
    except NotSymmetric:
        raise
    except Exception as err:  # outside the interface: not covered by the argument
        raise NotSymmetric(f"{type(err).__name__}: {err}") from None
    return model.literals, model.compared


# -- orbits -------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Orbit:
    """An equality pattern of the names with a literal value (or None: generic) per block."""

    blocks: tuple[tuple[str, ...], ...]
    values: tuple[int | None, ...]

    def least(self, names: tuple[str, ...], literals: frozenset[int], K: int,
              ) -> dict[str, int] | None:
        """The lexicographically least assignment of the orbit (None when it is empty)."""
        value: dict[int, int] = {}
        free = (v for v in range(1, K + 1) if v not in literals)
        for b, lit in enumerate(self.values):
            if lit is not None:
                value[b] = lit
                continue
            v = next(free, None)
            if v is None:
                return None
            value[b] = v
        where = {n: b for b, block in enumerate(self.blocks) for n in block}
        return {n: value[where[n]] for n in names}

    def size(self, literals: frozenset[int], K: int) -> int:
        """How many assignments the orbit has: (K − |L|)(K − |L| − 1)… over its generic blocks."""
        n, room = 1, K - len(literals)
        for lit in self.values:
            if lit is None:
                n *= max(room, 0)
                room -= 1
        return n


def orbits(names: tuple[str, ...], literals: frozenset[int], distinct: indices.Pairs = (),
           equal: indices.Pairs = ()) -> list[Orbit]:
    """Every orbit: each admissible pattern with each injective choice of literal blocks."""
    out = []
    lits = sorted(literals)
    for blocks in indices.patterns(names, distinct, equal):
        for values in itertools.product([None, *lits], repeat=len(blocks)):
            chosen = [v for v in values if v is not None]
            if len(chosen) == len(set(chosen)):
                out.append(Orbit(blocks, values))
    return out


def orbit_of(ix: dict[str, int], names: tuple[str, ...], literals: frozenset[int]) -> Orbit:
    """The orbit an assignment belongs to (blocks in order of first appearance)."""
    blocks: dict[int, list[str]] = {}
    for n in names:
        blocks.setdefault(ix[n], []).append(n)
    return Orbit(tuple(tuple(b) for b in blocks.values()),
                 tuple(v if v in literals else None for v in blocks))


def _rank(target: dict[str, int], names: tuple[str, ...], K: int, distinct: indices.Pairs,
          equal: indices.Pairs) -> int:
    """1 + the number of admissible assignments before `target` in enumeration order."""
    for n, ix in enumerate(indices.assignments(names, K, distinct, equal), start=1):
        if ix == target:
            return n
    raise ValueError(f"{target} is not an admissible assignment")


# -- the proof -----------------------------------------------------------------------------------
def _size(expr: Any) -> int:
    """A cost measure of an entry: how many symbols its difference has (O(K) with sums)."""
    try:
        return max(1, len(expr.free_symbols))
    except AttributeError:
        return 1


def prove_concrete(lhs: Builder, rhs: Builder, names: tuple[str, ...], K: int,
                   conditions: tuple[str, ...], notation: Notation, seed: int,
                   distinct: indices.Pairs = (), equal: indices.Pairs = (),
                   exhaustive: bool | None = None,
                   literals: frozenset[int | str] | None = None) -> ConcreteProof:
    """Exact proof of every entry: one per orbit (or all, `exhaustive`), samples re-proven.

    `exhaustive=None` (the default) decides every entry of a small part (at most SMALL_PART
    entries, where that is as cheap and reads the same as before) and uses orbits otherwise;
    True forces every entry, False forces orbits."""
    fast = ConcreteModel(K, notation, "symengine", conditions)
    note = ""
    checked: frozenset[int] = frozenset()
    if literals is None:
        try:
            used, compared = _record(lhs, rhs, names)
            literals = frozenset(used | compared)
            checked = frozenset(K if v == LITERAL_K else int(v) for v in used)
        except NotSymmetric as err:
            if exhaustive is not True:
                exhaustive, note = True, f" (orbits not used: {err})"
    if literals is not None:
        # a literal outside 1..K that only δ compares equals no class: not a fixed point
        lits = frozenset(v for v in (K if v == LITERAL_K else int(v) for v in literals)
                         if 1 <= v <= K)
    if exhaustive is None:
        exhaustive = literals is None or sum(
            o.size(lits, K) for o in orbits(names, lits, distinct, equal)) <= SMALL_PART
    if exhaustive:
        return _exhaustive(lhs, rhs, names, K, conditions, notation, seed, distinct, equal,
                           fast, note)
    return _by_orbits(lhs, rhs, names, K, conditions, notation, seed, distinct, equal, fast,
                      lits, checked)


def _exhaustive(lhs: Builder, rhs: Builder, names: tuple[str, ...], K: int,
                conditions: tuple[str, ...], notation: Notation, seed: int,
                distinct: indices.Pairs, equal: indices.Pairs, fast: ConcreteModel,
                note: str) -> ConcreteProof:
    methods: set[str] = set()
    n = 0
    for ix in indices.assignments(names, K, distinct, equal):
        n += 1
        method = fast.is_zero(lhs(fast, ix) - rhs(fast, ix))
        if method is None:
            return ConcreteProof(None, ix, n, representatives=n)
        methods.add(method)
    if n == 0:
        return ConcreteProof("vacuous: no index values satisfy the part's assumptions", None, 0)
    slow = ConcreteModel(K, notation, "sympy", conditions)
    picked = indices.sample(names, K, np.random.default_rng(seed), SYMPY_RECHECK, distinct, equal)
    for ix in picked:
        if slow.is_zero(lhs(slow, ix) - rhs(slow, ix)) is None:
            return ConcreteProof(f"symengine and sympy disagree at {ix}", ix, n, True, n)
    return ConcreteProof(
        f"{' / '.join(sorted(methods))}, all {n} entries{note}; {len(picked)} re-proven with "
        "sympy", None, n, representatives=n, rechecked=len(picked))


def _by_orbits(lhs: Builder, rhs: Builder, names: tuple[str, ...], K: int,
               conditions: tuple[str, ...], notation: Notation, seed: int,
               distinct: indices.Pairs, equal: indices.Pairs, fast: ConcreteModel,
               lits: frozenset[int], checked: frozenset[int] = frozenset()) -> ConcreteProof:
    reps: list[tuple[Orbit, dict[str, int]]] = []
    total = 0
    for orbit in orbits(names, lits, distinct, equal):
        least = orbit.least(names, lits, K)
        if least is not None:
            reps.append((orbit, least))
            total += orbit.size(lits, K)
    if total == 0:
        return ConcreteProof("vacuous: no index values satisfy the part's assumptions", None, 0)
    bad = sorted(v for v in checked if not 1 <= v <= K)
    if bad:  # as evaluating any entry would
        raise IndexOutOfRange(bad[0], K)
    verdict: dict[Orbit, str | None] = {}
    size = 1
    start = time.perf_counter()
    for orbit, ix in reps:
        diff = lhs(fast, ix) - rhs(fast, ix)
        size = max(size, _size(diff))
        verdict[orbit] = fast.is_zero(diff)
    per_entry = (time.perf_counter() - start) / len(reps)
    failing = [ix for orbit, ix in reps if verdict[orbit] is None]
    if failing:
        first = min(failing, key=lambda ix: tuple(ix[n] for n in names))
        return ConcreteProof(None, first, _rank(first, names, K, distinct, equal),
                             representatives=len(reps))
    # independent checks: explicit entries by symengine, then representatives + sample by sympy
    rng = np.random.default_rng(seed)
    explicit = max(4, min(EXPLICIT_SAMPLE, EXPLICIT_SYMBOLS // size,
                          int(EXPLICIT_SECONDS / max(per_entry, 1e-9))))
    sample = indices.sample(names, K, rng, explicit, distinct, equal)
    for ix in sample:
        if fast.is_zero(lhs(fast, ix) - rhs(fast, ix)) is None:
            return ConcreteProof(f"orbit representative and explicit entry disagree at {ix} "
                                 "(the builders are not symmetric under relabelling)",
                                 ix, total, True, len(reps))
    slow = ConcreteModel(K, notation, "sympy", conditions)
    budget = 0 if size > SYMPY_MAX_SYMBOLS else max(1, min(SYMPY_RECHECK, SYMPY_SYMBOLS // size))
    again = list({tuple(ix[n] for n in names): ix for ix in
                  [ix for _, ix in reps] + sample}.values())[:budget]
    skipped = "" if budget else f" (entries of {size} symbols exceed sympy's {SYMPY_MAX_SYMBOLS})"
    start, done = time.perf_counter(), 0
    for ix in again:
        if done and time.perf_counter() - start > SYMPY_SECONDS:
            break
        done += 1
        if slow.is_zero(lhs(slow, ix) - rhs(slow, ix)) is None:
            return ConcreteProof(f"symengine and sympy disagree at {ix}", ix, total, True,
                                 len(reps))
    again = again[:done]
    methods = " / ".join(sorted({m for m in verdict.values() if m is not None}))
    fixed = f", literal indices {', '.join(map(str, sorted(lits)))} fixed" if lits else ""
    return ConcreteProof(
        f"{methods}, all {total} entries by {len(reps)} orbit representative"
        f"{'s' if len(reps) != 1 else ''} (relabelling the classes{fixed}); {len(sample)} "
        f"sampled entries proven again, {len(again)} re-proven with sympy{skipped}",
        None, total, representatives=len(reps), rechecked=len(again))

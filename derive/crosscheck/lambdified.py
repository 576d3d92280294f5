"""The lambdify witness: both sides of a part, built exactly for one K, as NumPy functions.

Each entry (one value of the part's free indices) is built by `derive.math.model.ConcreteModel`,
    where
e^{z_k} is a symbol u_k and S = Σ_k u_k is a symbol, so every Jacobian entry is O(1) in size
(−u_i u_j / S², not a quotient of K-term sums). The lhs is the engine's chain-rule derivative, so
this route checks the symbolic pipeline numerically; it is not independent of it (the
finite-difference, complex-step, mpmath and autodiff routes are).

Speed: entries are canonicalised by renaming the symbols of their own index values to slot
symbols (u_i → u_slot0, u_j → u_slot1, …), an exact renaming. Entries whose renamed expressions
are equal and cover at least a quarter of the index grid share one `sympy.lambdify(..., cse=True)`
function, evaluated for all of them at once by broadcasting over the grid (P, K, K) (products
lowest-dimensional factors first). The remaining entries (e.g. sums over all k, different for each
j) go into one `symengine.Lambdify(..., cse=True)` over all symbols. The K = 100 softmax Jacobian
has 10 000 entries per side but only two forms (i = j and i ≠ j).

Inputs are u_k = e^{z_k − m}, S = Σ_k u_k with m = max_k z_k (every entry is homogeneous of
degree 0 in (u, S), which is the proven shift invariance), except for parts that evaluate the
shifted softmax: those get u_k = e^{z_k} as written, so the shift-invariance check does not
assume itself (points where e^{z} overflows are reported, not compared).
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import symengine as se
import sympy as sp

from derive.math import indices
from derive.math.claims import Part
from derive.math.concrete import LITERAL_K, NotSymmetric, Orbit, detect_literals, orbits
from derive.math.model import ConcreteModel

PERMUTED_BUDGET = 20_000_000  # entries × symbols × points for an orbit evaluated entry by entry
PERMUTED_MIN = 32  # entries evaluated per such orbit at least (all when fewer)
MAX_GRID = 4_000_000  # index grids up to this size are evaluated whole (K = 2000, two indices)
# ... and when grid × points is at most this (K = 100, two indices, 5 000 points).  Every entry of
# an orbit evaluates the same lambdified form, so beyond this a seeded sample of entries (and each
# orbit's least member) tests the broadcasting as well as the whole grid would, at a fraction of
# the cost: K = 100 × 10⁴ points compared 10⁸ values per side and part, now ~1.5·10⁷.
GRID_WORK = 50_000_000
GRID_SAMPLE = 20_000  # otherwise: at most this many sampled entries (plus each orbit's least
SAMPLE_WORK = 20_000_000  # member), and at most this many sampled entries × points,
GRID_SAMPLE_MIN = 1_000  # but at least this many entries

ArgSpec = tuple[str, str, int]  # (kind u|t|g|S|w, "slot"|"fixed"|"scalar", slot position or k)


class _RecordingModel(ConcreteModel):
    """ConcreteModel that records whether a builder asked for the shifted softmax."""

    used_shift = False

    def softmax(self, i: int, shift: bool = False) -> Any:
        if shift:
            self.used_shift = True
        return super().softmax(i, shift)


def assignments(part: Part, K: int) -> list[tuple[int, ...]]:
    """All index values (1-based tuples in the order of `part.indices`) the part is about."""
    names = part.indices
    out = []
    for values in itertools.product(range(1, K + 1), repeat=len(names)):
        ix = dict(zip(names, values, strict=True))
        if all(ix[a] != ix[b] for a, b in part.distinct):
            out.append(values)
    return out


@dataclass
class _Group:
    fn: Callable[..., Any]
    args: list[ArgSpec]
    entries: list[tuple[int, ...]]
    mask: np.ndarray  # (K,)*n bool: the entries this group's function is evaluated for


def _staged_product(body: sp.Mul, params: list[sp.Symbol], args: list[ArgSpec],
                    ) -> Callable[..., Any]:
    """A product evaluated lowest-dimensional factors first: −u_i u_j/S² as ((−u_i/S²)·u_j).

    Factors are grouped by the index axes they depend on; each group is one lambdified
    function and the groups are multiplied in order of how many axes they span, so only the
    last multiplication runs over the full (P, K, …, K) grid.
    """
    axes_of = {p: (frozenset() if a[1] != "slot" else frozenset({a[2]}))
               for p, a in zip(params, args, strict=True)}
    groups: dict[frozenset[int], list[sp.Expr]] = {}
    for factor in body.args:
        axes = frozenset().union(*[axes_of[s] for s in factor.free_symbols])
        groups.setdefault(axes, []).append(factor)
    stages = []
    for axes in sorted(groups, key=lambda a: (len(a), sorted(a))):
        stages.append(sp.lambdify(params, sp.Mul(*groups[axes]), modules="numpy", cse=True,
                                  docstring_limit=0))

    def product(*values: Any) -> Any:
        out = stages[0](*values)
        for stage in stages[1:]:
            out = out * stage(*values)
        return out

    return product


class _Grid(Sequence):
    """The valid entries of a dense K^n index grid as 1-based tuples, without listing them."""

    def __init__(self, flat: np.ndarray, K: int, n: int) -> None:
        self.flat, self.K, self.n = flat, K, n

    def __len__(self) -> int:
        return len(self.flat)

    def __getitem__(self, e: Any) -> Any:
        if isinstance(e, slice):
            return [self[i] for i in range(*e.indices(len(self)))]
        pos = int(self.flat[e])
        out = []
        for _ in range(self.n):
            pos, r = divmod(pos, self.K)
            out.append(r + 1)
        return tuple(reversed(out))


@dataclass
class _Permuted:
    """An orbit whose form involves every class (a sum over k): evaluated entry by entry.

    The representative F is lambdified once over all symbols; entry e = σ∘rep has the value
    (σ·F)(x) = F(x∘σ), so it is F evaluated at the inputs permuted by σ (literals are fixed).
    """

    fn: Callable[..., Any]
    columns: np.ndarray  # flat grid positions evaluated
    perms: np.ndarray  # (len(columns), K): σ(k) − 1 for each evaluated entry


class LambdifiedPart:
    """Both sides of `part` for one K as lambdified functions over a dense index grid.

    By orbit representatives (see `derive.math.concrete`): one exact entry is built per orbit of
    index patterns; an orbit whose form names only its own indices' symbols (and literals, S,
    e^c) is one broadcast function over the grid; one whose form has a sum over every class is
    evaluated entry by entry at permuted inputs, for all its entries when entries × symbols ×
    points is at most `PERMUTED_BUDGET`, else for a seeded sample of at least `PERMUTED_MIN`
    (reported). When the
    builders are not symmetric (`detect_literals` refuses them) every entry is built.
    """

    def __init__(self, part: Part, K: int, conditions: tuple[str, ...] = (),
                 seed: int = 0, points: int = 200) -> None:
        self.part, self.K, self.n = part, K, len(part.indices)
        self.size = K**self.n
        self.sampled = False  # True: columns are a seeded sample of entries, not the grid
        self._grid: np.ndarray | None = None
        model = _RecordingModel(K, conditions=conditions)
        self.model = model
        kinds = {"u": model.u, "t": model.t_, "g": model.g_}
        self._kinds = kinds
        self._globals: dict[Any, ArgSpec] = {model.S: ("S", "scalar", 0),
                                             model.w: ("w", "scalar", 0)}
        for kind, symbols in kinds.items():
            for k, sym in enumerate(symbols):
                self._globals[sym] = (kind, "fixed", k)
        self._slots = {(kind, p): model.B.Symbol(f"{kind}_slot{p}") for kind in kinds
                       for p in range(self.n)}
        for (kind, p), sym in self._slots.items():
            self._globals[sym] = (kind, "slot", p)
        self._order = [*model.u, *model.t_, *model.g_, model.S, model.w]
        self.groups: dict[str, list[_Group]] = {"lhs": [], "rhs": []}
        self.permuted: dict[str, list[_Permuted]] = {"lhs": [], "rhs": []}
        self.rest: dict[str, tuple[Any, np.ndarray] | None] = {"lhs": None, "rhs": None}
        try:
            lits = detect_literals(part.lhs, part.rhs, part.indices)
        except NotSymmetric:
            lits = None
        if lits is None:
            self.orbits = 0
            self._every_entry(part, model)
        else:
            self._by_orbits(part, model, frozenset(K if v == LITERAL_K else int(v)
                                                   for v in lits), seed, points)
        self.uses_shift = model.used_shift
        self.valid_flat = np.flatnonzero(self.valid)
        self.compared_flat = np.flatnonzero(self.compared)
        self.invalid = np.flatnonzero(~self.valid)
        if self.sampled:
            assert self._grid is not None
            self.entries = [tuple(int(v) for v in self._grid[:, c]) for c in self.compared_flat]
            self.total = self._total
        else:
            self.entries = _Grid(self.compared_flat, K, self.n)  # the entries compared
            self.total = len(self.valid_flat)
        self._skipped = np.flatnonzero(self.valid & ~self.compared)

    # -- building ---------------------------------------------------------------------------
    def _rename(self, values: tuple[int, ...], skip: frozenset[int]) -> dict[Any, Any]:
        rename: dict[Any, Any] = {}
        for p, v in enumerate(values):
            if v in skip:
                continue
            for kind, symbols in self._kinds.items():
                rename.setdefault(symbols[v - 1], self._slots[kind, p])
        return rename

    def _by_orbits(self, part: Part, model: ConcreteModel, lits: frozenset[int],
                   seed: int, points: int) -> None:
        K, n = self.K, self.n
        rng0 = np.random.default_rng(seed)
        if self.size > MAX_GRID or self.size * points > GRID_WORK:
            # columns: each orbit's least member and a seeded sample of entries
            self.sampled = True
            least = [o.least(part.indices, lits, K) for o in orbits(part.indices, lits,
                                                                    part.distinct)]
            many = max(GRID_SAMPLE_MIN, min(GRID_SAMPLE, SAMPLE_WORK // max(1, points)))
            chosen_ix = [ix for ix in least if ix is not None] + indices.sample(
                part.indices, K, rng0, many, part.distinct)
            rows = list(dict.fromkeys(tuple(ix[name] for name in part.indices)
                                      for ix in chosen_ix))
            rows.sort()
            grid = np.array(rows, dtype=np.int64).T.reshape(n, -1)
            self.size = grid.shape[1]
            self._where = {r: c for c, r in enumerate(rows)}
            self._total = sum(o.size(lits, K) for o in orbits(part.indices, lits, part.distinct))
        else:
            grid = np.indices((K,) * n, dtype=np.int32).reshape(n, -1) + 1 if n else \
                np.zeros((0, 1), dtype=np.int32)
        self._grid = grid
        self.valid = np.zeros(self.size, dtype=bool)
        self.compared = np.zeros(self.size, dtype=bool)
        rng = np.random.default_rng(seed)
        reps = [(o, o.least(part.indices, lits, K))
                for o in orbits(part.indices, lits, part.distinct)]
        reps = [(o, rep) for o, rep in reps if rep is not None]
        self.orbits = len(reps)
        lit_symbols = {syms[L - 1] for L in lits for syms in self._kinds.values()}
        for orbit, rep in reps:
            mask = _orbit_mask(orbit, part.indices, lits, grid)
            self.valid |= mask
            members = np.flatnonzero(mask)
            values = tuple(rep[name] for name in part.indices)
            rename = self._rename(values, lits)
            sides = {}
            for side, build in (("lhs", part.lhs), ("rhs", part.rhs)):
                expr = model.B.sympify(build(model, rep))
                form = expr.xreplace(rename)
                loose = n == 0 or any(self._globals[sym][1] == "fixed" and sym not in lit_symbols
                                      for sym in form.free_symbols)
                sides[side] = (expr, form, loose)
            chosen = members
            costs = [len(e.free_symbols) for e, _, loose in sides.values() if loose]
            if costs:
                limit = max(PERMUTED_MIN, PERMUTED_BUDGET // (max(1, *costs) * max(1, points)))
                if len(members) > limit:
                    head = self.flat(values)
                    rest = members[members != head]
                    pick = rng.choice(len(rest), limit - 1, replace=False)
                    chosen = np.sort(np.concatenate([[head], rest[pick]]))
                perms = np.stack([self._perm(values, grid[:, c], lits) for c in chosen])
            for side, (expr, form, loose) in sides.items():
                if loose:
                    fn = se.Lambdify(self._order, [expr], cse=True)
                    self.permuted[side].append(_Permuted(fn, chosen, perms))
                else:
                    self.groups[side].append(self._group(
                        form, mask if self.sampled else mask.reshape((K,) * n)))
            self.compared[chosen] = True

    def _perm(self, rep: tuple[int, ...], entry: np.ndarray, lits: frozenset[int]) -> np.ndarray:
        """σ − 1 as an index array: σ(rep_p) = entry_p, literals fixed, a bijection of 1..K."""
        perm = np.arange(self.K)
        image = {r: int(e) for r, e in zip(rep, entry, strict=True) if r not in lits}
        domain_left = sorted(set(image.values()) - set(image))
        codomain_left = sorted(set(image) - set(image.values()))
        image.update(zip(domain_left, codomain_left, strict=True))
        for r, e in image.items():
            perm[r - 1] = e - 1
        return perm

    def _every_entry(self, part: Part, model: ConcreteModel) -> None:
        """The builders are not symmetric: build every entry, group equal renamed forms."""
        entries = assignments(part, self.K)
        self.valid = np.zeros(self.size, dtype=bool)
        self.valid[[self.flat(v) for v in entries]] = True
        self.compared = self.valid.copy()
        forms: dict[str, dict[Any, list[tuple[int, ...]]]] = {"lhs": {}, "rhs": {}}
        originals: dict[str, dict[tuple[int, ...], Any]] = {"lhs": {}, "rhs": {}}
        for values in entries:
            ix = dict(zip(part.indices, values, strict=True))
            rename = self._rename(values, frozenset())
            for side, build in (("lhs", part.lhs), ("rhs", part.rhs)):
                expr = model.B.sympify(build(model, ix))
                originals[side][values] = expr
                forms[side].setdefault(expr.xreplace(rename), []).append(values)
        for side in forms:
            big = [(e, ents) for e, ents in forms[side].items()
                   if self.n > 0 and 4 * len(ents) >= self.size]
            for e, ents in big:
                mask = np.zeros(self.size, dtype=bool)
                mask[[self.flat(v) for v in ents]] = True
                self.groups[side].append(self._group(e, mask.reshape((self.K,) * self.n)))
            covered = {v for _, ents in big for v in ents}
            rest = [v for v in entries if v not in covered]
            if rest:
                fn = se.Lambdify(self._order, [originals[side][v] for v in rest], cse=True)
                self.rest[side] = (fn, np.array([self.flat(v) for v in rest], dtype=np.intp))

    def flat(self, values: tuple[int, ...]) -> int:
        if self.sampled:
            return self._where[tuple(values)]
        pos = 0
        for v in values:
            pos = pos * self.K + (v - 1)
        return pos

    @property
    def forms(self) -> int:
        """Lambdified functions: broadcast groups, per-entry orbit forms, the remaining entries."""
        return sum(len(g) for g in self.groups.values()) + sum(
            len(p) for p in self.permuted.values()) + sum(
            r is not None for r in self.rest.values())

    def _group(self, expr: Any, mask: np.ndarray) -> _Group:
        symbols = sorted(expr.free_symbols, key=str)
        args = [self._globals[s] for s in symbols]
        params = [sp.Symbol(str(s)) for s in symbols]
        body = sp.sympify(expr)
        if self.n >= 2 and isinstance(body, sp.Mul) and not self.sampled:
            fn = _staged_product(body, params, args)
        else:
            fn = sp.lambdify(params, body, modules="numpy", cse=True, docstring_limit=0)
        return _Group(fn, args, [], mask)

    # -- evaluating --------------------------------------------------------------------------
    def evaluate(self, inputs: dict[str, np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
        """(lhs, rhs), each (P, K**n) over the dense index grid; entries not compared are 0.

        `inputs`: u, t, g of shape (P, K); S, w of shape (P,).
        """
        return self.evaluate_side("lhs", inputs), self.evaluate_side("rhs", inputs)

    def evaluate_side(self, side: str, inputs: dict[str, np.ndarray]) -> np.ndarray:
        """One side ("lhs" or "rhs"), shape (P, K**n) over the dense index grid."""
        P = inputs["u"].shape[0]
        full = (P, self.size) if self.sampled else (P,) + (self.K,) * self.n
        groups = sorted(self.groups[side], key=lambda g: -int(g.mask.sum()))
        dense = None
        if groups and self.n:  # the largest group fills the whole grid, the others overwrite
            with np.errstate(all="ignore"):
                value = groups[0].fn(*self._args(groups[0], inputs, P))
            if isinstance(value, np.ndarray) and value.shape == full and value.dtype == float \
                    and value.flags.owndata and value.flags.c_contiguous:
                dense = value.reshape(P, self.size)
            else:
                dense = np.empty((P, self.size))
                dense.reshape(full)[...] = value
            groups = groups[1:]
        if dense is None:
            dense = np.zeros((P, self.size))
        for group in groups:
            with np.errstate(all="ignore"):
                value = group.fn(*self._args(group, inputs, P))
            np.copyto(dense.reshape(full), value, where=group.mask)
        for pm in self.permuted[side]:
            self._fill_permuted(dense, pm, inputs, P)
        rest = self.rest[side]
        if rest is not None:  # only when every entry was built
            flat_inputs = np.concatenate(
                [inputs["u"], inputs["t"], inputs["g"], inputs["S"][:, None],
                 inputs["w"][:, None]], axis=1)
            fn, columns = rest
            with np.errstate(all="ignore"):
                dense[:, columns] = np.asarray(fn(flat_inputs)).reshape(P, len(columns))
        if self.invalid.size:
            dense[:, self.invalid] = 0.0
        if self.total > len(self.compared_flat):  # entries sampled out: not compared, set 0
            dense[:, self._skipped] = 0.0
        return dense

    def _fill_permuted(self, dense: np.ndarray, pm: _Permuted, inputs: dict[str, np.ndarray],
                       P: int) -> None:
        """F at the permuted inputs x∘σ for each evaluated entry.

        The inputs are laid out once as X = (u | t | g | S, w); for an entry, only the columns
        σ moves (at most twice the number of indices) are overwritten with x∘σ, F is evaluated,
        and those columns are restored, so X is never copied per entry.
        """
        K = self.K
        u, t, g = inputs["u"], inputs["t"], inputs["g"]
        X = np.empty((P, 3 * K + 2))
        X[:, :K], X[:, K:2 * K], X[:, 2 * K:3 * K] = u, t, g
        X[:, 3 * K], X[:, 3 * K + 1] = inputs["S"], inputs["w"]
        identity = np.arange(K)
        values = np.empty((len(pm.columns), P))
        for e, perm in enumerate(pm.perms):
            moved = np.flatnonzero(perm != identity)
            for offset, src in ((0, u), (K, t), (2 * K, g)):
                X[:, offset + moved] = src[:, perm[moved]]
            with np.errstate(all="ignore"):
                values[e] = np.asarray(pm.fn(X)).reshape(P)
            for offset, src in ((0, u), (K, t), (2 * K, g)):
                X[:, offset + moved] = src[:, moved]
        dense[:, pm.columns] = values.T

    def _args(self, group: _Group, inputs: dict[str, np.ndarray], P: int) -> list[np.ndarray]:
        n, K = self.n, self.K
        ones = (1,) * n
        args = []
        if self.sampled:  # (P, E) columns: slot p of entry e is class grid[p, e]
            assert self._grid is not None
            for kind, how, k in group.args:
                arr = inputs[kind]
                args.append(arr[:, None] if how == "scalar" else arr[:, k:k + 1] if
                            how == "fixed" else arr[:, self._grid[k] - 1])
            return args
        for kind, how, k in group.args:
            arr = inputs[kind]
            if how == "scalar":
                args.append(arr.reshape((P,) + ones))
            elif how == "fixed":
                args.append(arr[:, k].reshape((P,) + ones))
            else:
                shape = [P] + [1] * n
                shape[k + 1] = K
                args.append(arr.reshape(shape))
        return args


def _orbit_mask(orbit: Orbit, names: tuple[str, ...], lits: frozenset[int],
                grid: np.ndarray) -> np.ndarray:
    """The grid positions (flat) that belong to `orbit`."""
    where = {name: p for p, name in enumerate(names)}
    mask = np.ones(grid.shape[1], dtype=bool)
    heads = []
    lit_array = np.array(sorted(lits), dtype=np.int32)
    for block, lit in zip(orbit.blocks, orbit.values, strict=True):
        head = grid[where[block[0]]]
        for name in block[1:]:
            mask &= grid[where[name]] == head
        if lit is not None:
            mask &= head == lit
        else:
            if len(lit_array):
                mask &= ~np.isin(head, lit_array)
            for other in heads:
                mask &= head != other
            heads.append(head)
    return mask

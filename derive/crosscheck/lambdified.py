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
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
import symengine as se
import sympy as sp

from derive.math.claims import Part
from derive.math.model import ConcreteModel

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


class LambdifiedPart:
    """Both sides of `part` for one K as grouped lambdified functions over a dense index grid."""

    def __init__(self, part: Part, K: int, conditions: tuple[str, ...] = ()) -> None:
        self.part, self.K, self.n = part, K, len(part.indices)
        model = _RecordingModel(K, conditions=conditions)
        self.entries = assignments(part, K)
        self.size = K**self.n
        self.valid = np.zeros(self.size, dtype=bool)
        self.valid[[self.flat(v) for v in self.entries]] = True
        self.invalid = np.flatnonzero(~self.valid)
        kinds = {"u": model.u, "t": model.t_, "g": model.g_}
        self._globals: dict[Any, ArgSpec] = {model.S: ("S", "scalar", 0),
                                             model.w: ("w", "scalar", 0)}
        for kind, symbols in kinds.items():
            for k, s in enumerate(symbols):
                self._globals[s] = (kind, "fixed", k)
        slots = {(kind, p): model.B.Symbol(f"{kind}_slot{p}") for kind in kinds
                 for p in range(self.n)}
        for (kind, p), s in slots.items():
            self._globals[s] = (kind, "slot", p)
        forms: dict[str, dict[Any, list[tuple[int, ...]]]] = {"lhs": {}, "rhs": {}}
        originals: dict[str, dict[tuple[int, ...], Any]] = {"lhs": {}, "rhs": {}}
        for values in self.entries:
            ix = dict(zip(part.indices, values, strict=True))
            rename: dict[Any, Any] = {}
            for p, v in enumerate(values):
                for kind, symbols in kinds.items():
                    rename.setdefault(symbols[v - 1], slots[kind, p])
            for side, build in (("lhs", part.lhs), ("rhs", part.rhs)):
                expr = model.B.sympify(build(model, ix))
                originals[side][values] = expr
                forms[side].setdefault(expr.xreplace(rename), []).append(values)
        self.uses_shift = model.used_shift
        self._order = [*model.u, *model.t_, *model.g_, model.S, model.w]
        self.groups: dict[str, list[_Group]] = {}
        self.rest: dict[str, tuple[Any, np.ndarray] | None] = {}
        for side in forms:
            big = [(e, ents) for e, ents in forms[side].items()
                   if self.n > 0 and 4 * len(ents) >= self.size]
            self.groups[side] = [self._group(e, ents) for e, ents in big]
            covered = {v for _, ents in big for v in ents}
            rest = [v for v in self.entries if v not in covered]
            if rest:
                fn = se.Lambdify(self._order, [originals[side][v] for v in rest], cse=True)
                self.rest[side] = (fn, np.array([self.flat(v) for v in rest], dtype=np.intp))
            else:
                self.rest[side] = None

    def flat(self, values: tuple[int, ...]) -> int:
        pos = 0
        for v in values:
            pos = pos * self.K + (v - 1)
        return pos

    @property
    def forms(self) -> int:
        """Lambdified functions: one per large group, one for the remaining entries per side."""
        return sum(len(g) for g in self.groups.values()) + sum(
            r is not None for r in self.rest.values())

    def _group(self, expr: Any, entries: list[tuple[int, ...]]) -> _Group:
        symbols = sorted(expr.free_symbols, key=str)
        args = [self._globals[s] for s in symbols]
        params = [sp.Symbol(str(s)) for s in symbols]
        body = sp.sympify(expr)
        if self.n >= 2 and isinstance(body, sp.Mul):
            fn = _staged_product(body, params, args)
        else:
            fn = sp.lambdify(params, body, modules="numpy", cse=True, docstring_limit=0)
        mask = np.zeros(self.size, dtype=bool)
        mask[[self.flat(v) for v in entries]] = True
        return _Group(fn, args, entries, mask.reshape((self.K,) * self.n))

    def evaluate(self, inputs: dict[str, np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
        """(lhs, rhs), each (P, K**n) over the dense index grid; invalid entries are 0.

        `inputs`: u, t, g of shape (P, K); S, w of shape (P,).
        """
        return self.evaluate_side("lhs", inputs), self.evaluate_side("rhs", inputs)

    def evaluate_side(self, side: str, inputs: dict[str, np.ndarray]) -> np.ndarray:
        """One side ("lhs" or "rhs"), shape (P, K**n) over the dense index grid."""
        P = inputs["u"].shape[0]
        groups = sorted(self.groups[side], key=lambda g: -len(g.entries))
        dense = None
        if groups:  # the largest group fills the whole grid; the others overwrite their entries
            with np.errstate(all="ignore"):
                value = groups[0].fn(*self._args(groups[0], inputs, P))
            full = (P,) + (self.K,) * self.n
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
            self._fill(dense, group, inputs, P)
        if self.invalid.size:
            dense[:, self.invalid] = 0.0
        rest = self.rest[side]
        if rest is not None:
            flat_inputs = np.concatenate(
                [inputs["u"], inputs["t"], inputs["g"], inputs["S"][:, None],
                 inputs["w"][:, None]], axis=1)
            fn, columns = rest
            with np.errstate(all="ignore"):
                dense[:, columns] = np.asarray(fn(flat_inputs)).reshape(P, len(columns))
        return dense

    def _fill(self, dense: np.ndarray, group: _Group, inputs: dict[str, np.ndarray],
              P: int) -> None:
        with np.errstate(all="ignore"):
            value = group.fn(*self._args(group, inputs, P))
        assert group.mask is not None
        np.copyto(dense.reshape((P,) + (self.K,) * self.n), value, where=group.mask)

    def _args(self, group: _Group, inputs: dict[str, np.ndarray], P: int) -> list[np.ndarray]:
        n, K = self.n, self.K
        ones = (1,) * n
        args = []
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

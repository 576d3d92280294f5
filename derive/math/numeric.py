"""Numeric witness: the claim builders evaluated in float64 on seeded random points.

Derivatives are taken by the complex step, ∂f/∂z_j ≈ Im f(z + i h e_j) / h (h = 1e-20, no
subtractive cancellation, accurate to ~1e-15 relative), from the definitions themselves, so the
witness never uses a symbolic derivative. Softmax is evaluated as written, e^{z_i}/Σ e^{z_k}, so
the shift-invariance witness is not circular.

`stable=True` evaluates y = e^{z − m}/Σ_k e^{z_k − m} with m = max_k Re z_k held constant (not
differentiated), which is y itself by the proven shift invariance; it is for extreme logits
(|z| up to 1e4, where e^{z} overflows near z ≈ 709.8). The shifted softmax `softmax(i, shift=True)`
is always evaluated as written, so checking softmax(z + c) = softmax(z) never assumes it.
`derive.crosscheck` builds its finite-difference, mpmath and autodiff witnesses on this class.
"""

from __future__ import annotations

import copy
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import mpmath
import numpy as np

from derive.math import dual
from derive.math.conditions import SUM_TARGETS_ONE, exact_targets, targets_sampler
from derive.math.indices import check_index
from derive.math.summand import SumCache

STEP = 1e-20
# |lhs − rhs| <= ATOL + RTOL·(|lhs| + |rhs|). Complex-step derivatives are exact to ~1e-15 and
# the sides are sums of at most K terms of size <= 1, so 1e-9 leaves a wide margin while every
# false identity we know differs by >= 1e-6 at the seeded points.
RTOL = 1e-9
ATOL = 1e-12


def softmax_rows(z: np.ndarray, stable: bool = False) -> np.ndarray:
    """Row-wise y = e^{z}/Σ_k e^{z_k}; with `stable`, e^{z − m}/Σ_k e^{z_k − m}, m = max_k Re z_k.

    m is a constant (its real part only), so a complex-step perturbation of z passes through
    untouched; the two forms are equal by shift invariance, the stable one never overflows.
    """
    if stable:
        m = np.max(np.real(z), axis=1, keepdims=True)
        m = np.where(np.isfinite(m), m, 0.0)  # non-finite input rows stay non-finite, no warning
        e = np.exp(z - m)
    else:
        e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


class NumericModel:
    """Softmax over a batch of P points: every value is an array of shape (P,).

    Values are float64 (complex during a complex step); `stable` selects the max-shifted softmax
    for extreme logits. Subclasses in `derive.crosscheck.models` swap the derivative rule
    (finite differences, autodiff) or the arithmetic (mpmath) behind the same claim interface.
    """

    def __init__(
        self,
        z: np.ndarray,
        t: np.ndarray,
        loss: tuple[np.ndarray, ...],
        c: np.ndarray,
        stable: bool = False,
    ) -> None:
        self.z = z
        self.K = z.shape[1]
        self.t_ = t
        self.loss = loss
        self.c = c
        self.half = 0.5
        self.stable = stable
        self._y = softmax_rows(z, stable)
        self._perturbed: dict[int, NumericModel] = {}

    @classmethod
    def sample(
        cls, K: int, points: int, seed: int, conditions: tuple[str, ...] = (), scale: float = 1.5
    ) -> NumericModel:
        """Seeded points: z ~ N(0, scale²); t on the simplex if Σt = 1 is assumed, else (0.1, 1)."""
        rng = np.random.default_rng(seed)
        z = rng.normal(0.0, scale, size=(points, K))
        if SUM_TARGETS_ONE in conditions:
            t = rng.dirichlet(np.ones(K), size=points)
        else:
            t = rng.uniform(0.1, 1.0, size=(points, K))
        loss = (
            rng.normal(size=(points, K)),
            rng.normal(size=(points, K)),
            rng.normal(size=(points, K)),
        )
        c = rng.normal(0.0, 3.0, size=points)
        return cls(z, t, loss, c)

    # -- elementary functions (overridden by the mpmath and autodiff models) -----------------
    _exp = staticmethod(np.exp)
    _log = staticmethod(np.log)
    _sin = staticmethod(np.sin)
    _cos = staticmethod(np.cos)

    @staticmethod
    def _rowsum(x: Any) -> Any:
        return x.sum(axis=1)

    # -- the claim interface -------------------------------------------------------------
    def y(self, i: int) -> np.ndarray:
        return self._y[:, i - 1]

    def softmax(self, i: int, shift: bool = False) -> np.ndarray:
        """softmax(z + c·1)_i as written, e^{z_i + c}/Σ_k e^{z_k + c}: never shifted by max z."""
        if not shift:
            return self.y(i)
        e = self._exp(self.z + self.c[:, None])
        return e[:, i - 1] / self._rowsum(e)

    def sigmoid_of_difference(self, a: int, b: int) -> np.ndarray:
        return 1.0 / (1.0 + self._exp(-(self.z[:, a - 1] - self.z[:, b - 1])))

    def t(self, i: int) -> np.ndarray:
        return self.t_[:, i - 1]

    def logit(self, i: int) -> np.ndarray:
        return self.z[:, i - 1]

    def exp(self, x: Any) -> Any:
        return self._exp(x)

    def log(self, x: np.ndarray) -> np.ndarray:
        return self._log(x)

    def delta(self, i: int, j: int) -> float:
        return 1.0 if i == j else 0.0

    def sum(self, fn: Callable[[int], Any]) -> Any:
        """Σ_{k=1}^{K} fn(k); a summand of its index alone once per model (`SumCache`)."""
        cache = self.__dict__.setdefault("_sum_cache", SumCache())
        return cache.sum(fn, lambda f: sum(f(k) for k in range(1, self.K + 1)))

    def _loss_value(self) -> np.ndarray:
        """A concrete smooth loss L(y) = Σ a_m y_m + ½ Σ b_m y_m² + sin(Σ c_m y_m)."""
        a, b, c = self.loss
        y = self._y
        rows = self._rowsum
        return rows(a * y) + 0.5 * rows(b * y * y) + self._sin(rows(c * y))

    def g(self, i: int) -> np.ndarray:
        """∂L/∂y_i of the concrete loss, by hand: a_i + b_i y_i + c_i cos(Σ c_m y_m)."""
        grad = self.__dict__.get("_grad")
        if grad is None:  # every column at once, cos(Σ c_m y_m) once per model
            a, b, c = self.loss
            y = self._y
            grad = self._grad = a + b * y + c * self._cos(self._rowsum(c * y))[:, None]
        return grad[:, i - 1]

    def _shifted(self, j: int) -> NumericModel:
        if j not in self._perturbed:
            z = self.z.astype(complex)
            z[:, j - 1] += 1j * STEP
            self._perturbed[j] = type(self)(z, self.t_, self.loss, self.c, self.stable)
        return self._perturbed[j]

    def d(self, thunk: Callable[[Any], Any], j: int) -> np.ndarray:
        """∂f/∂z_j by the complex step."""
        return np.imag(thunk(self._shifted(j))) / STEP

    def d_loss(self, j: int) -> np.ndarray:
        """∂L/∂z_j of the concrete loss composed with softmax, by the complex step."""
        return self.d(lambda m: m._loss_value(), j)


@dataclass(frozen=True)
class Discrepancy:
    """The worst point of a comparison: where |lhs − rhs| exceeds the tolerance most."""

    point: int
    lhs: float
    rhs: float
    excess: float  # |lhs − rhs| / (ATOL + RTOL(|lhs| + |rhs|)); > 1 means disagreement


def compare(lhs: Any, rhs: Any, points: int) -> Discrepancy:
    """Compare two sides over the batch and return the worst point."""
    a = np.broadcast_to(np.real(np.asarray(lhs, dtype=complex)), (points,)).astype(float)
    b = np.broadcast_to(np.real(np.asarray(rhs, dtype=complex)), (points,)).astype(float)
    with np.errstate(invalid="ignore"):
        excess = np.abs(a - b) / (ATOL + RTOL * (np.abs(a) + np.abs(b)))
    excess = np.where(np.isfinite(excess), excess, np.inf)
    worst = int(np.argmax(excess))
    return Discrepancy(worst, float(a[worst]), float(b[worst]), float(excess[worst]))


class WitnessModel:
    """The decider's independent witness: the claim interface evaluated on P seeded points.

    Softmax is e^{z_i}/Σ_k e^{z_k} as written; ∂/∂z_j is taken by nested forward-mode dual
    numbers (`derive.math.dual`), never by a symbolic derivative, so second derivatives and
    abs are right where the complex step is not. ∂L/∂y_k is the gradient of the concrete loss
    L(y) = Σ a_m y_m + ½ Σ b_m y_m² + sin(Σ c_m y_m) and depends on z through y. Every index
    is checked against 1..K. With `precise`, values are 50-digit mpmath numbers.
    """

    def __init__(self, z: Any, t: np.ndarray, loss: tuple[np.ndarray, ...], c: np.ndarray,
                 K: int, precise: bool = False) -> None:
        self.z, self.t_, self.loss, self.c, self.K = z, t, loss, c, K
        self.precise = precise
        self.half: Any = mpmath.mpf(1) / 2 if precise else 0.5
        e = dual.exp(z)
        self._e = e
        self._Y = e / e.sum(axis=1, keepdims=True)
        self._children: dict[int, tuple[int, WitnessModel]] = {}
        self._values: dict[tuple[Any, ...], tuple[Any, Any]] = {}  # defined name_idx
        self._inner: Any = None
        self._freed: dict[str, tuple[int, tuple[int, ...], WitnessModel]] = {}
        self._vars: dict[tuple[str, int], Any] = {}
        self.points = int(np.shape(dual.primal(t))[0])
        self.seed_ = 0
        self._moved = -1  # the column z + ε e_j moves (children only)

    @classmethod
    def sample(cls, K: int, points: int, seed: int, conditions: tuple[str, ...] = (),
               precise: bool = False) -> WitnessModel:
        """Seeded points: z ~ N(0, 1.5²), t by the conditions' sampler, loss weights ~ N(0, 1)."""
        rng = np.random.default_rng(seed)
        z = rng.normal(0.0, 1.5, size=(points, K))
        t = targets_sampler(conditions)(rng, points, K)
        loss = tuple(rng.normal(size=(points, K)) for _ in range(3))
        c = rng.normal(0.0, 3.0, size=points)
        if precise:
            z, t, c = to_mp(z), exact_targets(conditions, to_mp(t)), to_mp(c)
            loss = tuple(to_mp(v) for v in loss)
        model = cls(z, t, loss, c, K, precise)
        model.seed_ = seed
        return model

    def _col(self, i: Any) -> int:
        """i − 1 for a class 1 <= i <= K (`check_index` raises otherwise)."""
        if type(i) is int and 0 < i <= self.K:  # the common case, as check_index decides it
            return i - 1
        return check_index(i, self.K) - 1

    # -- the claim interface -------------------------------------------------------------
    def y(self, i: int) -> Any:
        """y_i = e^{z_i} / Σ_k e^{z_k}."""
        return self._Y[:, self._col(i)]

    def logit(self, i: int) -> Any:
        """z_i; in a child at z + ε e_j a class other than j is its primal z_i (its ε-part is
        exactly 0), so sums over classes carry no zero tangents."""
        col = self._col(i)
        if col != self._moved and isinstance(self.z, dual.Dual):
            return self.z.a[:, col]
        return self.z[:, col]

    def t(self, i: int) -> Any:
        return self.t_[:, self._col(i)]

    def exp(self, x: Any) -> Any:
        return dual.exp(x)

    def log(self, x: Any) -> Any:
        return dual.log(x)

    def delta(self, i: int, j: int) -> Any:
        """δ_ij; a literal index outside 1..K equals no class index (δ = 0 there)."""
        return self.half * 2 * (1 if int(i) == int(j) else 0)

    def sum(self, fn: Callable[[int], Any]) -> Any:
        """Σ_{k=1}^{K} fn(k); a summand of its index alone once per model (`SumCache`)."""
        cache = self.__dict__.setdefault("_sum_cache", SumCache())
        return cache.sum(fn, self._sum)

    def _sum(self, fn: Callable[[int], Any]) -> Any:
        """Σ_{k=1}^{K} fn(k) term by term."""
        total: Any = 0
        for k in range(1, self.K + 1):
            total = total + fn(k)
        return total

    def softmax(self, i: int, shift: bool = False) -> Any:
        """softmax(z + c·1)_i as written, e^{z_i + c}/Σ_k e^{z_k + c}."""
        if not shift:
            return self.y(i)
        e = dual.exp(self.z + self.c[:, None])
        return e[:, self._col(i)] / e.sum(axis=1)

    def sigmoid_of_difference(self, a: int, b: int) -> Any:
        """σ(z_a − z_b) = 1 / (1 + e^{−(z_a − z_b)})."""
        return 1 / (1 + dual.exp(-(self.logit(a) - self.logit(b))))

    def _loss_value(self) -> Any:
        a, b, c = self.loss
        Y = self._Y
        return (a * Y).sum(axis=1) + self.half * (b * Y * Y).sum(axis=1) + dual.sin(
            (c * Y).sum(axis=1))

    def g(self, i: int) -> Any:
        """∂L/∂y_i = a_i + b_i y_i + c_i cos(Σ_m c_m y_m), a function of z through y."""
        a, b, c = self.loss
        if self._inner is None:
            self._inner = dual.cos((c * self._Y).sum(axis=1))
        col = self._col(i)
        return a[:, col] + b[:, col] * self._Y[:, col] + c[:, col] * self._inner

    def child(self, j: int) -> tuple[int, WitnessModel]:
        """The model at z + ε e_j with a fresh tag ε (cached per j)."""
        col = self._col(j)
        if col not in self._children:
            onehot = np.zeros(np.shape(dual.primal(self.z)))
            onehot[:, col] = 1.0
            if self.precise:
                onehot = to_mp(onehot)
            tag = dual.new_tag()
            z = dual.Dual(tag, self.z, onehot)
            child = WitnessModel(z, self.t_, self.loss, self.c, self.K, self.precise)
            child._vars, child.seed_, child._freed = self._vars, self.seed_, self._freed
            child._moved = col
            self._children[col] = (tag, child)
        return self._children[col]

    def d(self, thunk: Callable[[Any], Any], j: int) -> Any:
        """∂f/∂z_j: the ε-coefficient of f evaluated at z + ε e_j."""
        tag, model = self.child(j)
        return dual.tangent(thunk(model), tag)

    def d_loss(self, j: int) -> Any:
        """∂L/∂z_j of the concrete loss composed with softmax."""
        return self.d(lambda m: m._loss_value(), j)

    def dy(self, thunk: Callable[[Any], Any], k: int) -> Any:
        """∂f/∂y_k with y independent: the ε-coefficient of f at y + ε e_k (z held fixed)."""
        col = self._col(k)
        onehot = np.zeros(np.shape(dual.primal(self._Y)))
        onehot[:, col] = 1.0
        if self.precise:
            onehot = to_mp(onehot)
        tag = dual.new_tag()
        model = copy.copy(self)
        model._Y = dual.Dual(tag, self._Y, onehot)
        model._children, model._inner, model._values = {}, None, {}
        return dual.tangent(thunk(model), tag)


    def var(self, name: str, idx: tuple[int, ...] = ()) -> Any:
        """A seeded independent input name_idx: U(−1.5, 1.5) when indexed, U(0.5, 2) if scalar."""
        key = (name, len(idx))
        if key not in self._vars:
            rng = np.random.default_rng([self.seed_, zlib.crc32(name.encode()), len(idx)])
            shape = (self.points,) + (self.K,) * len(idx)
            vals = rng.uniform(-1.5, 1.5, shape) if idx else rng.uniform(0.5, 2.0, shape)
            self._vars[key] = to_mp(vals) if self.precise else vals
        vals = self._vars[key]
        cols = tuple(self._col(i) for i in idx)
        return vals[(slice(None), *cols)] if cols else vals

    def quantity(self, name: str, idx: tuple[int, ...], definition: Any) -> Any:
        """name_idx: its definition's value, plus ε at the entry being differentiated by."""
        freed = self._freed.get(name)
        if freed is not None:
            tag, at, base = freed
            value = base.quantity(name, idx, definition)
            key = tuple(check_index(i, self.K) for i in idx)
            return dual.Dual(tag, value, self.half * 2) if key == at else value
        if definition is None:
            return self.var(name, idx)
        key = getattr(definition, "key", None)
        if key is None or not all(type(i) is int for i in idx):
            return definition(self, idx)
        key = (*key, name, idx)
        if key not in self._values:  # (owner, value): the owner keeps its id from being reused
            self._values[key] = (definition.owner, definition(self, idx))
        return self._values[key][1]

    def d_wrt(self, thunk: Callable[[Any], Any], name: str, idx: tuple[int, ...],
              definition: Any) -> Any:
        """∂f/∂name_idx with name_m independent: the ε-coefficient of f at name_idx + ε."""
        tag = dual.new_tag()
        model = copy.copy(self)
        model._freed = {**self._freed, name: (tag, tuple(check_index(i, self.K) for i in idx),
                                              self)}
        model._children, model._inner, model._values = {}, None, {}
        return dual.tangent(thunk(model), tag)


def to_mp(x: np.ndarray) -> np.ndarray:
    """A float array as an object array of mpmath numbers (at the current precision)."""
    out = np.empty(x.shape, dtype=object)
    for idx, v in np.ndenumerate(x):
        out[idx] = mpmath.mpf(float(v))
    return out

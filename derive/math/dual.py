"""Nested forward-mode dual numbers over NumPy arrays: f(a + ε b) = f(a) + ε f'(a) b, ε² = 0.

Each perturbation has its own tag, so a derivative taken inside another (∂²f/∂z_i∂z_j) nests
without confusing the two ε's: an operation combines its operands at the highest tag present and
treats lower-tagged duals as coefficients. Unlike the complex step, this is exact for nested
derivatives and for abs (derivative sign(a), away from 0). Components may be float64 arrays or
object arrays of mpmath numbers (the 50-digit witness); elementary functions dispatch on them.
"""

from __future__ import annotations

import itertools
from typing import Any

import mpmath
import numpy as np

_TAGS = itertools.count(1)


def new_tag() -> int:
    """A fresh perturbation tag, larger than every tag handed out before."""
    return next(_TAGS)


def _is_mp(x: Any) -> bool:
    if isinstance(x, np.ndarray):
        return x.dtype == object
    return isinstance(x, mpmath.mpf | mpmath.mpc)


_MP = {
    "exp": np.frompyfunc(mpmath.exp, 1, 1),
    "log": np.frompyfunc(mpmath.log, 1, 1),
    "sin": np.frompyfunc(mpmath.sin, 1, 1),
    "cos": np.frompyfunc(mpmath.cos, 1, 1),
    "sign": np.frompyfunc(mpmath.sign, 1, 1),
}


_NP = {name: getattr(np, name) for name in _MP}


def _elementary(name: str, x: Any) -> Any:
    if type(x) is np.ndarray and x.dtype != object:  # the common case, checked first
        return _NP[name](x)
    if _is_mp(x):
        return _MP[name](x)
    return getattr(np, name)(x)


class Dual:
    """a + ε_tag b, where a and b are arrays, numbers or duals of lower tags."""

    __slots__ = ("tag", "a", "b")
    __array_ufunc__ = None  # numpy defers to Dual's reflected operators

    def __init__(self, tag: int, a: Any, b: Any) -> None:
        self.tag, self.a, self.b = tag, a, b

    # -- combining at the highest tag ------------------------------------------------------
    @staticmethod
    def _split(x: Any, tag: int) -> tuple[Any, Any]:
        if isinstance(x, Dual) and x.tag == tag:
            return x.a, x.b
        return x, 0

    def _top(self, other: Any) -> int:
        return max(self.tag, other.tag) if isinstance(other, Dual) else self.tag

    def __add__(self, o: Any) -> Dual:
        if not isinstance(o, Dual):  # o is a coefficient: (a + o) + ε(b + 0), as in general
            return Dual(self.tag, self.a + o, self.b + 0)
        if o.tag == self.tag:
            return Dual(self.tag, self.a + o.a, self.b + o.b)
        t = self._top(o)
        a1, b1 = self._split(self, t)
        a2, b2 = self._split(o, t)
        return Dual(t, a1 + a2, b1 + b2)

    __radd__ = __add__

    def __neg__(self) -> Dual:
        return Dual(self.tag, -self.a, -self.b)

    def __pos__(self) -> Dual:
        return self

    def __sub__(self, o: Any) -> Dual:
        return self + (-o)

    def __rsub__(self, o: Any) -> Dual:
        return (-self) + o

    def __mul__(self, o: Any) -> Dual:
        if not isinstance(o, Dual):  # o is a coefficient: a o + ε(a·0 + b o), as in general
            a = self.a
            return Dual(self.tag, a * o, a * 0 + self.b * o)
        if o.tag == self.tag:
            a1, b1, a2, b2 = self.a, self.b, o.a, o.b
            return Dual(self.tag, a1 * a2, a1 * b2 + b1 * a2)
        t = self._top(o)
        a1, b1 = self._split(self, t)
        a2, b2 = self._split(o, t)
        return Dual(t, a1 * a2, a1 * b2 + b1 * a2)

    __rmul__ = __mul__

    def __truediv__(self, o: Any) -> Dual:
        if not isinstance(o, Dual):  # as in general with (a2, b2) = (o, 0)
            a = self.a
            return Dual(self.tag, a / o, (self.b * o - a * 0) / (o * o))
        if o.tag == self.tag:
            a1, b1, a2, b2 = self.a, self.b, o.a, o.b
            return Dual(self.tag, a1 / a2, (b1 * a2 - a1 * b2) / (a2 * a2))
        t = self._top(o)
        a1, b1 = self._split(self, t)
        a2, b2 = self._split(o, t)
        return Dual(t, a1 / a2, (b1 * a2 - a1 * b2) / (a2 * a2))

    def __rtruediv__(self, o: Any) -> Dual:
        if isinstance(o, Dual):
            return Dual(self.tag, o, 0) / self
        a = self.a  # (o + ε0) / self written out: o / a + ε(0·a − o b) / a²
        return Dual(self.tag, o / a, (0 * a - o * self.b) / (a * a))

    def __pow__(self, n: Any) -> Any:
        if isinstance(n, Dual):
            return exp(n * log(self))
        if n == 0:
            return 1.0
        return Dual(self.tag, self.a ** n, n * self.a ** (n - 1) * self.b)

    def __rpow__(self, base: Any) -> Any:
        return exp(self * log(base))

    def __abs__(self) -> Dual:
        """|a + εb| = |a| + ε sign(a) b (not differentiable at a = 0)."""
        return Dual(self.tag, abs(self.a), sign(self.a) * self.b)

    # -- arrays ------------------------------------------------------------------------------
    def __getitem__(self, key: Any) -> Dual:
        b = self.b[key] if hasattr(self.b, "__getitem__") else self.b
        return Dual(self.tag, self.a[key], b)

    def sum(self, axis: int | None = None, keepdims: bool = False) -> Dual:
        return Dual(self.tag, _sum(self.a, axis, keepdims), _sum(self.b, axis, keepdims))

    @property
    def shape(self) -> tuple[int, ...]:
        return np.shape(primal(self))

    def astype(self, dtype: Any) -> Dual:
        return self


def _sum(x: Any, axis: int | None, keepdims: bool) -> Any:
    if isinstance(x, Dual):
        return x.sum(axis, keepdims)
    if np.ndim(x) == 0:
        return x
    return x.sum(axis=axis, keepdims=keepdims)


def primal(x: Any) -> Any:
    """The value with every perturbation dropped."""
    while isinstance(x, Dual):
        x = x.a
    return x


def tangent(x: Any, tag: int) -> Any:
    """The coefficient of ε_tag in x (0 when x does not depend on that perturbation)."""
    if isinstance(x, Dual) and x.tag == tag:
        return x.b
    if isinstance(x, Dual) and x.tag > tag:
        return Dual(x.tag, tangent(x.a, tag), tangent(x.b, tag))
    if isinstance(x, Dual):  # lower tag: x does not depend on ε_tag at this level
        return 0
    return 0


def exp(x: Any) -> Any:
    """e^{a + εb} = e^a + ε e^a b."""
    if isinstance(x, Dual):
        e = exp(x.a)
        return Dual(x.tag, e, x.b * e)
    return _elementary("exp", x)


def log(x: Any) -> Any:
    """ln(a + εb) = ln a + ε b / a."""
    if isinstance(x, Dual):
        return Dual(x.tag, log(x.a), x.b / x.a)
    return _elementary("log", x)


def sin(x: Any) -> Any:
    """sin(a + εb) = sin a + ε cos(a) b."""
    if isinstance(x, Dual):
        return Dual(x.tag, sin(x.a), x.b * cos(x.a))
    return _elementary("sin", x)


def cos(x: Any) -> Any:
    """cos(a + εb) = cos a − ε sin(a) b."""
    if isinstance(x, Dual):
        return Dual(x.tag, cos(x.a), -x.b * sin(x.a))
    return _elementary("cos", x)


def sign(x: Any) -> Any:
    """sign(a + εb) = sign(a): piecewise constant."""
    return _elementary("sign", primal(x))

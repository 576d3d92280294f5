"""Independent derivative routes: the claim interface with ∂/∂z_j taken numerically.

None of these uses a symbolic derivative: each differentiates softmax (or the loss) itself.

- `ComplexStepModel`: Im f(z + i h e_j)/h, h = 1e-20 (`derive.math.numeric.NumericModel`).
- `FiniteDifferenceModel`: central differences (f(z + h e_j) − f(z − h e_j)) / 2h, h = ε^{1/3}.
- `MpmathModel`: the complex step in 50-digit mpmath, softmax evaluated as written (mpmath's
  exponent range is unbounded, so e^{10⁴} needs no shift).
- `TorchModel`: forward-mode autodiff (dual numbers) in torch, float64.
- `JaxModel`: forward-mode autodiff (`jax.jvp`) in jax, float64.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import mpmath
import numpy as np

from derive.math.numeric import STEP, NumericModel

EPS = float(np.finfo(float).eps)
FD_STEP = EPS ** (1 / 3)  # ≈ 6.1e-6: balances truncation h²|f'''|/6 against rounding ε|f|/h
MP_DPS = 50
MP_STEP = mpmath.mpf(10) ** -30  # complex-step error ~h²|f'''| = 1e-60, far below 50 digits


class _Batched:
    """Index arguments may be arrays of E entries: values are (E, P), entries first.

    Batches are stored class-major, (K, P), so y_i for a vector of E classes is one gather of E
    rows and a value that does not depend on the entry, shape (P,), broadcasts against (E, P).
    δ compares elementwise; d(thunk, J) with an array J moves the U distinct z_j at once
    (`_EntryModel`, O(P·U) numbers). Scalar indices give the usual (P,) values.
    """

    z: np.ndarray
    K: int

    def y(self, i: Any) -> np.ndarray:
        return self._y.T[np.asarray(i) - 1]  # type: ignore[attr-defined]

    def t(self, i: Any) -> np.ndarray:
        return self.t_.T[np.asarray(i) - 1]  # type: ignore[attr-defined]

    def g(self, i: Any) -> np.ndarray:
        NumericModel.g(self, 1)  # type: ignore[arg-type]  # fills the cached ∂L/∂y columns
        return self._grad.T[np.asarray(i) - 1]  # type: ignore[attr-defined]

    def softmax(self, i: Any, shift: bool = False) -> np.ndarray:
        if not shift:
            return self.y(i)
        e = np.exp(self.z + self.c[:, None])  # type: ignore[attr-defined]
        return e.T[np.asarray(i) - 1] / e.sum(axis=1)

    def sigmoid_of_difference(self, a: Any, b: Any) -> np.ndarray:
        zt = self.z.T
        return 1.0 / (1.0 + np.exp(-(zt[np.asarray(a) - 1] - zt[np.asarray(b) - 1])))

    def logit(self, i: Any) -> np.ndarray:
        return self.z.T[np.asarray(i) - 1]

    def delta(self, i: Any, j: Any) -> Any:
        if np.ndim(i) == 0 and np.ndim(j) == 0:
            return 1.0 if i == j else 0.0
        return (np.asarray(i) == np.asarray(j)).astype(float)[..., None]

    lean = True  # d(thunk, j) for one j moves column j only instead of caching a model per j

    def _entries(self, j: Any, step: complex | float) -> _EntryModel:
        return _EntryModel(self, j, step)  # type: ignore[arg-type]

    def _exp_shifted(self, m: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """e^{z − m}, its row sums and e^{z − m} class-major (K, P), once per batch (m is the
        same for every moved row)."""
        cache = self.__dict__.setdefault("_exp_cache", {})
        key = m.tobytes()
        if key not in cache:
            cache.clear()
            e = np.exp(self.z - m)
            cache[key] = (e, e.sum(axis=1, keepdims=True), np.ascontiguousarray(e.T))
        return cache[key]

    def _row_max(self) -> np.ndarray:
        """m = max_k Re z_k per point, (P, 1), 0 where it is not finite; once per batch."""
        m = self.__dict__.get("_max")
        if m is None:
            m = np.max(np.real(self.z), axis=1, keepdims=True)
            m = self._max = np.where(np.isfinite(m), m, 0.0)
        return m

    def _classes_first(self) -> np.ndarray:
        """z class-major, (K, P), once per batch."""
        zt = self.__dict__.get("_zt")
        if zt is None:
            zt = self._zt = np.ascontiguousarray(self.z.T)
        return zt


class _EntryModel(_Batched, NumericModel):
    """The batch with z_j moved by `step` for a vector of entries e (j = J_e): values (E, P).

    Only column j changes, so nothing K² is formed: with e_k = e^{z_k − m} (m = max_k Re z_k
    when stable, else 0), the moved row has e'_j = e^{z_j + step − m'}, the others e_k·r with
    r = e^{m − m'} (m' = the moved row's max; r = 1 for a complex step), and
    S' = r(S − e_j) + e'_j: O(P·U) for the U distinct j, like `MpmathModel._shifted`. Sums the
    loss needs are kept as Σ_k a_k e_k etc. Only the first-order interface is provided (no d
    inside d): that raises, and the caller evaluates entry by entry.
    """

    def __init__(self, base: NumericModel, j: Any, step: complex | float) -> None:
        if np.ndim(j) == 0:  # one j for every entry: values (P,) unless an index is an array
            js, pos = np.array([int(j)]), np.array(0)
        else:
            js, pos = np.unique(np.asarray(j), return_inverse=True)
        self.js, self.pos = js, pos
        self.K = base.K
        self._z0 = base.z
        self.t_, self.loss, self.c, self.half = base.t_, base.loss, base.c, 0.5
        self.stable = base.stable
        z = base.z
        self.zj = z[:, js - 1] + step  # (P, U)
        if np.ndim(self.zj) != 2:
            raise NotImplementedError("moved columns need a (P, K) batch")
        if base.stable:
            m = base._row_max()
            m2 = np.maximum(m, np.real(self.zj))
        else:
            m = m2 = np.zeros((z.shape[0], 1))
        self.e, total, self._eT = base._exp_shifted(m)  # (P, K), (P, 1), (K, P)
        self.r = np.exp(m - m2)  # (P, U)
        self.ej = np.exp(self.zj - m2)  # (P, U)
        self.S = self.r * (total - self.e[:, js - 1]) + self.ej
        self._sums: tuple[np.ndarray, ...] | None = None
        # the same values entry-major, (K, P) and (U, P): rows are gathered contiguously
        self._z0T = base._classes_first()
        self._zjT, self._ejT = self.zj.T.copy(), self.ej.T.copy()
        self._rT, self._ST = self.r.T.copy(), self.S.T.copy()

    @property
    def z(self) -> np.ndarray:  # type: ignore[override]
        """Not provided: a method reading z or y directly would see the unmoved batch."""
        raise NotImplementedError("this model moves one column; read values through the "
                                  "interface it overrides")

    @property
    def _y(self) -> np.ndarray:  # type: ignore[override]
        raise NotImplementedError("this model moves one column; y_i comes from y(i)")

    def logit(self, i: Any) -> np.ndarray:
        """z_i of each moved row; a class no entry moves is the unmoved row z_i, shape (P,)
        (the same numbers for every entry, with imaginary part exactly 0: it broadcasts)."""
        if np.ndim(i) == 0 and not np.any(self.js == i):
            return self._z0T[int(i) - 1]
        return self._moved(self._z0T, self._zjT, i)

    def _row(self, arr: np.ndarray) -> np.ndarray:
        """A (P, U) quantity per entry: (E, P), or (P,) when every entry moves the same j."""
        return arr.T[self.pos]

    def _moved(self, full: np.ndarray, moved: np.ndarray, i: Any,
               scale: np.ndarray | None = None) -> np.ndarray:
        """Class i_e of the row moved along j_e, (E, P) or (P,); full (K, P), moved (U, P)
        (class-major, so each entry's values are one contiguous row)."""
        col, pos = np.broadcast_arrays(np.asarray(i) - 1, self.pos)
        other = full[col] if scale is None else full[col] * scale[pos]
        return np.where((col == self.js[pos] - 1)[..., None], moved[pos], other)

    def y(self, i: Any) -> np.ndarray:
        return self._moved(self._eT, self._ejT, i, self._rT) / self._ST[self.pos]

    def softmax(self, i: Any, shift: bool = False) -> np.ndarray:
        if not shift:
            return self.y(i)
        c = self.c[:, None]
        full, moved = np.exp(self._z0 + c), np.exp(self.zj + c)
        total = full.sum(axis=1, keepdims=True) - full[:, self.js - 1] + moved
        return self._moved(full.T, moved.T, i) / self._row(total)

    def sigmoid_of_difference(self, a: Any, b: Any) -> np.ndarray:
        za, zb = self.logit(a), self.logit(b)
        return 1.0 / (1.0 + np.exp(-(za - zb)))

    def _loss_sums(self) -> tuple[np.ndarray, ...]:
        """Σ_k a_k y'_k, Σ_k b_k y'_k², Σ_k c_k y'_k for every moved row, each (P, U)."""
        if self._sums is None:
            a, b, c = self.loss
            e, ej, r, S, col = self.e, self.ej, self.r, self.S, self.js - 1
            lin = (r * ((a * e).sum(1, keepdims=True) - a[:, col] * e[:, col]) + a[:, col] * ej)
            quad = (r * r * ((b * e * e).sum(1, keepdims=True) - b[:, col] * e[:, col] ** 2)
                    + b[:, col] * ej * ej)
            cy = (r * ((c * e).sum(1, keepdims=True) - c[:, col] * e[:, col]) + c[:, col] * ej)
            self._sums = (lin / S, quad / (S * S), cy / S)
        return self._sums

    def g(self, i: Any) -> np.ndarray:
        a, b, c = self.loss
        cy = self._row(self._loss_sums()[2])
        col = np.asarray(i) - 1
        return a.T[col] + b.T[col] * self.y(i) + c.T[col] * np.cos(cy)

    def _loss_value(self) -> np.ndarray:
        lin, quad, cy = (self._row(v) for v in self._loss_sums())
        return lin + 0.5 * quad + np.sin(cy)

    def d(self, thunk: Callable[[Any], Any], j: Any) -> np.ndarray:
        raise NotImplementedError("a derivative of a derivative is evaluated entry by entry")

    def d_loss(self, j: Any) -> np.ndarray:
        raise NotImplementedError("a derivative of a derivative is evaluated entry by entry")


class _Stepped(_Batched, NumericModel):
    """A finite-difference step of the batch (values only; takes index arrays)."""


class ComplexStepModel(_Batched, NumericModel):
    """float64, ∂f/∂z_j = Im f(z + i h e_j)/h: no subtractive cancellation, ~1e-15 relative."""

    def d(self, thunk: Callable[[Any], Any], j: Any) -> np.ndarray:
        if np.ndim(j) == 0 and not self.lean:
            return super().d(thunk, j)
        return np.imag(thunk(self._entries(j, 1j * STEP))) / STEP


class FiniteDifferenceModel(_Batched, NumericModel):
    """float64, central differences with step h = ε^{1/3} ≈ 6e-6 (softmax varies on a unit scale).

    Besides the derivative, each call adds its rounding-error estimate ε(|f₊| + |f₋|)/(z₊ − z₋)
    to `noise` (per point), so a caller can widen atol where the function values are large
    (e.g. cross-entropy at logits of 10⁴, whose value is ~10⁴ while its gradient is O(1)).
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.noise = np.zeros(self.z.shape[0])
        self._steps: dict[tuple[int, int], NumericModel] = {}

    def _step(self, j: int, sign: int) -> NumericModel:
        key = (j, sign)
        if key not in self._steps:
            z = self.z.copy()
            z[:, j - 1] = z[:, j - 1] + sign * FD_STEP
            self._steps[key] = _Stepped(z, self.t_, self.loss, self.c, self.stable)
        return self._steps[key]

    def d(self, thunk: Callable[[Any], Any], j: Any) -> np.ndarray:
        """(f(z + h e_j) − f(z − h e_j)) / (z₊ − z₋), using the steps actually represented."""
        if np.ndim(j) == 0 and not self.lean:
            plus, minus = self._step(j, 1), self._step(j, -1)
            width = plus.z[:, j - 1] - minus.z[:, j - 1]
        else:
            plus, minus = self._entries(j, FD_STEP), self._entries(j, -FD_STEP)
            width = plus._row(plus.zj - minus.zj)
        fp, fm = np.asarray(thunk(plus), dtype=float), np.asarray(thunk(minus), dtype=float)
        if np.ndim(self.noise) < np.ndim(fp):
            self.noise = np.broadcast_to(self.noise, np.shape(fp))
        with np.errstate(invalid="ignore", over="ignore"):
            self.noise = self.noise + EPS * (np.abs(fp) + np.abs(fm)) / width
            return (fp - fm) / width

    def d_loss(self, j: int) -> np.ndarray:
        return self.d(lambda m: m._loss_value(), j)


# -- mpmath -----------------------------------------------------------------------------------
_mp_exp = np.frompyfunc(mpmath.exp, 1, 1)
_mp_log = np.frompyfunc(mpmath.log, 1, 1)
_mp_sin = np.frompyfunc(mpmath.sin, 1, 1)
_mp_cos = np.frompyfunc(mpmath.cos, 1, 1)
_mp_imag = np.frompyfunc(lambda v: mpmath.mpf(mpmath.im(v)), 1, 1)
_mp_real = np.frompyfunc(lambda v: mpmath.mpf(mpmath.re(v)), 1, 1)
to_mpf = np.frompyfunc(mpmath.mpf, 1, 1)


class MpmathModel(NumericModel):
    """Object arrays of mpmath numbers; call inside `mpmath.workdps(MP_DPS)`.

    Softmax is e^{z_i}/Σ e^{z_k} exactly as written (no overflow in mpmath), derivatives by the
    complex step with h = 1e-30, whose truncation error (~1e-60) is below the working precision.
    """

    _exp = staticmethod(_mp_exp)
    _log = staticmethod(_mp_log)
    _sin = staticmethod(_mp_sin)
    _cos = staticmethod(_mp_cos)

    def __init__(self, z: np.ndarray, t: np.ndarray, loss: tuple[np.ndarray, ...],
                 c: np.ndarray, stable: bool = False,
                 exp_sum: tuple[np.ndarray, np.ndarray] | None = None) -> None:
        z = z if z.dtype == object else to_mpf(z)
        t = t if t.dtype == object else to_mpf(t)
        loss = tuple(v if v.dtype == object else to_mpf(v) for v in loss)
        c = c if c.dtype == object else to_mpf(c)
        self.z = z
        self.K = z.shape[1]
        self.t_, self.loss, self.c = t, loss, c
        self.half = mpmath.mpf(1) / 2
        self.stable = False
        if exp_sum is None:
            e = _mp_exp(z)
            exp_sum = (e, e.sum(axis=1))
        self._e, self._S = exp_sum
        self._columns: dict[int, np.ndarray] = {}
        self._full: np.ndarray | None = None
        self._perturbed: dict[int, NumericModel] = {}

    @property  # type: ignore[override]
    def _y(self) -> np.ndarray:
        """All of y = e^{z}/Σ_k e^{z_k}, computed on first use (losses need every entry)."""
        if self._full is None:
            self._full = self._e / self._S[:, None]
        return self._full

    def y(self, i: int) -> np.ndarray:
        """y_i = e^{z_i}/Σ_k e^{z_k}, one column at a time (K² entries need O(1) each)."""
        if i not in self._columns:
            self._columns[i] = self._e[:, i - 1] / self._S
        return self._columns[i]

    def _shifted(self, j: int) -> NumericModel:
        """The model at z + i h e_j: only e^{z_j} changes, to e^{z_j}(cos h + i sin h)."""
        if j not in self._perturbed:
            z = self.z.copy()
            z[:, j - 1] = z[:, j - 1] + mpmath.mpc(0, MP_STEP)
            e = self._e.copy()
            e[:, j - 1] = self._e[:, j - 1] * mpmath.expj(MP_STEP)
            S = self._S - self._e[:, j - 1] + e[:, j - 1]
            self._perturbed[j] = MpmathModel(z, self.t_, self.loss, self.c, exp_sum=(e, S))
        return self._perturbed[j]

    def d(self, thunk: Callable[[Any], Any], j: int) -> np.ndarray:
        out = np.asarray(thunk(self._shifted(j)), dtype=object)
        return _mp_imag(out) / MP_STEP

    def delta(self, i: int, j: int) -> Any:
        return mpmath.mpf(1 if i == j else 0)

    def softmax(self, i: int, shift: bool = False) -> Any:
        """softmax(z + c·1)_i as written; e^{z + c} and its row sums computed once per model."""
        if not shift:
            return self.y(i)
        cached = self.__dict__.get("_shift_e")
        if cached is None:
            e = _mp_exp(self.z + self.c[:, None])
            cached = self._shift_e = (e, e.sum(axis=1))
        return cached[0][:, i - 1] / cached[1]


def mp_real(x: Any) -> np.ndarray:
    """Real parts of an object array (or scalar) of mpmath numbers, as mpf."""
    return _mp_real(np.asarray(x, dtype=object))


# -- torch ------------------------------------------------------------------------------------
def torch_available() -> bool:
    try:
        import torch  # noqa: F401
    except ImportError:
        return False
    return True


def jax_available() -> bool:
    try:
        import jax  # noqa: F401
    except ImportError:
        return False
    return True


class TorchModel(NumericModel):
    """torch float64 tensors; ∂f/∂z_j by forward-mode autodiff (dual numbers with tangent e_j).

    Call inside `torch.autograd.forward_ad.dual_level()`. The stable shift m = max z uses the
    primal values only, so no derivative flows through it.
    """

    def __init__(self, z: Any, t: Any, loss: tuple[Any, ...], c: Any, stable: bool = False,
                 ) -> None:
        import torch
        import torch.autograd.forward_ad as fwad

        def tensor(v: Any) -> Any:
            return v if isinstance(v, torch.Tensor) else torch.as_tensor(v, dtype=torch.float64)

        self.torch, self.fwad = torch, fwad
        self.z = tensor(z)
        self.K = self.z.shape[1]
        self.t_, self.c = tensor(t), tensor(c)
        self.loss = tuple(tensor(v) for v in loss)
        self.half = 0.5
        self.stable = stable
        self._exp, self._log = torch.exp, torch.log
        self._sin, self._cos = torch.sin, torch.cos
        if stable:
            primal = fwad.unpack_dual(self.z).primal
            m = primal.max(dim=1, keepdim=True).values
            m = torch.where(torch.isfinite(m), m, torch.zeros_like(m))
            e = torch.exp(self.z - m)
        else:
            e = torch.exp(self.z)
        self._y = e / e.sum(dim=1, keepdim=True)
        self._perturbed: dict[int, NumericModel] = {}

    @staticmethod
    def _rowsum(x: Any) -> Any:
        return x.sum(dim=1)

    def _shifted(self, j: int) -> NumericModel:
        if j not in self._perturbed:
            tangent = self.torch.zeros_like(self.z)
            tangent[:, j - 1] = 1.0
            dual = self.fwad.make_dual(self.z, tangent)
            self._perturbed[j] = TorchModel(dual, self.t_, self.loss, self.c, self.stable)
        return self._perturbed[j]

    def d(self, thunk: Callable[[Any], Any], j: int) -> Any:
        out = thunk(self._shifted(j))
        if not isinstance(out, self.torch.Tensor):
            return self.torch.zeros(self.z.shape[0], dtype=self.torch.float64)
        tangent = self.fwad.unpack_dual(out).tangent
        return self.torch.zeros_like(out) if tangent is None else tangent


class JaxModel(NumericModel):
    """jax float64 arrays; ∂f/∂z_j = jax.jvp of the thunk along e_j (forward mode).

    Not exercised by the test suite unless jax is installed (it is an optional extra).
    """

    def __init__(self, z: Any, t: Any, loss: tuple[Any, ...], c: Any, stable: bool = False,
                 ) -> None:
        import jax

        jax.config.update("jax_enable_x64", True)
        import jax.numpy as jnp

        self.jax, self.jnp = jax, jnp
        self.z = jnp.asarray(z, dtype=jnp.float64)
        self.K = self.z.shape[1]
        self.t_, self.c = jnp.asarray(t), jnp.asarray(c)
        self.loss = tuple(jnp.asarray(v) for v in loss)
        self.half = 0.5
        self.stable = stable
        self._exp, self._log, self._sin, self._cos = jnp.exp, jnp.log, jnp.sin, jnp.cos
        if stable:
            m = jax.lax.stop_gradient(jnp.max(self.z, axis=1, keepdims=True))
            m = jnp.where(jnp.isfinite(m), m, 0.0)
            e = jnp.exp(self.z - m)
        else:
            e = jnp.exp(self.z)
        self._y = e / e.sum(axis=1, keepdims=True)
        self._perturbed = {}

    def d(self, thunk: Callable[[Any], Any], j: int) -> Any:
        tangent = self.jnp.zeros_like(self.z).at[:, j - 1].set(1.0)

        def f(z: Any) -> Any:
            out = thunk(JaxModel(z, self.t_, self.loss, self.c, self.stable))
            return self.jnp.broadcast_to(self.jnp.asarray(out, dtype=self.jnp.float64),
                                         (self.z.shape[0],))

        return self.jax.jvp(f, (self.z,), (tangent,))[1]

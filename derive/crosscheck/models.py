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


def _softmax_last(z: np.ndarray, stable: bool) -> np.ndarray:
    """softmax along the last axis (any leading axes); `stable` subtracts max Re z (a constant)."""
    if stable:
        m = np.max(np.real(z), axis=-1, keepdims=True)
        m = np.where(np.isfinite(m), m, 0.0)
        e = np.exp(z - m)
    else:
        e = np.exp(z)
    return e / e.sum(axis=-1, keepdims=True)


class _Batched:
    """Index arguments may be arrays of E entries: values are (E, P), entries first.

    Batches are stored class-major, (K, P), so y_i for a vector of E classes is one gather of E
    rows and a value that does not depend on the entry, shape (P,), broadcasts against (E, P).
    δ compares elementwise; d(thunk, J) with an array J perturbs the U distinct j at once
    (`_EntryModel`: P·U·K numbers). Scalar indices give the usual (P,) values.
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

    def delta(self, i: Any, j: Any) -> Any:
        if np.ndim(i) == 0 and np.ndim(j) == 0:
            return 1.0 if i == j else 0.0
        return (np.asarray(i) == np.asarray(j)).astype(float)[..., None]

    def _entries(self, j: np.ndarray, step: complex | float) -> _EntryModel:
        js, pos = np.unique(np.asarray(j), return_inverse=True)
        P = self.z.shape[0]
        z = np.empty((P, len(js), self.K), dtype=np.result_type(self.z, step))
        z[:] = self.z[:, None, :]
        z[:, np.arange(len(js)), js - 1] += step
        return _EntryModel(self, z, pos)  # type: ignore[arg-type]


class _EntryModel(_Batched, NumericModel):
    """The batch perturbed along e_{j_e} for a vector of entries e: every value is (E, P).

    Built for d(thunk, J) with J an array of E derivative indices: the U distinct j give
    perturbed logits Z (P, U, K), and entry e reads row pos[e]. Only the first-order interface is
    provided (no d inside d): that raises, and the caller evaluates entry by entry.
    """

    def __init__(self, base: NumericModel, z: np.ndarray, pos: np.ndarray) -> None:
        self.zz, self.pos = z, pos  # z: (P, U, K)
        self.z = z[:, 0, :]
        self.K = base.K
        self.t_, self.loss, self.c, self.half = base.t_, base.loss, base.c, 0.5
        self.stable = base.stable
        self._yy = _softmax_last(z, base.stable)
        self._gradu: np.ndarray | None = None

    def _pick(self, arr: np.ndarray, i: Any) -> np.ndarray:
        """arr (P, U, K) at (pos[e], i_e − 1) for each entry e: (E, P); (E, P) for scalar i."""
        return arr[:, self.pos, np.asarray(i) - 1].T

    def y(self, i: Any) -> np.ndarray:
        return self._pick(self._yy, i)

    def softmax(self, i: Any, shift: bool = False) -> np.ndarray:
        if not shift:
            return self.y(i)
        e = np.exp(self.zz + self.c[:, None, None])
        return self._pick(e, i) / e.sum(axis=-1)[:, self.pos].T

    def sigmoid_of_difference(self, a: Any, b: Any) -> np.ndarray:
        return 1.0 / (1.0 + np.exp(-(self._pick(self.zz, a) - self._pick(self.zz, b))))

    def g(self, i: Any) -> np.ndarray:
        if self._gradu is None:
            a, b, c = (v[:, None, :] for v in self.loss)
            yy = self._yy
            self._gradu = a + b * yy + c * np.cos((c * yy).sum(axis=-1))[..., None]
        return self._pick(self._gradu, i)

    def _loss_value(self) -> np.ndarray:
        a, b, c = (v[:, None, :] for v in self.loss)
        yy = self._yy
        value = (a * yy).sum(-1) + 0.5 * (b * yy * yy).sum(-1) + np.sin((c * yy).sum(-1))
        return value[:, self.pos].T

    def d(self, thunk: Callable[[Any], Any], j: Any) -> np.ndarray:
        raise NotImplementedError("a derivative of a derivative is evaluated entry by entry")

    def d_loss(self, j: Any) -> np.ndarray:
        raise NotImplementedError("a derivative of a derivative is evaluated entry by entry")


class _Stepped(_Batched, NumericModel):
    """A finite-difference step of the batch (values only; takes index arrays)."""


class ComplexStepModel(_Batched, NumericModel):
    """float64, ∂f/∂z_j = Im f(z + i h e_j)/h: no subtractive cancellation, ~1e-15 relative."""

    def d(self, thunk: Callable[[Any], Any], j: Any) -> np.ndarray:
        if np.ndim(j) == 0:
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
        if np.ndim(j) == 0:
            plus, minus = self._step(j, 1), self._step(j, -1)
            width = plus.z[:, j - 1] - minus.z[:, j - 1]
        else:
            plus, minus = self._entries(j, FD_STEP), self._entries(j, -FD_STEP)
            width = plus._pick(plus.zz, j) - minus._pick(minus.zz, j)
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

"""Worked numeric examples for a concrete K: each number computed by two independent routes.

Route 1 evaluates the derived formula (y = e^z/S, J = diag(y) − y yᵀ, ∂E/∂z = y − t,
∂L/∂z = y ⊙ (g − (gᵀy)1)) in float64. Route 2 never uses a derived formula: softmax in
50-digit mpmath, derivatives of the *definitions* by the complex step
∂f/∂z_j ≈ Im f(z + ih e_j)/h. A disagreement beyond `AGREE` stops the document.
"""

from __future__ import annotations

from dataclasses import dataclass

import mpmath
import numpy as np

Z_EXAMPLE = (1.0, 2.0, 0.5, -1.0, 1.5, 0.0, 0.25, -0.5, 2.5, -2.0)
H = 1e-20
AGREE = 1e-12  # largest |route 1 − route 2| accepted


class ExampleError(ValueError):
    """The two routes of the worked example disagree."""


@dataclass(frozen=True)
class Example:
    """z, one-hot t and, for each quantity, its value (route 1) and the routes' largest gap."""

    z: np.ndarray
    t: np.ndarray
    y: np.ndarray
    jacobian: np.ndarray
    grad_ce: np.ndarray
    grad_mse: np.ndarray
    gap: dict[str, float]


def _softmax(z: np.ndarray) -> np.ndarray:
    """e^{z_i} / Σ_k e^{z_k} (complex z allowed: used by the complex step)."""
    e = np.exp(z)
    return e / e.sum()


def _complex_step(f, z: np.ndarray) -> np.ndarray:
    """Columns ∂f/∂z_j by the complex step; f maps R^K to R^M (or R)."""
    cols = []
    for j in range(len(z)):
        zc = z.astype(complex)
        zc[j] += 1j * H
        cols.append(np.imag(np.atleast_1d(f(zc))) / H)
    return np.array(cols).T


def example(k: int, target: int = 2) -> Example:
    """The worked example for K = k: z the first k of Z_EXAMPLE, t one-hot at class `target`."""
    z = np.array(Z_EXAMPLE[:k])
    t = np.zeros(k)
    t[min(target, k) - 1] = 1.0
    # route 1: the derived formulas
    y = _softmax(z)
    jac = np.diag(y) - np.outer(y, y)
    grad_ce = y - t
    g = y - t  # ∂L/∂y for L = ½ Σ (y − t)²
    grad_mse = y * (g - g @ y)
    # route 2: 50 digits for y, complex-step derivatives of the definitions
    with mpmath.workdps(50):
        ez = [mpmath.exp(mpmath.mpf(float(v))) for v in z]
        s = mpmath.fsum(ez)
        y2 = np.array([float(e / s) for e in ez])
    jac2 = _complex_step(_softmax, z)
    ce2 = _complex_step(lambda v: -(t * np.log(_softmax(v))).sum(), z)[0]
    mse2 = _complex_step(lambda v: 0.5 * ((_softmax(v) - t) ** 2).sum(), z)[0]
    gap = {
        "y": float(np.max(np.abs(y - y2))),
        "J": float(np.max(np.abs(jac - jac2))),
        "y - t": float(np.max(np.abs(grad_ce - ce2))),
        "mse": float(np.max(np.abs(grad_mse - mse2))),
    }
    bad = {n: v for n, v in gap.items() if not v <= AGREE}
    if bad:
        raise ExampleError(f"worked example: the two routes disagree ({bad})")
    return Example(z, t, y, jac, grad_ce, grad_mse, gap)


def num(x: float) -> str:
    """A number to 4 decimals, minus sign as LaTeX sees it, no negative zero."""
    s = f"{x:.4f}"
    return "0.0000" if s == "-0.0000" else s


def vector(v: np.ndarray) -> str:
    """LaTeX row (a, b, c) to 4 digits."""
    return "(" + ", ".join(num(x) for x in v) + ")"


def matrix(m: np.ndarray) -> str:
    """LaTeX pmatrix to 4 digits."""
    rows = [" & ".join(num(x) for x in row) for row in m]
    return "\\begin{pmatrix}" + " \\\\ ".join(rows) + "\\end{pmatrix}"


def short(v: float) -> str:
    """A small gap as 1.2e-17 (0 as 0)."""
    return "0" if v == 0 else f"{v:.1e}"

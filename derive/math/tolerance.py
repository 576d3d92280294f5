"""The one tolerance rule of the float64 witness: |a − b| <= ATOL + RTOL·(|a| + |b|).

Dual-number derivatives are exact up to rounding (~1e-15 relative) and the sides are sums of at
most K terms of size <= 1, so 1e-9 leaves a wide margin while every false identity we know
differs by >= 1e-6 at the seeded points; what float64 cannot see goes to the 50-digit witness,
which uses PRECISE_RTOL / PRECISE_ATOL.
"""

from __future__ import annotations

import numpy as np

RTOL = 1e-9
ATOL = 1e-12
PRECISE_DIGITS = 50
PRECISE_RTOL = 1e-35  # a true identity evaluated at 50 digits agrees to ~1e-48
PRECISE_ATOL = 1e-45


def excess(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """|a − b| / (ATOL + RTOL(|a| + |b|)): above 1 means the sides disagree (inf if not finite)."""
    with np.errstate(invalid="ignore", over="ignore"):
        out = np.abs(a - b) / (ATOL + RTOL * (np.abs(a) + np.abs(b)))
    return np.where(np.isfinite(out), out, np.inf)


NOISE_EXCESS = 1e-2  # |Δ|/tol below this is float rounding (~1e-16 of each term), not a reading


def shown_excess(x: float) -> str:
    """|Δ|/tol for people: two digits, or `< 1e-02` where it is rounding (machine-dependent)."""
    if x < NOISE_EXCESS:
        return f"< {NOISE_EXCESS:.0e}"
    return f"{x:.2g}"

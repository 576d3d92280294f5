"""The blocked comparison reports what one pass over the whole chunk reports (NaN, inf, ties)."""

from __future__ import annotations

import numpy as np
import pytest

from derive.crosscheck import run
from derive.crosscheck.run import REL_FLOOR, Tolerance, _Tracker


def _reference(a, b, tol, atol_extra=None):
    """One pass over the chunk: the first largest excess (first NaN), max rel, max abs."""
    with np.errstate(all="ignore"):
        diff = np.abs(a - b)
        scale = np.maximum(np.abs(a), np.abs(b))
        excess = scale * tol.rtol + (tol.atol if atol_extra is None else tol.atol + atol_extra)
        excess = diff / excess
        k = int(np.argmax(excess))
        rel = diff / np.maximum(scale, REL_FLOOR)
        return k, float(excess.flat[k]), float(rel.max()), float(diff.max())


@pytest.mark.parametrize("block", [1, 3, 7, 64, 2**15])
@pytest.mark.parametrize("seed", range(6))
def test_blocked_update_matches_one_pass(monkeypatch, block, seed):
    monkeypatch.setattr(run, "COMPARE_BLOCK", block)
    rng = np.random.default_rng(seed)
    P, E = 5, 9
    a = rng.normal(size=(P, E))
    b = a + rng.choice([0.0, 1e-13, 1e-3], size=(P, E))
    if seed % 2:
        a.flat[rng.integers(a.size)] = np.nan
        b.flat[rng.integers(b.size)] = np.inf
    if seed % 3 == 0:
        b = a.copy()  # every excess 0: the first entry is the worst
    extra = rng.uniform(0, 1e-9, size=(P, E)) if seed >= 3 else None
    tol = Tolerance(1e-9, 1e-12)
    tracker = _Tracker()
    tracker.update(a, b, tol, np.arange(P), extra)
    k, worst, rel, dabs = _reference(a, b, tol, extra)
    p, e = divmod(k, E)
    assert tracker.where == (p, e)
    assert tracker.max_excess == (worst if np.isfinite(worst) else np.inf)
    assert tracker.max_rel == (rel if rel == rel else np.inf)
    assert tracker.max_abs == (dabs if dabs == dabs else np.inf)
    assert tracker.values == (float(a.flat[k]), float(b.flat[k])) or np.isnan(a.flat[k])

"""Cross-check catalogue claims numerically, per backend, at seeded points.

For every part of a claim and every backend, both sides are evaluated at the same points and
compared entry by entry: they agree when |lhs − rhs| <= atol + rtol·max(|lhs|, |rhs|).

Backends and their default tolerances (rtol, atol), and why:

- lambdify (1e-9, 1e-12): both sides are the exact engine's O(1) entries in float64; rounding
  is ~K·ε ≈ 1e-14 for sums of K <= 2000 terms of size <= 1, so 1e-9/1e-12 leave a wide margin,
  while a false identity differs by O(|value|). Not independent of the symbolic derivative.
- complex-step (1e-9, 1e-12): Im f(z + ih e_j)/h has no subtractive cancellation; it matches
  the exact derivative to ~1e-15 relative. Independent: differentiates softmax / the loss itself.
- fd (1e-6, 1e-8 + 10·noise): central differences with h = ε^{1/3} have truncation + rounding
  error ~ε^{2/3} ≈ 4e-11 times the function's scale; `noise` is the route's own per-point
  rounding estimate ε(|f₊| + |f₋|)/2h, large where the function value is (cross-entropy at
  |z| ~ 1e4 is ~1e4 while its gradient is O(1)). Much looser than the complex step.
- mpmath (1e-40, 1e-40): 50 significant digits, softmax as written (no overflow in mpmath),
  complex step with h = 1e-30; ten digits of margin for cancellation in K-term sums. Evaluated
  at 4 points and at most 200 index values per part (50-digit arithmetic is ~10⁴× slower); it
  also reports the float64 error of the stable complex-step evaluation against itself.
- torch / jax (1e-9, 1e-12): forward-mode autodiff in float64 is exact up to rounding (~1e-15).
  Optional extras (`pip install 'derive[torch]'`); skipped with the reason when not installed.
  For comparison torch.autograd.gradcheck defaults to eps 1e-6, atol 1e-5, rtol 1e-3 because it
  compares against finite differences; exact identities deserve tighter tolerances.

Softmax is evaluated stably, e^{z − max z}/Σ e^{z_k − max z} (equal by the proven shift
invariance), so logits in [−1e4, 1e4] pass; only parts that evaluate softmax(z + c·1) itself use
e^{z} as written, so shift invariance is never assumed while being checked. Points whose input
is NaN/inf are reported and not evaluated; so are points where e^{z} as written overflows, and
(fd only) points with |z| > 2.7e8 where float64 cannot represent the step. Logits more than 350
below their row's maximum are raised to max − 350 (`raise_gaps`, reported): y changes by
< 1e-150, and no float64 route meets ln 0 or 0/0 from an underflowed e^{z_k − max z}.

Speed and memory: lambdify builds one exact entry per orbit of index patterns (see
`derive.crosscheck.lambdified`); complex-step and fd evaluate all sampled entries of a part in one
call with index arrays (values (E, P)), moving one column z_j at a time (O(P·K), never a K² copy).
A part evaluates at most 2000 entries, max(200, 4·10⁶ / points) for many points; parts that sum
over every class at most max(16, 10⁷ / (K·points)) (mpmath: max(8, 2·10⁴ / (4K))). The points
depend only on K and on whether Σt = 1 is assumed: they are sampled once per run for each, and
shared read-only between claims.
`memory_estimate` (loaded libraries, sampled inputs, the larger of the lambdify grid and the
per-entry working set) is checked before any work: above MEMORY_LIMIT (2 GiB) the cross-check is
refused with a UserError (exit 2).

Errors printed: max |lhs − rhs|, max |lhs − rhs|/max(|lhs|, |rhs|, 1e-300) (1 when one side is
exactly 0, e.g. J·1 = 0, where only the absolute error means anything), and the worst point,
the one with the largest |lhs − rhs|/tolerance.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import mpmath
import numpy as np

from derive.crosscheck.lambdified import (
    GRID_WORK,
    MAX_GRID,
    LambdifiedPart,
    _RecordingModel,
    assignments,
)
from derive.crosscheck.models import (
    EPS,
    FD_STEP,
    MP_DPS,
    ComplexStepModel,
    FiniteDifferenceModel,
    JaxModel,
    MpmathModel,
    TorchModel,
    jax_available,
    mp_real,
    to_mpf,
    torch_available,
)
from derive.errors import UserError
from derive.math.claims import ELEMENTWISE, INPUTS, SECOND_DERIVATIVE, Claim, Part
from derive.math.concrete import Marker, Recorder
from derive.math.model import SUM_TARGETS_ONE
from derive.math.numeric import NumericModel, softmax_rows

BACKENDS = ("lambdify", "fd", "complex-step", "mpmath", "torch", "jax")
OPTIONAL = {"torch": torch_available, "jax": jax_available}
INSTALL = {"torch": "pip install 'derive[torch]'", "jax": "pip install 'derive[jax]'"}


@dataclass(frozen=True)
class Tolerance:
    rtol: float
    atol: float


TOLERANCES: dict[str, Tolerance] = {
    "lambdify": Tolerance(1e-9, 1e-12),
    "complex-step": Tolerance(1e-9, 1e-12),
    "fd": Tolerance(1e-6, 1e-8),
    "mpmath": Tolerance(1e-40, 1e-40),
    "torch": Tolerance(1e-9, 1e-12),
    "jax": Tolerance(1e-9, 1e-12),
}
FD_NOISE_FACTOR = 10.0
FD_MAX_Z = FD_STEP / (100 * EPS)  # ≈ 2.7e8: beyond it float64 spacing exceeds 1% of the step
LOG_MAX = float(np.log(np.finfo(float).max))  # ≈ 709.78: e^{x} overflows float64 above it
GAP = 350.0  # logits further below the row's max are raised to max − GAP (see `raise_gaps`)
REL_FLOOR = 1e-300  # relative errors below this magnitude are measured against it
MAX_ENTRIES = 2000  # index assignments per part for the per-entry backends (all when fewer)
MP_POINTS = 4  # points evaluated by mpmath
MP_ENTRIES = 200  # index assignments per part evaluated by mpmath (all when fewer)
ENTRY_BUDGET = 4_000_000  # entries × points per part for the per-entry backends ...
MIN_ENTRIES = 200  # ... but at least this many entries (all when fewer)
SUM_BUDGET = 10_000_000  # entries × K × points per part when a side sums over every class ...
SUM_MIN_ENTRIES = 16  # ... but at least this many (all when fewer)
MP_SUM_BUDGET = 20_000  # entries × K × points for mpmath (50-digit arithmetic) ...
MP_SUM_MIN_ENTRIES = 8  # ... at least this many
BUDGET_BYTES = 256 * 2**20  # working memory per chunk of points
PER_POINT_BYTES = 16 * 16  # per point and per class or entry: ~16 complex temporaries
LAMBDIFY_CHUNK = 2**17  # dense entries × points per lambdify chunk (fits in cache)
SECONDS_PER_CLASS = 2e-4  # building the orbit representatives of a part, per class K
BASE_BYTES = 300 * 2**20  # Python with SymPy, symengine, NumPy and mpmath loaded
INPUT_BYTES_PER_VALUE = 6 * 8  # z, t, three loss arrays and a working copy, float64
LAMBDIFY_ARRAYS = 10  # float arrays of the dense grid alive at once (both sides, comparison)
ORBIT_MASKS = 4  # bytes per grid entry for the orbit masks and index bookkeeping
PERMUTED_BYTES = 64 * 2**20  # one batch of permuted inputs for per-entry lambdify forms
MEMORY_LIMIT = 2 * 2**30  # a cross-check estimated above this is refused before any work


@dataclass(frozen=True)
class Points:
    """A batch of inputs: logits z (P, K), targets t, a concrete loss (a, b, c), shifts c."""

    z: np.ndarray
    t: np.ndarray
    loss: tuple[np.ndarray, np.ndarray, np.ndarray]
    shift: np.ndarray

    @property
    def count(self) -> int:
        return self.z.shape[0]

    def take(self, idx: np.ndarray) -> Points:
        return Points(self.z[idx], self.t[idx], tuple(v[idx] for v in self.loss),  # type: ignore[arg-type]
                      self.shift[idx])


def sample_points(K: int, points: int, seed: int, scale: float,
                  conditions: tuple[str, ...] = (), z: np.ndarray | None = None) -> Points:
    """Seeded points with |z| <= scale.

    Even points: z_k ~ U(−scale, scale) independently (extreme gaps: near one-hot softmax).
    Odd points: a common offset U(−scale, scale) plus N(0, 1.5²) noise, clipped to [−scale,
    scale] (large logits with moderate gaps: where e^{z} overflows but y is not one-hot).
    Targets on the simplex when Σt = 1 is assumed, else U(0.1, 1); shifts c ~ N(0, 3²).
    `z` replaces the sampled logits (its rows are the points).
    """
    rng = np.random.default_rng(seed)
    if z is None:
        wide = rng.uniform(-scale, scale, size=(points, K))
        offset = rng.uniform(-scale, scale, size=(points, 1))
        near = np.clip(offset + rng.normal(0.0, min(1.5, scale), size=(points, K)), -scale, scale)
        z = np.where((np.arange(points) % 2 == 0)[:, None], wide, near)
    points = z.shape[0]
    if SUM_TARGETS_ONE in conditions:
        t = rng.dirichlet(np.ones(K), size=points)
    else:
        t = rng.uniform(0.1, 1.0, size=(points, K))
    loss = (rng.normal(size=(points, K)), rng.normal(size=(points, K)),
            rng.normal(size=(points, K)))
    return Points(np.asarray(z, dtype=float), t, loss, rng.normal(0.0, 3.0, size=points))


@dataclass(frozen=True)
class Worst:
    point: int
    indices: dict[str, int]
    lhs: float
    rhs: float
    z: tuple[float, ...]


@dataclass
class Row:
    """The outcome of one part under one backend."""

    claim: str
    part: str
    backend: str
    K: int
    status: str  # agree | disagree | incomplete (some input NaN/inf) | skipped
    rtol: float
    atol: float
    points: int = 0
    entries: int = 0
    entries_total: int = 0
    max_abs: float = 0.0
    max_rel: float = 0.0
    max_excess: float = 0.0
    worst: Worst | None = None
    notes: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def failed(self) -> bool:
        return self.status in ("disagree", "incomplete")


def uses_shift(part: Part) -> bool:
    """Whether the part evaluates softmax(z + c·1) (checked on a tiny exact model)."""
    n = max(2, len(part.indices))
    model = _RecordingModel(n)
    ix = {name: p + 1 for p, name in enumerate(part.indices)}
    part.lhs(model, ix)
    part.rhs(model, ix)
    return model.used_shift


COMPARE_BLOCK = 2**15  # elements compared per pass (8 buffers of this fit in L2)


class _Tracker:
    """Running maxima of the comparison over chunks."""

    def __init__(self) -> None:
        self.max_abs = self.max_rel = self.max_excess = 0.0
        self.where: tuple[int, int] | None = None  # (point, entry)
        self.values = (0.0, 0.0)
        self._buffers: tuple[np.ndarray, ...] | None = None

    def update(self, a: np.ndarray, b: np.ndarray, tol: Tolerance, points: np.ndarray,
               atol_extra: np.ndarray | None = None) -> None:
        """a, b: (P, E) float arrays for the points `points` (global numbers).

        excess = |a − b| / (rtol·max(|a|, |b|) + atol (+ atol_extra)), relative error
        |a − b| / max(|a|, |b|, REL_FLOOR); computed block by block in cache-sized buffers:
        the worst is the first largest excess (the first NaN if there is one) of the chunk.
        """
        if a.size == 0:
            return
        af, bf = a.reshape(-1), b.reshape(-1)
        xf = None if atol_extra is None else np.broadcast_to(atol_extra, a.shape).reshape(-1)
        if self._buffers is None:
            self._buffers = tuple(np.empty(COMPARE_BLOCK) for _ in range(4))
        best_value, best_at = 0.0, -1
        max_rel = max_abs = -np.inf
        with np.errstate(invalid="ignore", over="ignore", divide="ignore"):
            for start in range(0, af.size, COMPARE_BLOCK):
                ab, bb = af[start:start + COMPARE_BLOCK], bf[start:start + COMPARE_BLOCK]
                n = ab.size
                diff, scale, excess, tmp = (buf[:n] for buf in self._buffers)
                np.subtract(ab, bb, out=diff)
                np.abs(diff, out=diff)
                np.abs(ab, out=scale)
                np.abs(bb, out=tmp)
                np.maximum(scale, tmp, out=scale)
                np.multiply(scale, tol.rtol, out=excess)
                if xf is None:
                    excess += tol.atol
                else:
                    np.add(tol.atol, xf[start:start + n], out=tmp)
                    excess += tmp
                np.divide(diff, excess, out=excess)
                k = int(np.argmax(excess))  # the first NaN if there is one
                value = float(excess[k])
                if best_at < 0 or (best_value == best_value and (
                        value != value or value > best_value)):
                    best_value, best_at = value, start + k
                np.maximum(scale, REL_FLOOR, out=scale)
                np.divide(diff, scale, out=scale)  # relative error
                max_rel = _nan_max(max_rel, float(scale.max()))
                max_abs = _nan_max(max_abs, float(diff.max()))
        k, worst = best_at, best_value
        worst = np.inf if not np.isfinite(worst) else worst
        p, e = divmod(k, a.shape[1])
        if worst >= self.max_excess or self.where is None:
            self.max_excess = worst
            self.where = (int(points[p]), e)
            self.values = (float(af[k]), float(bf[k]))
        nan = float("inf")
        self.max_abs = max(self.max_abs, max_abs if max_abs == max_abs else nan)
        self.max_rel = max(self.max_rel, max_rel if max_rel == max_rel else nan)


def _nan_max(x: float, y: float) -> float:
    """max(x, y), NaN when either is NaN (as ndarray.max over both would be)."""
    return x if x != x else y if y != y else max(x, y)


def _chunks(idx: np.ndarray, size: int) -> list[np.ndarray]:
    return [idx[s:s + size] for s in range(0, len(idx), max(1, size))]


ENTRY_GRID = 2**22  # index grids up to this size are enumerated with NumPy, not tuple by tuple


def _entry_sample(part: Part, K: int, seed: int, limit: int = MAX_ENTRIES,
                  ) -> tuple[list[tuple[int, ...]], int]:
    """All assignments when at most `limit`, else a seeded sample with diagonal ones.

    The assignments are in product order (`lambdified.assignments`); for grids up to
    ENTRY_GRID their flat positions are found with NumPy and only the chosen ones are listed."""
    n = len(part.indices)
    if n == 0 or K**n > ENTRY_GRID:
        return _entry_sample_listed(part, K, seed, limit)
    shape = (K,) * n
    flat = np.arange(K**n, dtype=np.int32)
    where = {name: p for p, name in enumerate(part.indices)}

    def digit(name: str) -> np.ndarray:  # the value − 1 of index `name` at each position
        return flat // K ** (n - 1 - where[name]) % K

    ok = np.ones(K**n, dtype=bool)
    for a, b in part.distinct:
        ok &= digit(a) != digit(b)
    admissible = np.flatnonzero(ok)
    del ok
    total = len(admissible)

    def entry(pos: int) -> tuple[int, ...]:
        return tuple(int(v) + 1 for v in np.unravel_index(pos, shape))

    if total <= limit:
        return [entry(int(pos)) for pos in admissible], total
    rng = np.random.default_rng(seed)
    chosen = [entry(int(admissible[i])) for i in rng.choice(total, limit, replace=False)]
    diagonal_pos = np.arange(K, dtype=np.int64) * sum(K**p for p in range(n))  # (k, …, k)
    diagonal = [entry(int(pos)) for pos in
                diagonal_pos[np.isin(diagonal_pos, admissible)][: limit // 4]]
    keep = list(dict.fromkeys(diagonal + chosen))[:limit]
    return keep, total


def _entry_sample_listed(part: Part, K: int, seed: int, limit: int = MAX_ENTRIES,
                         ) -> tuple[list[tuple[int, ...]], int]:
    """`_entry_sample` by listing every assignment (tiny or huge grids)."""
    everything = assignments(part, K)
    if len(everything) <= limit:
        return everything, len(everything)
    rng = np.random.default_rng(seed)
    chosen = [everything[i] for i in rng.choice(len(everything), limit, replace=False)]
    diagonal = [v for v in everything if len(set(v)) == 1][: limit // 4]
    keep = list(dict.fromkeys(diagonal + chosen))[:limit]
    return keep, len(everything)


def raise_gaps(pts: Points) -> tuple[Points, int]:
    """Logits more than GAP = 350 below their row's maximum raised to max z − 350.

    e^{−350} ≈ 1e-152, so y changes by < 1e-150 absolutely, |z| stays within the sampled range,
    and the identities are checked at the raised point (a point like any other). It keeps
    e^{z − max z}, its square and the complex-step perturbation h·y (h = 1e-20) normal floats:
    without it y_k underflows to 0 and ln y_k, t_k/y_k·y_k give −inf or 0/0 in any float64 route.
    Returns the points and how many rows changed.
    """
    with np.errstate(invalid="ignore"):
        floor = np.max(pts.z, axis=1, keepdims=True) - GAP
        raised = np.where(pts.z < floor, floor, pts.z)
        changed = int(np.sum(np.any(raised != pts.z, axis=1) & np.isfinite(floor[:, 0])))
    if not changed:
        return pts, 0
    return Points(raised, pts.t, pts.loss, pts.shift), changed


def _input_filter(pts: Points, shift: bool, fd: bool = False) -> tuple[np.ndarray, list[str]]:
    """Indices of the points that can be evaluated, and notes about the others.

    Excluded: non-finite input; with `shift`, points where e^{z} or e^{z + c} as written
    overflows; with `fd`, points with |z| > FD_MAX_Z, where float64 spacing (|z|·ε) is more
    than 1% of the finite-difference step and z ± h is no longer a faithful step.
    """
    notes = []
    finite = np.isfinite(pts.z).all(axis=1) & np.isfinite(pts.t).all(axis=1)
    bad = np.flatnonzero(~finite)
    if len(bad):
        notes.append(f"{len(bad)} point(s) with non-finite input (NaN/inf) not evaluated: "
                     f"point {', '.join(map(str, bad[:5]))}{' …' if len(bad) > 5 else ''}")
    ok = finite
    if shift:
        with np.errstate(invalid="ignore"):
            big = np.maximum(np.abs(pts.z).max(axis=1),
                             np.abs(pts.z + pts.shift[:, None]).max(axis=1)) > LOG_MAX
        over = finite & big
        if over.any():
            notes.append(f"{int(over.sum())} point(s) not evaluable in float64 as written "
                         f"(|z| or |z + c| > {LOG_MAX:.2f}: e^x overflows; softmax(z + c·1) is "
                         "never evaluated by shifting, the mpmath backend checks them)")
        ok = finite & ~big
    if fd:
        with np.errstate(invalid="ignore"):
            coarse = ok & (np.abs(pts.z).max(axis=1) > FD_MAX_Z)
        if coarse.any():
            notes.append(f"{int(coarse.sum())} point(s) with |z| > {FD_MAX_Z:.1e} not evaluated "
                         f"by fd: float64 cannot resolve the step h = {FD_STEP:.1e} there")
        ok = ok & ~coarse
    return np.flatnonzero(ok), notes


def check_part(claim: Claim, part: Part, K: int, backend: str, pts: Points, seed: int,
               cache: dict[Any, LambdifiedPart] | None = None) -> Row:
    """Cross-check one part at K under one backend."""
    start = time.perf_counter()
    tol = TOLERANCES[backend]
    row = Row(claim.name, part.name, backend, K, "agree", tol.rtol, tol.atol)
    if backend in OPTIONAL and not OPTIONAL[backend]():
        row.status = "skipped"
        row.notes.append(f"{backend} is not installed ({INSTALL[backend]})")
        return row
    shift = uses_shift(part)
    pts, raised = raise_gaps(pts)
    if raised:
        row.notes.append(f"{raised} point(s) had logits more than {GAP:g} below their maximum, "
                         f"raised to max z − {GAP:g} (y changes by < 1e-150)")
    idx, notes = _input_filter(pts, shift and backend != "mpmath", backend == "fd")
    row.notes.extend(notes)
    if backend == "mpmath":
        idx = idx[np.unique(np.linspace(0, len(idx) - 1, min(MP_POINTS, len(idx))).astype(int))] \
            if len(idx) else idx
    tracker = _Tracker()
    if backend == "lambdify":
        entries = _lambdify(claim, part, K, pts, idx, shift, tol, tracker, cache, row, seed)
    else:
        entries = _per_entry(part, K, backend, pts, idx, shift, tol, tracker, seed, row,
                             claim.conditions)
    row.points = len(idx)
    row.max_abs, row.max_rel, row.max_excess = tracker.max_abs, tracker.max_rel, tracker.max_excess
    if tracker.where is not None:
        p, e = tracker.where
        ix = dict(zip(part.indices, entries[e], strict=True))
        row.worst = Worst(p, ix, *tracker.values, tuple(float(v) for v in pts.z[p]))
    if not entries:
        row.notes.append(f"vacuous at K = {K}: no index values satisfy the part's assumptions")
    elif len(idx) == 0:
        row.status = "skipped"
        row.notes.append("no point could be evaluated")
    elif tracker.max_excess > 1:
        row.status = "disagree"
    if any("non-finite input" in n for n in row.notes) and row.status == "agree":
        row.status = "incomplete"
    row.seconds = time.perf_counter() - start
    return row


def _stable_inputs(pts: Points, shift: bool) -> dict[str, np.ndarray]:
    """u, S, w, t and g = ∂L/∂y of the concrete loss, for the lambdified functions."""
    z = pts.z
    if shift:
        u = np.exp(z)
    else:
        u = np.exp(z - z.max(axis=1, keepdims=True))
    S = u.sum(axis=1)
    y = u / S[:, None]
    a, b, c = pts.loss
    g = a + b * y + c * np.cos((c * y).sum(axis=1))[:, None]
    return {"u": u, "S": S, "w": np.exp(pts.shift), "t": pts.t, "g": g}


def _lambdify(claim: Claim, part: Part, K: int, pts: Points, idx: np.ndarray, shift: bool,
              tol: Tolerance, tracker: _Tracker, cache: dict[Any, LambdifiedPart] | None,
              row: Row, seed: int = 0) -> Sequence[tuple[int, ...]]:
    key = (claim.name, part.name, K, claim.conditions)
    lp = cache.get(key) if cache is not None else None
    if lp is None:
        lp = LambdifiedPart(part, K, claim.conditions, seed, pts.count)
        if cache is not None:
            cache[key] = lp
    row.entries, row.entries_total = len(lp.entries), lp.total
    how = (f" from {lp.orbits} orbit representative{'s' if lp.orbits != 1 else ''}"
           if lp.orbits else "")
    row.notes.append(f"{lp.forms} lambdified forms{how} for {2 * lp.total} entries")
    if row.entries < row.entries_total:
        why = (f"the K^{len(part.indices)} grid × {pts.count} points is too large to evaluate "
               "whole" if lp.sampled else
               "forms with a sum over every class are evaluated entry by entry")
        row.notes.append(f"{row.entries} of {row.entries_total} entries (seeded sample): {why}")
    if not lp.entries:
        return lp.entries
    compared = lp.compared_flat  # ascending: the order of lp.entries
    for chunk in _chunks(idx, max(1, LAMBDIFY_CHUNK // lp.size)):
        inputs = _stable_inputs(pts.take(chunk), shift)
        a, b = lp.evaluate(inputs)
        if len(compared) < lp.size:  # e.g. the diagonal of an i ≠ j part: not compared
            a, b = a[:, compared], b[:, compared]
        tracker.update(a, b, tol, chunk)
    return lp.entries


def _model(backend: str, pts: Points, stable: bool) -> NumericModel:
    cls = {"complex-step": ComplexStepModel, "fd": FiniteDifferenceModel, "mpmath": MpmathModel,
           "torch": TorchModel, "jax": JaxModel}[backend]
    return cls(pts.z, pts.t, pts.loss, pts.shift, stable)


def _as_float(v: Any, n: int) -> np.ndarray:
    if hasattr(v, "detach"):  # torch
        v = v.detach().numpy()
    return np.broadcast_to(np.real(np.asarray(v, dtype=complex)), (n,)).astype(float)


def sums_over_k(part: Part) -> bool:
    """Whether a side sums over every class (so each entry costs O(K)); True when unknown."""
    model = Recorder()
    ix = {name: Marker(name) for name in part.indices}
    try:
        part.lhs(model, ix)
        part.rhs(model, ix)
    except Exception:  # not recordable: assume the expensive case
        return True
    return model.sums > 0


def entry_limit(part: Part, K: int, backend: str, points: int = 200) -> int:
    """Index assignments per part for a per-entry backend: fewer for many points, and fewer
    when each entry costs O(K) (a sum over every class)."""
    points = max(1, points)
    if backend == "mpmath":
        limit = MP_ENTRIES
    else:
        limit = min(MAX_ENTRIES, max(MIN_ENTRIES, ENTRY_BUDGET // points))
    if sums_over_k(part):
        budget, least = (MP_SUM_BUDGET, MP_SUM_MIN_ENTRIES) if backend == "mpmath" else (
            SUM_BUDGET, SUM_MIN_ENTRIES)
        limit = min(limit, max(least, budget // (K * points)))
    return limit


def _per_entry(part: Part, K: int, backend: str, pts: Points, idx: np.ndarray, shift: bool,
               tol: Tolerance, tracker: _Tracker, seed: int, row: Row,
               conditions: tuple[str, ...] = ()) -> list[tuple[int, ...]]:
    n_points = min(len(idx), MP_POINTS) if backend == "mpmath" else len(idx)
    entries, total = _entry_sample(part, K, seed, entry_limit(part, K, backend, n_points))
    row.entries, row.entries_total = len(entries), total
    if not entries:
        return entries
    if total > len(entries):
        row.notes.append(f"{len(entries)} of {total} entries (seeded sample)")
    per_point = PER_POINT_BYTES * (K + len(entries))  # (P, K) rows and (P, E) values
    if backend == "mpmath":
        _per_entry_mpmath(part, pts, idx, tol, tracker, entries, row, conditions)
        return entries
    for chunk in _chunks(idx, BUDGET_BYTES // per_point):
        sub = pts.take(chunk)
        n = len(chunk)
        A, B = np.empty((n, len(entries))), np.empty((n, len(entries)))
        noise = np.zeros((n, len(entries))) if backend == "fd" else None
        ctx = _context(backend)
        with ctx, np.errstate(all="ignore"):
            model = _model(backend, sub, not shift)
            if backend in BATCHED:
                if _batched(part, model, entries, n, A, B, noise, tol):
                    extra = None if noise is None else FD_NOISE_FACTOR * noise
                    tracker.update(A, B, tol, chunk, extra)
                    continue
                model.lean = False  # type: ignore[attr-defined]  # the model-per-j route
            for e, values in enumerate(entries):
                ix = dict(zip(part.indices, values, strict=True))
                for build, out in ((part.lhs, A), (part.rhs, B)):
                    if noise is not None:
                        model.noise = np.zeros(n)  # type: ignore[attr-defined]
                    out[:, e] = _as_float(build(model, ix), n)
                    if noise is not None:
                        noise[:, e] += model.noise  # type: ignore[attr-defined]
        extra = None if noise is None else FD_NOISE_FACTOR * noise
        tracker.update(A, B, tol, chunk, extra)
    return entries


BATCHED = ("complex-step", "fd")  # backends whose models take index arrays (`_Batched`)
GUARD_POINTS = 4  # points at which the batched values are re-evaluated entry by entry


def _batched(part: Part, model: NumericModel, entries: list[tuple[int, ...]], n: int,
             A: np.ndarray, B: np.ndarray, noise: np.ndarray | None, tol: Tolerance) -> bool:
    """Both sides for every entry in one call each, index arguments as arrays (values (P, E)).

    Guarded: the first and last entries (and a diagonal one) are also evaluated one at a time,
    at the first GUARD_POINTS points, by the model-per-j route, and must match to a tenth of
    the backend's tolerance; on any mismatch or error nothing is written and False is returned
    (the caller evaluates entry by entry).
    """
    arrays = {name: np.array([v[p] for v in entries]) for p, name in enumerate(part.indices)}
    E = len(entries)
    out = []
    try:
        for build in (part.lhs, part.rhs):
            if noise is not None:
                model.noise = np.zeros(n)  # type: ignore[attr-defined]
            value = np.broadcast_to(np.real(np.asarray(build(model, arrays), dtype=complex)),
                                    (E, n)).T
            out.append((value, None if noise is None else np.broadcast_to(
                model.noise, (E, n)).T))  # type: ignore[attr-defined]
    except (NotImplementedError, ValueError, TypeError, IndexError, AttributeError):
        return False
    q = min(n, GUARD_POINTS)  # the model-per-j route costs O(K²) per point: a few points
    reference = type(model)(model.z[:q], model.t_[:q], tuple(v[:q] for v in model.loss),
                            model.c[:q], model.stable)
    reference.lean = False  # type: ignore[attr-defined]
    diagonal = next((e for e, v in enumerate(entries) if len(set(v)) == 1), 0)
    for e in dict.fromkeys((0, E - 1, diagonal)):
        ix = dict(zip(part.indices, entries[e], strict=True))
        for build, (value, _) in zip((part.lhs, part.rhs), out, strict=True):
            if noise is not None:
                reference.noise = np.zeros(q)  # type: ignore[attr-defined]
            one = _as_float(build(reference, ix), q)
            if not np.allclose(value[:q, e], one, rtol=tol.rtol / 10, atol=tol.atol / 10,
                               equal_nan=True):
                return False
    A[:] = out[0][0]
    B[:] = out[1][0]
    if noise is not None:
        noise[:] = out[0][1] + out[1][1]
    return True


class _Null:
    def __enter__(self) -> None:
        return None

    def __exit__(self, *exc: object) -> None:
        return None


def _context(backend: str) -> Any:
    if backend == "torch":
        import torch.autograd.forward_ad as fwad

        return fwad.dual_level()
    return _Null()


def _mp_float(x: np.ndarray) -> np.ndarray:
    return np.array([float(v) for v in x.ravel()]).reshape(x.shape)


def _per_entry_mpmath(part: Part, pts: Points, idx: np.ndarray, tol: Tolerance,
                      tracker: _Tracker, entries: list[tuple[int, ...]], row: Row,
                      conditions: tuple[str, ...]) -> None:
    """50-digit evaluation; also measures the float64 (stable complex-step) error against it.

    Targets assumed to sum to 1 are renormalised at 50 digits (float64 sums are 1 ± 1e-16).
    Relative errors of float64 sides are taken where the exact value is not 0 (|v| > 1e-30);
    a side that is exactly 0 (J·1 = 0) has only an absolute error.
    """
    if len(idx) == 0:
        return
    sub = pts.take(idx)
    n = len(idx)
    t = sub.t
    if SUM_TARGETS_ONE in conditions:
        with mpmath.workdps(MP_DPS):
            t = to_mpf(t)
            t = t / t.sum(axis=1, keepdims=True)
    A = np.empty((n, len(entries)), dtype=object)
    B = np.empty((n, len(entries)), dtype=object)
    A64, B64 = np.empty((n, len(entries))), np.empty((n, len(entries)))
    with mpmath.workdps(MP_DPS), np.errstate(all="ignore"):
        model = MpmathModel(sub.z, t, sub.loss, sub.shift)
        f64 = ComplexStepModel(sub.z, sub.t, sub.loss, sub.shift, stable=True)
        for e, values in enumerate(entries):
            ix = dict(zip(part.indices, values, strict=True))
            A[:, e] = np.broadcast_to(mp_real(part.lhs(model, ix)), (n,))
            B[:, e] = np.broadcast_to(mp_real(part.rhs(model, ix)), (n,))
            A64[:, e] = _as_float(part.lhs(f64, ix), n)
            B64[:, e] = _as_float(part.rhs(f64, ix), n)
        diff = np.abs(A - B)
        scale = np.maximum(np.abs(A), np.abs(B))
        excess = _mp_float(diff / (tol.atol + tol.rtol * scale))
        rel = _mp_float(diff / np.maximum(scale, mpmath.mpf(REL_FLOOR)))
        ymp = model._y
        y64 = softmax_rows(sub.z, stable=True)
        y_rel = _mp_float(np.abs(y64 - ymp) / np.maximum(np.abs(ymp), mpmath.mpf(REL_FLOOR)))
        side_err = []
        for f64v, mpv in ((A64, A), (B64, B)):
            ok = np.isfinite(f64v)
            d = np.abs(f64v - mpv)
            nonzero = ok & (_mp_float(np.abs(mpv)) > 1e-30)
            side_err.append((_mp_float(d)[ok].max(initial=0.0),
                             _mp_float(d / np.maximum(np.abs(mpv), mpmath.mpf(REL_FLOOR)))[nonzero]
                             .max(initial=0.0)))
    excess = np.where(np.isnan(excess), np.inf, excess)
    k = int(np.argmax(excess))
    p, e = divmod(k, len(entries))
    tracker.max_excess = float(excess.flat[k])
    tracker.where = (int(idx[p]), e)
    tracker.values = (float(A.flat[k]), float(B.flat[k]))
    tracker.max_abs = float(_mp_float(diff).max())
    tracker.max_rel = float(rel.max())
    abs64 = max(s[0] for s in side_err)
    rel64 = max(s[1] for s in side_err)
    row.notes.append(
        f"float64 (stable, complex step) vs {MP_DPS}-digit mpmath: softmax y max rel err "
        f"{y_rel.max():.1e}; sides max abs err {abs64:.1e}, max rel err {rel64:.1e}"
    )


def crosscheck(claims: list[Claim], K: int, points: int, seed: int, scale: float,
               backends: tuple[str, ...] = BACKENDS, z: np.ndarray | None = None,
               jobs: int = 1) -> list[Row]:
    """Every part of every claim under every backend; claims with `only_k` use that K.

    Refused (UserError) before any work when `memory_estimate` exceeds MEMORY_LIMIT. With
    jobs > 1, groups of backends run in worker processes (`derive.crosscheck.parallel`): the
    same rows in the same order, as many workers as the memory limit allows."""
    need = check_memory(claims, K, z.shape[0] if z is not None else points)
    if jobs > 1:
        from derive.crosscheck.parallel import crosscheck_in_workers

        rows = crosscheck_in_workers(claims, K, points, seed, scale, tuple(backends), z, jobs,
                                     need, MEMORY_LIMIT)
        if rows is not None:
            return rows
    rows: list[Row] = []
    cache: dict[Any, LambdifiedPart] = {}
    sampled: dict[tuple[int, bool], Points] = {}  # the points depend on K and Σt = 1 only
    for claim in claims:
        k = claim.only_k or K
        if z is not None and z.shape[1] != k:
            for part in claim.parts:
                for backend in backends:
                    rows.append(Row(claim.name, part.name, backend, k, "skipped",
                                    TOLERANCES[backend].rtol, TOLERANCES[backend].atol,
                                    notes=[f"needs K = {k}; the given logits have "
                                           f"K = {z.shape[1]}"]))
            continue
        key = (k, SUM_TARGETS_ONE in claim.conditions)
        if key not in sampled:
            sampled[key] = _read_only(sample_points(k, points, seed + k, scale,
                                                    claim.conditions, z), z)
        pts = sampled[key]
        for part in claim.parts:
            for backend in backends:
                why = unsupported(claim, backend, scale)
                if why:
                    rows.append(Row(claim.name, part.name, backend, k, "skipped",
                                    TOLERANCES[backend].rtol, TOLERANCES[backend].atol,
                                    notes=[why]))
                    continue
                rows.append(check_part(claim, part, k, backend, pts, seed, cache))
    return rows


def _read_only(pts: Points, given: np.ndarray | None = None) -> Points:
    """The same points with their arrays made read-only (they are shared between claims);
    logits that may be the caller's own array (`given`) are left as they are."""
    for arr in (pts.t, *pts.loss, pts.shift) + ((pts.z,) if given is None else ()):
        arr.setflags(write=False)
    return pts


def unsupported(claim: Claim, backend: str, scale: float = 0.0) -> str:
    """Why a backend cannot check this claim honestly ('' when it can)."""
    if ELEMENTWISE in claim.tags and scale > 700 and backend != "mpmath":
        return ("e^{±z} of each logit overflows float64 for |z| > 709 and no shift by max z "
                "removes it; mpmath checks this claim at this scale")
    if INPUTS in claim.tags:
        return ("the claim has independent inputs (τ, ε) that the cross-check does not sample; "
                "`derive verify` decides it")
    if SECOND_DERIVATIVE in claim.tags and backend != "lambdify":
        return (f"{backend} nested in itself is not trusted for a second derivative (the complex "
                "step of a complex step is 0); `derive verify` witnesses it with dual numbers")
    return ""


def memory_estimate(K: int, points: int = 200, indices: int = 2) -> int:
    """Peak bytes of a cross-check at K: the loaded libraries, the sampled inputs, and the
    larger of the lambdify grid (LAMBDIFY_ARRAYS float arrays of K^indices entries per point of a
    chunk, index grid and masks) and the per-entry working set (BUDGET_BYTES + one batch of
    per-entry lambdify inputs)."""
    grid = min(K**indices, MAX_GRID, max(1, GRID_WORK // max(1, points)))  # else sampled
    per_chunk = max(1, min(points, LAMBDIFY_CHUNK // max(1, grid)))
    lambdify = grid * (LAMBDIFY_ARRAYS * 8 * per_chunk + 4 * indices + ORBIT_MASKS)
    inputs = points * K * INPUT_BYTES_PER_VALUE
    return BASE_BYTES + inputs + max(lambdify, BUDGET_BYTES + PERMUTED_BYTES)


def build_seconds_estimate(K: int) -> float:
    """Seconds lambdify spends building a part at K: one exact entry per orbit, O(K) each."""
    return K * SECONDS_PER_CLASS


def check_memory(claims: list[Claim], K: int, points: int) -> int:
    """Refuse (UserError) a cross-check whose estimated peak exceeds MEMORY_LIMIT, before work;
    else the estimate, in bytes."""
    n = max((len(p.indices) for c in claims for p in c.parts), default=0)
    need = memory_estimate(K, points, n)
    if need > MEMORY_LIMIT:
        raise UserError(f"K = {K} with {points} points needs about {need / 2**30:.1f} GiB "
                        f"(limit {MEMORY_LIMIT / 2**30:.0f} GiB): use fewer points or a smaller K")
    return need


def softmax_error_vs_mpmath(z: np.ndarray, dps: int = MP_DPS) -> float:
    """Max relative error of the stable float64 softmax against mpmath at `dps` digits.

    Relative error |y64 − y|/max(|y|, 1e-300): below 1e-300 float64 has no relative precision
    left (gradual underflow), so tinier exact values are measured against 1e-300. Non-finite
    rows are ignored.
    """
    z = z[np.isfinite(z).all(axis=1)]
    y64 = softmax_rows(z, stable=True)
    with mpmath.workdps(dps):
        zm = to_mpf(z)
        e = np.frompyfunc(mpmath.exp, 1, 1)(zm)
        y = e / e.sum(axis=1, keepdims=True)
        err = np.abs(y64 - y) / np.maximum(np.abs(y), mpmath.mpf(REL_FLOOR))
        return float(max(err.ravel(), default=0.0))

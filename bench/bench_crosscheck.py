"""Benchmarks of the numeric cross-check (prints the figures; not a test).

    python bench/bench_crosscheck.py [--quick]

1. Jacobians per second over a batch, K = 10, 100, 1000: hand-written NumPy closed form
   diag(y) − y yᵀ, the lambdified δ-form lhs (the engine's chain-rule derivative), a vectorised
   complex step, and torch.autograd.functional.jacobian when torch is installed.
2. Wall time of the cross-check of every claim at K = 100 with 10 000 points, per backend in
   one process, then all backends in one call as `derive crosscheck` runs them (worker
   processes, one per CPU) (building the functions included; target: all backends <= 20 s).
3. Lambdified throughput relative to the closed form at K = 100 (target: within 3×).
4. float64 error against 50-digit mpmath for logits with |z| <= 1e4 (target: <= 1e-12).
5. `derive crosscheck --k 1000` with the defaults in a fresh process: wall time and peak
   memory (targets: <= 60 s, <= 1 GB).
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable

import numpy as np

from derive.crosscheck.lambdified import LambdifiedPart
from derive.crosscheck.models import torch_available
from derive.crosscheck.run import crosscheck, sample_points, softmax_error_vs_mpmath
from derive.math.claims import CATALOGUE, get_claims
from derive.math.numeric import softmax_rows
from derive.parallel import available_cores

ELEMENTS = 2 * 10**7  # P·K² per timed batch (160 MB of float64 per Jacobian batch)


def batch(K: int) -> int:
    return max(4, min(10_000, ELEMENTS // (K * K)))


def rate(fn: Callable[[np.ndarray], object], z: np.ndarray, min_time: float = 0.5) -> float:
    """Jacobians per second: fn(z) computes len(z) of them; repeated for >= `min_time` s."""
    P = len(z)
    fn(z)
    n, start = 0, time.perf_counter()
    while True:
        fn(z)
        n += 1
        elapsed = time.perf_counter() - start
        if elapsed >= min_time:
            return n * P / elapsed


def closed_form(z: np.ndarray) -> np.ndarray:
    """J = diag(y) − y yᵀ per row, by hand."""
    y = softmax_rows(z, stable=True)
    J = -y[:, :, None] * y[:, None, :]
    k = np.arange(z.shape[1])
    J[:, k, k] += y
    return J


def complex_step(z: np.ndarray, h: float = 1e-20) -> np.ndarray:
    """J[:, i, j] = Im y_i(z + i h e_j)/h for all j at once (independent of any formula)."""
    K = z.shape[1]
    zz = z[:, None, :] + 1j * h * np.eye(K)[None]  # [p, j, k]
    m = z.max(axis=1)[:, None, None]
    e = np.exp(zz - m)
    y = e / e.sum(axis=2, keepdims=True)  # [p, j, i] = y_i(z + i h e_j)
    return np.swapaxes(y.imag / h, 1, 2)


def lambdified(K: int) -> tuple[Callable[[np.ndarray], np.ndarray], float]:
    """The δ-form lhs (∂y_i/∂z_j from the exact model) lambdified; returns (fn, build seconds)."""
    start = time.perf_counter()
    lp = LambdifiedPart(CATALOGUE["softmax-jacobian"].parts[0], K, points=1)  # the whole grid
    build = time.perf_counter() - start

    def fn(z: np.ndarray) -> np.ndarray:
        u = np.exp(z - z.max(axis=1, keepdims=True))
        zeros = np.zeros_like(u)
        inputs = {"u": u, "S": u.sum(axis=1), "w": np.ones(len(z)), "t": zeros, "g": zeros}
        return lp.evaluate_side("lhs", inputs).reshape(len(z), K, K)

    return fn, build


def torch_jacobian() -> Callable[[np.ndarray], np.ndarray] | None:
    if not torch_available():
        return None
    import torch

    def fn(z: np.ndarray) -> np.ndarray:
        t = torch.from_numpy(z)
        # rows are independent, so d(Σ_p softmax(z_p))/dz stacks the per-point Jacobians
        J = torch.autograd.functional.jacobian(lambda x: torch.softmax(x, -1).sum(0), t,
                                               vectorize=True)
        return J.permute(1, 0, 2).numpy()  # [p, i, j]

    return fn


def jacobian_rates(ks: tuple[int, ...]) -> dict[int, dict[str, float]]:
    print("1. Jacobians per second over a batch (float64, one process, 2 shared cores)")
    tj = torch_jacobian()
    out: dict[int, dict[str, float]] = {}
    for K in ks:
        P = batch(K)
        z = np.random.default_rng(0).normal(0, 3, size=(P, K))
        fn, build = lambdified(K)
        ref = closed_form(z)
        for name, f in (("lambdified", fn), ("complex step", complex_step)) + (
                (("torch.autograd.functional.jacobian", tj),) if tj else ()):
            err = np.abs(f(z) - ref).max()
            assert err < 1e-14, (name, K, err)
        rates = {"closed form": rate(closed_form, z), "lambdified": rate(fn, z),
                 "complex step": rate(complex_step, z)}
        if tj:
            rates["torch.autograd.functional.jacobian"] = rate(tj, z)
        out[K] = rates
        print(f"   K = {K:4d}, batch {P:5d} (lambdify build {build:.2f} s):")
        for name, r in rates.items():
            versus = "reference" if name == "closed form" else \
                f"{rates['closed form'] / r:5.2f}× the closed form's time"
            print(f"      {name:36s} {r:12.0f} /s   ({versus})")
        if not tj:
            print("      torch.autograd.functional.jacobian   skipped: torch is not installed "
                  "(pip install 'derive[torch]')")
    return out


def crosscheck_wall(points: int) -> float:
    print(f"2. cross-check of every claim, K = 100, {points} points, build included")
    claims = get_claims()
    total = 0.0
    for backend in ("lambdify", "complex-step", "fd", "mpmath") + (
            ("torch",) if torch_available() else ()):
        start = time.perf_counter()
        rows = crosscheck(claims, 100, points, 0, 5.0, (backend,))
        wall = time.perf_counter() - start
        total += wall
        entries = sum(r.entries for r in rows)
        pts = max(r.points for r in rows)
        ok = not any(r.failed for r in rows)  # skipped parts (τ, ε inputs; ∂²) are not failures
        print(f"   {backend:13s} {wall:6.2f} s  {pts} points × {entries} entries over "
              f"{len(rows)} parts; {'all agree' if ok else 'DISAGREE'}")
    print(f"   sum of the above, one process: {total:6.2f} s")
    jobs = available_cores()
    backends = ("lambdify", "complex-step", "fd", "mpmath") + (
        ("torch",) if torch_available() else ())
    start = time.perf_counter()
    rows = crosscheck(claims, 100, points, 0, 5.0, backends, jobs=jobs)
    wall = time.perf_counter() - start
    ok = not any(r.failed for r in rows)
    print(f"   all backends in one call, --jobs {jobs}: {wall:6.2f} s; "
          f"{'all agree' if ok else 'DISAGREE'} (target <= 20 s at 10 000 points)")
    return wall


PEAK_CODE = """
import atexit, sys
def peak():  # VmHWM: the peak of this process's own memory since exec, in KiB, plus each
    # worker's peak (the largest worker's RSS, shared pages included, times the workers): a bound
    import resource
    from derive.parallel import available_cores
    with open("/proc/self/status") as f:
        kib = next(int(line.split()[1]) for line in f if line.startswith("VmHWM:"))
    workers = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    print(f"peak-kib {kib + available_cores() * workers}", file=sys.stderr)
atexit.register(peak)
sys.argv = ["derive", "crosscheck", "--k", "1000"]
from derive.cli import main
main()
"""


def crosscheck_k1000() -> tuple[float, float]:
    """Wall seconds and peak resident GiB of `derive crosscheck --k 1000` in a fresh process.

    The peak is the child's own VmHWM (Linux) plus, for its worker processes, the largest
    worker's peak RSS times the number of workers (shared pages counted in each: an upper
    bound). RUSAGE_CHILDREN seen from here would also count this benchmark's own memory.
    """
    import resource
    import subprocess
    import sys

    start = time.perf_counter()
    proc = subprocess.run([sys.executable, "-c", PEAK_CODE], capture_output=True, text=True)
    wall = time.perf_counter() - start
    peaks = [int(line.split()[1]) for line in proc.stderr.splitlines()
             if line.startswith("peak-kib ")]
    if peaks:
        peak = peaks[-1] / 2**20  # KiB → GiB
    else:  # no /proc: the upper bound
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 2**20
    out = proc.stdout.strip()
    last = out.splitlines()[-1] if out else proc.stderr
    print(f"5. derive crosscheck --k 1000 (defaults): {wall:.1f} s, peak {peak:.2f} GiB, exit "
          f"{proc.returncode} ({last}); targets <= 60 s, <= 1 GB")
    return wall, peak


def mpmath_error() -> None:
    print("4. float64 vs 50-digit mpmath, logits with |z| <= 1e4 (target <= 1e-12)")
    for K in (10, 100):
        pts = sample_points(K, 40, 1, 1e4)
        err = softmax_error_vs_mpmath(pts.z)
        print(f"   K = {K:3d}, 40 points, max|z| = {np.abs(pts.z).max():.0f}: stable softmax "
              f"max rel err {err:.2e}")
    rows = crosscheck(get_claims(), 10, 8, 0, 1e4, ("mpmath",))
    for r in rows:
        if r.claim in ("softmax-jacobian", "cross-entropy-gradient", "log-softmax-gradient"):
            note = next(n for n in r.notes if n.startswith("float64"))
            print(f"   {r.claim} · {r.part}: {note}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true",
                        help="K = 10, 100 only; 2000 points; no K = 1000 run")
    args = parser.parse_args()
    ks = (10, 100) if args.quick else (10, 100, 1000)
    rates = jacobian_rates(ks)
    crosscheck_wall(2000 if args.quick else 10_000)
    r = rates[100]
    print(f"3. lambdified / closed form throughput at K = 100: "
          f"{r['lambdified'] / r['closed form']:.2f} (closed form is "
          f"{r['closed form'] / r['lambdified']:.2f}× faster; target within 3×)")
    mpmath_error()
    if not args.quick:
        crosscheck_k1000()


if __name__ == "__main__":
    main()

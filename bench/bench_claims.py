"""Every catalogue claim through `verify_claim` at K = 2..1000 (log-spaced): table, fitted growth.

Run: python bench/bench_claims.py [--ks 2,4,…,1000] [--claim NAME …] [--timeout 120]

Each claim runs in its own worker process (fresh imports, so one claim's caches do not help
another); a (claim, K) that takes longer than --timeout seconds is stopped and the claim's larger
K are skipped. The exponent is the least-squares slope of log t against log K over K >= 16 (small
K is dominated by constant cost). Exits 1 when a claim is not proven, exceeds its budget
(K = 256 <= 5 s, K = 1000 <= 10 s), times out, or grows faster than K² (exponent > 2).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import select
import subprocess
import sys
import time

KS = (2, 4, 8, 16, 32, 64, 128, 256, 512, 1000)
BUDGETS = {256: 5.0, 1000: 10.0}  # seconds per claim at these K
MAX_EXPONENT = 2.0
FIT_FROM = 16


def worker(name: str, ks: list[int]) -> None:
    """Print one JSON line per K: seconds and verdict of verify_claim(claim, K)."""
    from derive.math.claims import CATALOGUE
    from derive.verify.prove import verify_claim

    claim = CATALOGUE[name]
    for k in ks:
        start = time.perf_counter()
        result = verify_claim(claim, k)
        seconds = time.perf_counter() - start
        print(json.dumps({"k": k, "seconds": seconds, "verdict": result.verdict}), flush=True)


def run_claim(name: str, ks: list[int], timeout: float) -> dict[int, tuple[float | None, str]]:
    """{K: (seconds or None when stopped, verdict or 'timeout'/'skipped')} for one claim."""
    cmd = [sys.executable, __file__, "--worker", name, "--ks", ",".join(map(str, ks))]
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    env = {**os.environ, "PYTHONPATH": root + os.pathsep + os.environ.get("PYTHONPATH", "")}
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True, env=env, cwd=root)
    out: dict[int, tuple[float | None, str]] = {}
    assert proc.stdout is not None
    for k in ks:
        ready, _, _ = select.select([proc.stdout], [], [], timeout)
        line = proc.stdout.readline() if ready else ""
        if not line:
            proc.kill()
            proc.wait()
            out[k] = (None, "timeout" if not ready else f"crashed (exit {proc.returncode})")
            for rest in ks[ks.index(k) + 1:]:
                out[rest] = (None, "skipped")
            return out
        row = json.loads(line)
        out[row["k"]] = (row["seconds"], row["verdict"])
    proc.wait()
    return out


def exponent(times: dict[int, tuple[float | None, str]]) -> float | None:
    """Least-squares slope of log t vs log K over the measured K >= FIT_FROM."""
    pts = [(math.log(k), math.log(max(s, 1e-4))) for k, (s, _) in times.items()
           if s is not None and k >= FIT_FROM]
    if len(pts) < 2:
        return None
    mx = sum(x for x, _ in pts) / len(pts)
    my = sum(y for _, y in pts) / len(pts)
    sxx = sum((x - mx) ** 2 for x, _ in pts)
    return sum((x - mx) * (y - my) for x, y in pts) / sxx if sxx else None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ks", default=",".join(map(str, KS)))
    parser.add_argument("--claim", action="append", default=[])
    parser.add_argument("--timeout", type=float, default=120.0,
                        help="seconds after which one (claim, K) is stopped")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    args = parser.parse_args()
    ks = [int(k) for k in args.ks.split(",")]
    if args.worker:
        worker(args.worker, ks)
        return 0
    from derive.math.claims import CATALOGUE

    names = args.claim or list(CATALOGUE)
    width = max(len(n) for n in names)
    print(f"{'claim':{width}}  " + "".join(f"{k:>8}" for k in ks) + "  exponent")
    failures: list[str] = []
    total: dict[int, float] = {}
    for name in names:
        times = run_claim(name, ks, args.timeout)
        cells = []
        for k in ks:
            s, verdict = times[k]
            if s is None:
                mark = f">{args.timeout:g}" if verdict == "timeout" else "-"
                cells.append(f"{mark:>8}")
                if verdict != "skipped":
                    failures.append(f"{name} at K = {k}: {verdict}")
                continue
            total[k] = total.get(k, 0.0) + s
            cells.append(f"{s:8.2f}")
            if verdict != "proven":
                failures.append(f"{name} at K = {k}: {verdict}")
            if k in BUDGETS and s > BUDGETS[k]:
                failures.append(f"{name} at K = {k}: {s:.2f} s > {BUDGETS[k]:g} s")
        slope = exponent(times)
        if slope is not None and slope > MAX_EXPONENT:
            failures.append(f"{name}: time grows as K^{slope:.2f}, faster than K²")
        fit = "   n/a" if slope is None else f"{slope:6.2f}"
        print(f"{name:{width}}  " + "".join(cells) + f"  {fit}", flush=True)
    print(f"{'total':{width}}  " + "".join(
        f"{total[k]:8.2f}" if k in total else f"{'-':>8}" for k in ks))
    print(f"budgets: {', '.join(f'K = {k} <= {b:g} s' for k, b in BUDGETS.items())}; "
          f"exponent (fit over K >= {FIT_FROM}) <= {MAX_EXPONENT:g}")
    for f in failures:
        print(f"FAIL {f}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())

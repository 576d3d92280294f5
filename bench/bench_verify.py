"""Benchmark `derive verify`: prints the wall times the proof-engine issue sets targets for.

Run: python bench/bench_verify.py [--quick]   (--quick skips K = 1000)

Targets: `derive verify --all-k` <= 2 s and `derive verify --k 3` <= 2 s (process start
included); `derive verify --k 1000` for the whole catalogue <= 60 s; softmax-jacobian for
K = 256 <= 5 s and K = 1000 <= 10 s. Every claim at K = 2..1000 with budgets and the fitted
growth exponent: bench/bench_claims.py.
"""

from __future__ import annotations

import subprocess
import sys
import time


def wall(cmd: list[str]) -> float:
    start = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        sys.exit(f"{' '.join(cmd)} exited {proc.returncode}:\n{proc.stdout}{proc.stderr}")
    return elapsed


def jacobian_seconds(k: int) -> float:
    from derive.math.claims import CATALOGUE
    from derive.verify.prove import PROVEN, verify_claim

    start = time.perf_counter()
    result = verify_claim(CATALOGUE["softmax-jacobian"], k)
    elapsed = time.perf_counter() - start
    assert result.verdict == PROVEN, result
    return elapsed


def main() -> None:
    quick = "--quick" in sys.argv
    exe = [sys.executable, "-m", "derive"]  # this checkout's code, not an installed entry point
    for args, target in [
        (["verify", "--all-k"], "  (<= 2 s)"),
        (["verify", "--k", "3"], "  (<= 2 s)"),
        (["verify", "--all-k", "--k", "2..6"], ""),
    ] + ([] if quick else [(["verify", "--k", "1000"], "  (<= 60 s)")]):
        print(f"derive {' '.join(args):24} {wall([*exe, *args]):6.2f} s{target}")
    previous = None
    for k in (64, 128, 256) + (() if quick else (1000,)):
        s = jacobian_seconds(k)
        growth = f"  ×{s / previous[1]:.1f} for K ×{k / previous[0]:.1f}" if previous else ""
        target = {256: "  (<= 5 s)", 1000: "  (<= 10 s)"}.get(k, "")
        print(f"softmax-jacobian K = {k:<13} {s:6.2f} s{target}{growth}")
        previous = (k, s)


if __name__ == "__main__":
    main()

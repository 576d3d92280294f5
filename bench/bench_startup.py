"""Start-up time of the command line (target: `derive --help` and `--version` <= 0.3 s).

Run: ``python bench/bench_startup.py [--runs N] [--root DIR]`` (prints the median, min and max
wall time of each command over N runs, and whether SymPy, lark or NumPy were imported).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HEAVY = ("sympy", "lark", "numpy")
_PROBE = ("import sys, runpy; sys.argv = ['derive', {arg!r}]\n"
          "try:\n    runpy.run_module('derive', run_name='__main__')\n"
          "except SystemExit:\n    pass\n"
          "print(','.join(m for m in {heavy!r} if m in sys.modules), file=sys.stderr)")


def commands() -> dict[str, list[str]]:
    """name -> argv of each measured command (the entry point runs ROOT's code via PYTHONPATH)."""
    out = {}
    script = shutil.which("derive")
    if script:
        out["derive --help"] = [script, "--help"]
        out["derive --version"] = [script, "--version"]
    out["python -m derive --help"] = [sys.executable, "-m", "derive", "--help"]
    out["python -m derive --version"] = [sys.executable, "-m", "derive", "--version"]
    return out


def timed(argv: list[str], root: Path, runs: int) -> list[float]:
    """Wall times of `runs` runs of argv (after one warm-up run)."""
    env = {**os.environ, "PYTHONPATH": str(root)}
    subprocess.run(argv, capture_output=True, env=env, cwd=root)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(argv, capture_output=True, env=env, cwd=root)
        times.append(time.perf_counter() - start)
    return times


def heavy_imports(arg: str, root: Path) -> str:
    """Which of SymPy, lark, NumPy `derive ARG` imports ('' when none)."""
    proc = subprocess.run([sys.executable, "-c", _PROBE.format(arg=arg, heavy=HEAVY)],
                          capture_output=True, text=True, cwd=root,
                          env={**os.environ, "PYTHONPATH": str(root)})
    return proc.stderr.strip().splitlines()[-1] if proc.stderr.strip() else ""


def main() -> None:
    """Print the start-up figures."""
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=7, help="runs per command (median reported)")
    ap.add_argument("--root", type=Path, default=ROOT, help="checkout to measure")
    args = ap.parse_args()
    baseline = timed([sys.executable, "-c", "pass"], args.root, args.runs)
    print(f"{'python -c pass (interpreter alone)':34s} median {statistics.median(baseline):.3f} s")
    for name, argv in commands().items():
        ts = timed(argv, args.root, args.runs)
        print(f"{name:34s} median {statistics.median(ts):.3f} s  "
              f"(min {min(ts):.3f}, max {max(ts):.3f}, {args.runs} runs)")
    for arg in ("--help", "--version"):
        print(f"heavy modules imported by derive {arg}: {heavy_imports(arg, args.root) or 'none'}")


if __name__ == "__main__":
    main()

"""Wall times of `derive doc` (targets: one K = 3 Markdown document <= 2 s, --all without PDF
<= 5 s). Run from the repository root: python bench/bench_doc.py [--repeat N]."""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time


def wall(args: list[str], repeat: int) -> float:
    """Best wall time of `derive ARGS` over `repeat` runs (a fresh process each time)."""
    cmd = [sys.executable, "-m", "derive", *args]  # this checkout's code
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=3)
    repeat = parser.parse_args().repeat
    one = wall(["doc", "softmax-jacobian", "--k", "3", "--format", "md"], repeat)
    print(f"derive doc softmax-jacobian --k 3 --format md: {one:.2f} s (target <= 2 s)")
    with tempfile.TemporaryDirectory() as tmp:
        everything = wall(["doc", "--all", "--no-pdf", "-o", tmp], max(1, repeat // 2))
    print(f"derive doc --all (tex + md, no PDF): {everything:.2f} s (target <= 5 s)")


if __name__ == "__main__":
    main()

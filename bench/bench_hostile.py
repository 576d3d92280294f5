"""Wall time of ``derive check`` on the hostile inputs of issue 10 (target: each <= 10 s,
a 5 MB document <= 60 s), each run as ``python -m derive check`` with a wall-clock limit.

Run: ``python bench/bench_hostile.py [--limit SECONDS] [--only NAME]`` (prints, per input, its
size, seconds, exit code and the first line of the answer; "TIMEOUT" when the limit was hit).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SOFTMAX = "Softmax $y_i = \\frac{e^{z_i}}{\\sum_k e^{z_k}}$.\n\n"

_BLOCK = r"""
## Part {n}

When $i = j$:
$$
\frac{{\partial y_i}}{{\partial z_j}} = y_i (1 - y_i) + {n} y_i - {n} y_i
$$
Combining both cases,
\begin{{align}}
\frac{{\partial E}}{{\partial z_j}}
  &= -\sum_k t_k (\delta_{{kj}} - y_j) \\
  &= y_j - t_j + \frac{{{n}}}{{{m}}} t_j - \frac{{{n}}}{{{m}}} t_j
\end{{align}}
"""


def five_megabytes() -> str:
    """A correct derivation repeated (each block slightly different) up to about 5 MB."""
    parts = [SOFTMAX, "The loss is $E = -\\sum_k t_k \\ln y_k$.\n"]
    size, n = 0, 1
    while size < 4_900_000:
        block = _BLOCK.format(n=n, m=n + 1)
        parts.append(block)
        size += len(block)
        n += 1
    return "".join(parts)


def cases() -> dict[str, tuple[str, list[str]]]:
    """name -> (document, extra command-line arguments): the inputs listed in issue 10."""
    sums = "".join(f"\\sum_{c} " for c in "abcdefghlmnp")
    true_sums = sums + "\\frac{y_i}{K^{12}}"  # correct: nothing stops at a counterexample
    return {
        "power 10^{10^{10}}": (SOFTMAX + "$$y_i = y_i \\cdot 10^{10^{10}}$$\n", []),
        "e^{10^{10^{10}}}": (SOFTMAX + "$$y_i = y_i e^{10^{10^{10}}}$$\n", []),
        "2^{10^9}": (SOFTMAX + "$$y_i = y_i 2^{10^9}$$\n", []),
        "12 nested sums": (SOFTMAX + f"$$y_i = {true_sums}$$\n", []),
        "9 nested sums": (SOFTMAX + f"$$y_i = {sums[:9 * 8]} \\frac{{y_i}}{{K^9}}$$\n", []),
        "40000 x <!--": ("<!--" * 40_000 + "\n\n$$y_i = y_i$$\n", []),
        "When i=j + 5000 inline": (
            SOFTMAX + "When $i = j$, " + ", ".join(["$y_i = y_i$"] * 5000) + ".\n", []),
        "30000 trailing spaces": (SOFTMAX + "$$\\delta_{ij} = \\begin{cases} 1 & i = j \\text{"
                                  + " " * 30_000 + "x} \\\\ 0 & \\text{otherwise}\\end{cases}$$\n",
                                  []),
        "800 nested parentheses": (SOFTMAX + "$$y_i = " + "(" * 800 + "y_i" + ")" * 800 + "$$\n",
                                   []),
        "sum of 700 terms": (SOFTMAX + "$$y_i = " + " + ".join(["y_i"] * 700) + "$$\n", []),
        "--seed -3": (SOFTMAX + "$$y_i = y_i$$\n", ["--seed", "-3"]),
        "5 MB document": (five_megabytes(), []),
    }


ROOT = Path(__file__).resolve().parent.parent


def run(doc: str, extra: list[str], limit: float, root: Path = ROOT) -> tuple[float, str, str]:
    """(seconds, exit code or TIMEOUT, first line of output) of one `derive check` run."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "hostile.md"
        path.write_text(doc)
        start = time.perf_counter()
        try:
            proc = subprocess.run([sys.executable, "-m", "derive", "check", str(path), *extra],
                                  capture_output=True, text=True, timeout=limit,
                                  cwd=root, env={**os.environ, "PYTHONPATH": str(root)})
        except subprocess.TimeoutExpired:
            return time.perf_counter() - start, "TIMEOUT", ""
        seconds = time.perf_counter() - start
        lines = (proc.stdout + proc.stderr).strip().splitlines()
        trace = " [TRACEBACK]" if "Traceback" in proc.stderr else ""
        return seconds, str(proc.returncode) + trace, (lines[-1][:90] if lines else "")


def main() -> None:
    """Run every hostile input and print a table of times."""
    ap = argparse.ArgumentParser()
    ap.add_argument("--limit", type=float, default=70.0, help="wall-clock limit per input (s)")
    ap.add_argument("--only", help="run only the inputs whose name contains this")
    ap.add_argument("--root", type=Path, default=ROOT,
                    help="checkout whose derive to run (default: this one; for before/after)")
    args = ap.parse_args()
    for name, (doc, extra) in cases().items():
        if args.only and args.only not in name:
            continue
        seconds, code, line = run(doc, extra, args.limit, args.root)
        print(f"{name:26s} {len(doc):>9d} B  {seconds:7.2f} s  exit {code:8s} {line}",
              flush=True)


if __name__ == "__main__":
    main()

"""Wall time of ``derive check`` on a generated ~100-line derivation (target: <= 5 s; the
reading before any decision <= 1 s).

Run: ``python bench/bench_check.py`` (prints the line count, step count and seconds).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # this checkout's derive

from derive.check import check_document  # noqa: E402

_HEAD = r"""# Generated softmax derivation

The softmax is $y_i = \frac{e^{z_i}}{\sum_{k=1}^{K} e^{z_k}}$, the loss is
$E = -\sum_k t_k \ln y_k$ and the targets satisfy $\sum_k t_k = 1$.
"""

_BLOCK = r"""
## Part {n}

When $i = j$:
$$
\frac{{\partial y_i}}{{\partial z_j}}
  = \frac{{e^{{z_i}} \sum_k e^{{z_k}} - e^{{z_i}} e^{{z_j}}}}{{\left(\sum_k e^{{z_k}}\right)^2}}
  = y_i (1 - y_i) + {n} y_i - {n} y_i
$$
Combining both cases,
\begin{{align}}
\frac{{\partial E}}{{\partial z_j}}
  &= -\sum_k \frac{{t_k}}{{y_k}} \frac{{\partial y_k}}{{\partial z_j}} \\
  &= -\sum_k t_k (\delta_{{kj}} - y_j) \\
  &= y_j - t_j + \frac{{{n}}}{{{m}}} t_j - \frac{{{n}}}{{{m}}} t_j
\end{{align}}
"""


def make_document(target_lines: int = 100) -> str:
    """A correct derivation of about ``target_lines`` lines; every block differs slightly."""
    parts = [_HEAD]
    n = 1
    while sum(p.count("\n") for p in parts) < target_lines:
        parts.append(_BLOCK.format(n=n, m=n + 1))
        n += 1
    return "".join(parts)


def main() -> None:
    doc = make_document()
    from derive.check.parser import _parser

    t0 = time.perf_counter()
    _parser()
    print(f"parser construction: {time.perf_counter() - t0:.2f} s (cached after the first run)")
    from derive.check import sections
    from derive.check.definitions import learn
    from derive.check.extract import extract

    t0 = time.perf_counter()
    ex = extract(doc, "bench.md")
    for chains, _why in sections.parts(ex.chains, ex.headings):
        learn(chains, ex.prose)
    print(f"reading before any decision (extract, parse, definitions): "
          f"{time.perf_counter() - t0:.2f} s (target <= 1 s)")
    t0 = time.perf_counter()
    report = check_document(doc, "bench.md")
    dt = time.perf_counter() - t0
    c = report.counts()
    print(f"lines={doc.count(chr(10))} steps={c['steps']} ok={c['ok']} wrong={c['wrong']} "
          f"needs-condition={c['needs-condition']} unreadable={c['unreadable']}")
    print(f"wall time: {dt:.2f} s (target <= 5 s)")


if __name__ == "__main__":
    main()

"""Backends in worker processes: the same rows as one process, in the same order, sooner.

Each backend's rows depend only on (claims, K, points, seed, scale, z): the points are seeded and
no backend reads another's results. So the backends are split into `jobs` groups (longest first
by a measured relative cost), each group runs the ordinary one-process cross-check in a forked
worker (`derive.parallel.fork_map`), and the rows are put back in the one-process order (claim,
part, backend). Small runs, or runs whose memory allows one process only, stay in this process.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from derive.parallel import fork_map

if TYPE_CHECKING:
    import numpy as np

    from derive.crosscheck.run import Row
    from derive.math.claims import Claim

# relative seconds per backend at K = 100 × 10⁴ points (bench/bench_crosscheck.py); only the
# balance of the groups depends on them, never a row
COST = {"lambdify": 5.0, "complex-step": 6.5, "fd": 4.5, "mpmath": 7.5, "torch": 6.0, "jax": 6.0}
WORTH = 200_000  # points × K below which one process is faster than starting workers


def groups(backends: tuple[str, ...], jobs: int) -> list[tuple[str, ...]]:
    """At most `jobs` groups of backends, longest first into the lightest group."""
    bins: list[list[str]] = [[] for _ in range(max(1, min(jobs, len(backends))))]
    for name in sorted(backends, key=lambda b: -COST.get(b, 5.0)):
        min(bins, key=lambda g: sum(COST.get(b, 5.0) for b in g)).append(name)
    return [tuple(g) for g in bins if g]


def crosscheck_in_workers(claims: list[Claim], K: int, points: int, seed: int, scale: float,
                          backends: tuple[str, ...], z: np.ndarray | None, jobs: int,
                          per_process_bytes: int, limit_bytes: int) -> list[Row] | None:
    """The rows of `run.crosscheck` computed by up to `jobs` workers; None: run it here."""
    from derive.crosscheck.run import crosscheck

    jobs = min(jobs, max(1, limit_bytes // max(1, per_process_bytes)))
    if (z.shape[0] if z is not None else points) * K < WORTH:
        return None
    results = fork_map(lambda group: crosscheck(claims, K, points, seed, scale, group, z),
                       groups(backends, jobs), jobs)
    if results is None:
        return None
    claim_at = {c.name: n for n, c in enumerate(claims)}
    part_at = {(c.name, p.name): n for c in claims for n, p in enumerate(c.parts)}
    backend_at = {b: n for n, b in enumerate(backends)}
    rows = [r for group in results for r in group]
    rows.sort(key=lambda r: (claim_at[r.claim], part_at[r.claim, r.part], backend_at[r.backend]))
    return rows

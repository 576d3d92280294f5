"""Independent tasks in forked worker processes, results in task order.

Used where the work is a list of tasks that share nothing but their inputs (the backends of a
cross-check, the documents of `derive doc --all`): the results are the ones one process would
compute, in the same order. Workers are forked (POSIX), so the task function and its inputs,
lambdas and a user's own claims included, are inherited and never pickled; only the results
travel back. Where fork is not available, or there is one task or one job, `fork_map` returns
None and the caller runs the tasks itself.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")

_TASKS: tuple[Callable[[Any], Any], Sequence[Any]] | None = None  # read by the workers


def available_cores() -> int:
    """CPUs this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def resolve_jobs(jobs: int) -> int:
    """The number of workers a `--jobs` value asks for (0: one per available CPU)."""
    return available_cores() if jobs == 0 else jobs


def _run(n: int) -> Any:
    assert _TASKS is not None
    fn, items = _TASKS
    return fn(items[n])


def fork_map(fn: Callable[[T], R], items: Sequence[T], jobs: int) -> list[R] | None:
    """[fn(x) for x in items] computed by up to `jobs` forked workers; None: not worth it here.

    An exception in a task is raised here, as it would be in one process."""
    jobs = min(jobs, len(items))
    if jobs <= 1 or "fork" not in multiprocessing.get_all_start_methods():
        return None
    global _TASKS
    _TASKS = (fn, items)
    try:
        with ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context("fork")) as pool:
            return list(pool.map(_run, range(len(items))))
    finally:
        _TASKS = None

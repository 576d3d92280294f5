"""derive.parallel: forked workers give one process's results, in task order."""

from __future__ import annotations

import os

import pytest

from derive.parallel import available_cores, fork_map, resolve_jobs


def _square_and_pid(x: int) -> tuple[int, int]:
    return x * x, os.getpid()


def test_results_come_back_in_task_order_from_other_processes() -> None:
    got = fork_map(_square_and_pid, list(range(20)), 2)
    assert got is not None
    assert [v for v, _ in got] == [x * x for x in range(20)]
    assert os.getpid() not in {pid for _, pid in got}  # really computed elsewhere


def test_a_closure_is_inherited_not_pickled() -> None:
    offset = 7
    got = fork_map(lambda x: x + offset, [1, 2, 3], 2)  # a lambda cannot be pickled
    assert got == [8, 9, 10]


def test_one_job_or_one_task_runs_here() -> None:
    assert fork_map(_square_and_pid, [1, 2], 1) is None
    assert fork_map(_square_and_pid, [3], 4) is None


class _Boom(ValueError):
    pass


def _fail_on_three(x: int) -> int:
    if x == 3:
        raise _Boom(f"task {x} failed")
    return x


def test_a_task_error_is_raised_in_the_caller() -> None:
    with pytest.raises(_Boom, match="task 3 failed"):
        fork_map(_fail_on_three, [1, 2, 3, 4], 2)


def test_jobs_zero_means_every_available_cpu() -> None:
    assert resolve_jobs(0) == available_cores() >= 1
    assert resolve_jobs(3) == 3

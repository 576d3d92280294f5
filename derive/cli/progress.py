"""Terminal niceties: a progress bar on standard error, colour only where it is wanted."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from typing import TypeVar

import click

T = TypeVar("T")


def wants_colour(to_stderr: bool = False) -> bool:
    """Colour for a terminal only, and never with NO_COLOR set (https://no-color.org)."""
    if os.environ.get("NO_COLOR"):
        return False
    stream = sys.stderr if to_stderr else sys.stdout
    return stream.isatty()


def jobs_with_progress(jobs: list[Callable[[], T]], quiet: bool) -> Iterator[Callable[[], T]]:
    """The jobs in order, with a progress bar on standard error when it is a terminal."""
    if quiet or len(jobs) < 2 or not sys.stderr.isatty():
        yield from jobs
        return
    with click.progressbar(jobs, label="deciding", file=sys.stderr, show_pos=True,
                           show_eta=True) as bar:
        yield from bar

"""Click parameter types shared by every command: checked while the command line is parsed.

Each type turns bad input into one line (``Error: --seed -1: the seed must be 0 or more``) and
exit status 2 before any work is done.  Nothing here imports SymPy, NumPy or lark.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable

import click

from derive.errors import UserError
from derive.io import check_output

MAX_SEED = 2**63 - 1


class OptionError(click.BadParameter):
    """A bad option value whose message already names the option and the value."""

    def format_message(self) -> str:
        return self.message


def _opt(param: click.Parameter | None, fallback: str) -> str:
    if param is None:
        return fallback
    if isinstance(param, click.Option) and param.opts:
        return max(param.opts, key=len)
    return (param.name or fallback).upper()


class _Type(click.ParamType):
    """A ParamType whose failures are :class:`OptionError` lines ``OPTION VALUE: why``."""

    def bad(self, value: object, why: str, param: click.Parameter | None,
            ctx: click.Context | None) -> OptionError:
        return OptionError(f"{_opt(param, self.name)} {value}: {why}", ctx, param)


class IntIn(_Type):
    """A whole number lo <= n <= hi (hi may be computed on first use, e.g. MAX_K)."""

    name = "integer"

    def __init__(self, lo: int, hi: int | Callable[[], int] | None, what: str = "",
                 noun: str = "") -> None:
        self.lo, self._hi, self.what, self.noun = lo, hi, what, noun

    @property
    def hi(self) -> int | None:
        return self._hi() if callable(self._hi) else self._hi

    def convert(self, value, param, ctx):
        if isinstance(value, int) and not isinstance(value, bool):
            n = value
        elif isinstance(value, str) and re.fullmatch(r"\s*[+-]?\d+\s*", value):
            n = int(value)
        else:
            raise self.bad(value, f"{self.noun}must be a whole number{self.what}", param, ctx)
        hi = self.hi
        if n < self.lo or (hi is not None and n > hi):
            span = f"between {self.lo} and {hi}" if hi is not None else f"at least {self.lo}"
            raise self.bad(value, f"{self.noun}must be {span}{self.what}", param, ctx)
        return n


class Seed(IntIn):
    """A seed: a whole number 0 <= seed < 2^63 (NumPy refuses negative seeds)."""

    name = "seed"

    def __init__(self) -> None:
        super().__init__(0, MAX_SEED)

    def convert(self, value, param, ctx):
        try:
            return super().convert(value, param, ctx)
        except OptionError:
            raise self.bad(value, "the seed must be a whole number from 0 to 2^63 - 1",
                           param, ctx) from None


class KRange(_Type):
    """``3`` or ``2..8`` (inclusive) -> the tuple of K values, each 1 <= K <= max_k."""

    name = "K|A..B"
    _RANGE = re.compile(r"\s*(-?\d+)\s*\.\.\s*(-?\d+)\s*\Z")

    def __init__(self, max_k: int | Callable[[], int], why_max: str = "") -> None:
        self._max_k, self.why_max = max_k, why_max

    def convert(self, value, param, ctx):
        if isinstance(value, tuple):
            return value
        raw = str(value)
        m = self._RANGE.match(raw)
        if m:
            lo, hi = int(m.group(1)), int(m.group(2))
            if lo > hi:
                raise self.bad(raw, "empty range (the first value exceeds the last)", param, ctx)
            bounds = [lo, hi]
        elif re.fullmatch(r"\s*[+-]?\d+\s*", raw):
            lo = hi = int(raw)
            bounds = [lo]
        else:
            raise self.bad(repr(raw), "K must be a whole number like 3 or a range like 2..8",
                           param, ctx)
        max_k = self._max_k() if callable(self._max_k) else self._max_k
        for b in bounds:
            if b < 1:
                raise self.bad(raw, "K must be at least 1 (softmax needs a class)", param, ctx)
            if b > max_k:
                raise self.bad(raw, f"K above {max_k} is refused{self.why_max}", param, ctx)
        return tuple(range(lo, hi + 1))


class Finite(_Type):
    """A finite float lo < x <= hi."""

    name = "number"

    def __init__(self, lo: float, hi: float, what: str) -> None:
        self.lo, self.hi, self.what = lo, hi, what

    def convert(self, value, param, ctx):
        try:
            x = float(value)
        except (TypeError, ValueError):
            raise self.bad(value, f"must be a number ({self.what})", param, ctx) from None
        if not math.isfinite(x) or not self.lo < x <= self.hi:
            raise self.bad(value, self.what, param, ctx)
        return x


class OutputFile(_Type):
    """A path to write a result to, or ``-`` for standard output (checked before any work)."""

    name = "FILE|-"

    def convert(self, value, param, ctx):
        path = str(value)
        if not path:
            raise self.bad(repr(path), "empty path", param, ctx)
        try:
            check_output(path)
        except UserError as err:
            raise OptionError(f"{_opt(param, 'FILE')}: {err}", ctx, param) from None
        return path


class Letter(_Type):
    """A symbol name for a role: one letter or a Greek letter name (``sigma``, ``\\sigma``)."""

    name = "LETTER"

    def __init__(self, role: str) -> None:
        self.role = role

    def convert(self, value, param, ctx):
        from derive.math.notation import NotationError, check_symbol_name

        try:
            return check_symbol_name(self.role, str(value))
        except NotationError as err:
            raise OptionError(str(err), ctx, param) from None


def refuse(message: str) -> click.UsageError:
    """A one-line usage error (exit 2) for a combination of options, raised before any work."""
    return OptionError(message)

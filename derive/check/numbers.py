"""Steps between numbers only (``e^1 + e^2 \\approx 2.718 + 7.389``, ``7.389/30.193 = 0.245``):
their decimals are rounded, so they are decided to the precision written, not exactly.

Each decimal literal with d digits after the point stands for an interval of half a unit of
its d-th digit; a side's value may then be off by the sum, over its decimals, of that half unit
times how fast the side changes with the literal (a finite difference).  The two sides agree
when they differ by no more than both sides' allowances; they disagree when they differ by
more than ten times that (and the decimals cannot explain it); in between nothing is said.
"""

from __future__ import annotations

import math
import re
from fractions import Fraction

from derive.check import ast as A

_DECIMAL = re.compile(r"(?<![\w.])\d+\.(\d+)")
MAX_DECIMALS = 64  # each decimal costs one evaluation of its side


def value(node: A.Node) -> float | None:
    """The node's value when it holds numbers only (no names, sums or derivatives), else None."""
    try:
        return _number_of(node)
    except (_Names, OverflowError, ValueError, ZeroDivisionError, RecursionError):
        return None


class _Names(Exception):
    """The node holds a name: it is not a number."""


def _number_of(n: A.Node) -> float:  # noqa: C901
    if isinstance(n, A.Num):
        return float(n.value)
    if isinstance(n, A.EulerE):
        return math.e
    if isinstance(n, A.Neg):
        return -_number_of(n.arg)
    if isinstance(n, A.Add):
        return math.fsum(_number_of(t) for t in n.terms)
    if isinstance(n, A.Mul):
        out = 1.0
        for f in n.factors:
            out *= _number_of(f)
        return out
    if isinstance(n, A.Div):
        return _number_of(n.num) / _number_of(n.den)
    if isinstance(n, A.Pow):
        return _number_of(n.base) ** _number_of(n.exp)
    if isinstance(n, A.Fn):
        x = _number_of(n.arg)
        return math.exp(x) if n.name == "exp" else math.log(x)
    raise _Names


def _substitute(n: A.Node, old: A.Num, new: A.Num) -> A.Node:
    from derive.check.substitute import replace_children
    if n == old:
        return new
    kids = A.children(n)
    return replace_children(n, [_substitute(c, old, new) for c in kids]) if kids else n


def allowance(node: A.Node, text: str) -> float:
    """How far the side's value may be from the exact one because its decimals are rounded."""
    digits: dict[Fraction, int] = {}
    for m in _DECIMAL.finditer(text):
        v = Fraction(m.group(0))
        digits[v] = max(digits.get(v, 0), len(m.group(1)))
    base = _number_of(node)
    total = 0.0
    for v, d in digits.items():
        old = A.Num(v)
        if not any(x == old for x in A.walk(node)):
            continue
        half = 0.5 * 10.0 ** -d
        bumped = _number_of(_substitute(node, old, A.Num(v + Fraction(1, 10 ** (d + 3)))))
        total += abs(bumped - base) / 10.0 ** -(d + 3) * half
    return total


def compare(lhs: A.Node, lhs_text: str, rhs: A.Node, rhs_text: str
            ) -> tuple[str, float, float, float] | None:
    """(verdict, left, right, allowance) for a step between numbers with decimals written:
    ``ok`` within the rounding, ``wrong`` beyond ten times it, ``unreadable`` in between;
    None when a side is not a number or no decimal is written (decided exactly elsewhere)."""
    left, right = value(lhs), value(rhs)
    if left is None or right is None or not _DECIMAL.search(lhs_text + " " + rhs_text):
        return None
    if len(_DECIMAL.findall(lhs_text + " " + rhs_text)) > MAX_DECIMALS:
        return "unreadable", left, right, math.nan  # too many to weigh (bounded time)
    diff = abs(left - right)
    scale = 1e-12 * max(1.0, abs(left), abs(right))
    literals = [_digits(t) for n, t in ((lhs, lhs_text), (rhs, rhs_text)) if _literal(n)]
    if len(literals) == 2:
        # 0.245 = 0.24: the more precise one rounded to the other's digits (0.5 = 0.6 is not)
        tol = 0.5 * 10.0 ** -min(literals)
        return ("ok" if diff <= tol * 1.0001 + scale else "wrong"), left, right, tol
    try:
        # a literal side is the other's value rounded (exact half units); a computed side's
        # allowance is a linear estimate, so it gets room before "wrong"
        sides = [(allowance(n, t), _literal(n)) for n, t in ((lhs, lhs_text), (rhs, rhs_text))]
    except (OverflowError, ValueError, ZeroDivisionError, RecursionError):
        return None
    exact = sum(a for a, lit in sides if lit) * 1.0001 + scale
    linear = sum(a for a, lit in sides if not lit)
    tol = exact + linear
    if diff <= exact + 1.05 * linear:
        return "ok", left, right, tol
    if diff > exact + 10 * linear:
        return "wrong", left, right, tol
    return "unreadable", left, right, tol


def _literal(n: A.Node) -> bool:
    return isinstance(n, A.Num) or isinstance(n, A.Neg) and isinstance(n.arg, A.Num)


def _digits(text: str) -> int:
    m = _DECIMAL.search(text)
    return len(m.group(1)) if m else 0

"""Mutation operators: the slips students make, as data (an ordered table of small functions).

Each operator takes one line of a derivation (an unevaluated SymPy expression) and the free
indices of its step, and returns the line with the slip planted, or None when the slip does not
apply to that line. `dropped condition` changes no expression: it removes the condition a step
relies on (Σ_k t_k = 1, or i ≠ j for a case). Exercises plant these; tests of `derive check`
can reuse them to produce wrong steps.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import sympy as sp


def rebuild(node: sp.Basic, args: list[Any]) -> sp.Basic:
    """node with new args, never evaluated (the printed form must stay as written)."""
    if isinstance(node, sp.Add | sp.Mul):
        return node.func(*args, evaluate=False)
    if isinstance(node, sp.Pow):
        return sp.Pow(*args, evaluate=False)
    if isinstance(node, sp.Derivative):
        return sp.Derivative(args[0], *args[1:], evaluate=False)
    if isinstance(node, sp.exp | sp.log):
        return node.func(*args, evaluate=False)
    return node.func(*args)


def replace_first(expr: Any, pred: Callable[[sp.Basic], bool],
                  fn: Callable[[sp.Basic], sp.Basic | None]) -> sp.Basic | None:
    """expr with the first node (preorder) satisfying pred replaced by fn(node); None if none."""
    if not isinstance(expr, sp.Basic):
        return None
    if pred(expr):
        out = fn(expr)
        if out is not None:
            return out
    for n, arg in enumerate(expr.args):
        new = replace_first(arg, pred, fn)
        if new is not None:
            args = list(expr.args)
            args[n] = new
            return rebuild(expr, args)
    return None


def _negate(x: sp.Basic) -> sp.Basic:
    """−x, unevaluated; −(−x) is x."""
    if isinstance(x, sp.Mul) and x.args and x.args[0] == -1:
        rest = x.args[1:]
        return rest[0] if len(rest) == 1 else sp.Mul(*rest, evaluate=False)
    return sp.Mul(-1, x, evaluate=False)


def sign_flip(line: Any, indices: list[sp.Symbol]) -> Any:  # noqa: ARG001
    """a + b → a − b (the last term's sign), or x → −x for a line that is not a sum."""
    if isinstance(line, sp.MatrixBase):
        return None
    if isinstance(line, sp.Add) and len(line.args) >= 2:
        *head, last = line.args
        return sp.Add(*head, _negate(last), evaluate=False)
    return _negate(line)


def _real_factors(m: sp.Mul) -> list[int]:
    return [n for n, a in enumerate(m.args)
            if not a.is_Number and not (isinstance(a, sp.Pow) and a.exp.is_negative)]


def dropped_factor(line: Any, indices: list[sp.Symbol]) -> Any:  # noqa: ARG001
    """a·b → b: the first factor of the first product with two or more factors is lost."""
    if isinstance(line, sp.MatrixBase):
        return None

    def drop(m: sp.Basic) -> sp.Basic | None:
        keep = _real_factors(m)  # type: ignore[arg-type]
        if len(keep) < 2:
            return None
        args = [a for n, a in enumerate(m.args) if n != keep[0]]
        return args[0] if len(args) == 1 else sp.Mul(*args, evaluate=False)

    return replace_first(line, lambda x: isinstance(x, sp.Mul), drop)


def wrong_index(line: Any, indices: list[sp.Symbol]) -> Any:
    """y_i → y_j: the first indexed quantity with a free index gets another free index."""
    if isinstance(line, sp.MatrixBase) or len(indices) < 2:
        return None

    def swap(x: sp.Basic) -> sp.Basic | None:
        (ix,) = x.indices  # type: ignore[attr-defined]
        other = next(s for s in indices if s != ix)
        return x.base[other]  # type: ignore[attr-defined]

    return replace_first(line, lambda x: isinstance(x, sp.Indexed) and len(x.indices) == 1
                         and x.indices[0] in indices, swap)


def doubled_denominator(line: Any, indices: list[sp.Symbol]) -> Any:  # noqa: ARG001
    """a / b → a / b²: the first denominator is written twice (b^{−n} → b^{−(n+1)})."""
    if isinstance(line, sp.MatrixBase):
        return None
    return replace_first(
        line, lambda x: isinstance(x, sp.Pow) and x.exp.is_Integer and x.exp < 0,
        lambda p: sp.Pow(p.base, p.exp - 1, evaluate=False))  # type: ignore[attr-defined]


def dropped_condition(line: Any, indices: list[sp.Symbol]) -> Any:  # noqa: ARG001
    """The line stays; the condition its step relies on (Σ t = 1, i ≠ j) is left out."""
    return line


@dataclass(frozen=True)
class Mutation:
    """A student slip: its name, how an answer key describes it, and the operator."""

    name: str
    describes: str
    apply: Callable[[Any, list[sp.Symbol]], Any]
    drops_condition: bool = False


MUTATIONS: tuple[Mutation, ...] = (
    Mutation("sign flip", "a sign is flipped", sign_flip),
    Mutation("dropped factor", "a factor is dropped", dropped_factor),
    Mutation("wrong index", "an index is replaced by another", wrong_index),
    Mutation("doubled denominator", "the denominator is written twice (squared)",
             doubled_denominator),
    Mutation("dropped condition", "the condition the step needs is left out", dropped_condition,
             drops_condition=True),
)
BY_NAME = {m.name: m for m in MUTATIONS}

"""Summands that depend on their index alone: Σ_{k=1}^{K} f(k) is then the same in every call.

`index_only(f)` is a key (f's code object) when f is a plain function with no closure, no
defaults and no names (no globals, builtins or attributes, in its code or any code nested in
it): its value at k is computed from k and constants only, so every call of a model's `sum`
with an equal key returns the same value (ε/K in label smoothing is ε / Σ_k 1, met once per
term of the outer sum). A model caches such sums per instance (the value depends on K and the
model's arithmetic) and only when the value is immutable (a number or an algebra expression).
"""

from __future__ import annotations

import numbers
import types
from collections.abc import Callable
from typing import Any


def _nameless(code: types.CodeType) -> bool:
    """No global, builtin or attribute names in `code` or in any code object nested in it."""
    if code.co_names or code.co_freevars:
        return False
    return all(_nameless(c) for c in code.co_consts if isinstance(c, types.CodeType))


_SEEN: dict[int, tuple[types.CodeType, bool]] = {}  # id(code) -> (code kept alive, nameless)


def index_only(fn: Callable[[Any], Any]) -> types.CodeType | None:
    """fn's code when fn(k) is a function of k and constants alone; None otherwise."""
    if type(fn) is not types.FunctionType:
        return None
    if fn.__closure__ is not None or fn.__defaults__ is not None or fn.__kwdefaults__:
        return None
    code = fn.__code__
    seen = _SEEN.get(id(code))
    if seen is None or seen[0] is not code:
        seen = _SEEN[id(code)] = (code, _nameless(code))
    return code if seen[1] else None


def immutable(value: Any) -> bool:
    """value can be shared between callers: a number, or a sympy / symengine expression."""
    if isinstance(value, numbers.Number | str):
        return True
    module = type(value).__module__ or ""
    return module.startswith(("sympy.", "symengine."))


class SumCache:
    """Σ_k f(k) per index-only summand f, for one model instance."""

    __slots__ = ("values",)

    def __init__(self) -> None:
        self.values: dict[types.CodeType, Any] = {}

    def sum(self, fn: Callable[[Any], Any], compute: Callable[[Callable[[Any], Any]], Any]) -> Any:
        """compute(fn), remembered when fn is index-only and the value is immutable."""
        key = index_only(fn)
        if key is None:
            return compute(fn)
        if key not in self.values:
            value = compute(fn)
            if not immutable(value):
                return value
            self.values[key] = value
        return self.values[key]

"""Exact proof for one concrete K: lhs − rhs ≡ 0 for every admissible assignment of the indices.

Each entry is decided by `ConcreteModel.is_zero` in symengine (e^{z_k} and S = Σ_k e^{z_k} as
symbols); a seeded sample of entries is re-proven with SymPy as an independent check of
symengine. A literal index outside 1..K raises `IndexOutOfRange` (an error of the claim).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from derive.math import indices
from derive.math.model import ConcreteModel
from derive.math.notation import Notation

Builder = Callable[[Any, dict[str, Any]], Any]
SYMPY_RECHECK = 40  # entries per part re-proven by sympy when symengine did the exact proof


@dataclass(frozen=True)
class ConcreteProof:
    """The outcome for one K: the method (None when not proven), the first failing entry."""

    method: str | None
    failed: dict[str, int] | None
    entries: int
    disagreement: bool = False  # symengine proved it and SymPy did not


def prove_concrete(lhs: Builder, rhs: Builder, names: tuple[str, ...], K: int,
                   conditions: tuple[str, ...], notation: Notation, seed: int,
                   distinct: indices.Pairs = (), equal: indices.Pairs = ()) -> ConcreteProof:
    """Exact proof of every entry with symengine, a seeded sample re-proven with sympy."""
    fast = ConcreteModel(K, notation, "symengine", conditions)
    methods: set[str] = set()
    n = 0
    for ix in indices.assignments(names, K, distinct, equal):
        n += 1
        method = fast.is_zero(lhs(fast, ix) - rhs(fast, ix))
        if method is None:
            return ConcreteProof(None, ix, n)
        methods.add(method)
    if n == 0:
        return ConcreteProof("vacuous: no index values satisfy the part's assumptions", None, 0)
    slow = ConcreteModel(K, notation, "sympy", conditions)
    picked = indices.sample(names, K, np.random.default_rng(seed), SYMPY_RECHECK, distinct, equal)
    for ix in picked:
        if slow.is_zero(lhs(slow, ix) - rhs(slow, ix)) is None:
            return ConcreteProof(f"symengine and sympy disagree at {ix}", ix, n, True)
    return ConcreteProof(
        f"{' / '.join(sorted(methods))}, all {n} entries; {len(picked)} re-proven with sympy",
        None, n)

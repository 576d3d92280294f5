"""Conditions a claim may assume, as objects: their text, LaTeX, and how to sample targets."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

SUM_TARGETS_ONE = "sum-targets-one"


def _positive(rng: np.random.Generator, points: int, K: int) -> np.ndarray:
    """t_k ~ U(0.1, 1): positive targets that do not sum to 1 (the general case)."""
    return rng.uniform(0.1, 1.0, size=(points, K))


def _simplex(rng: np.random.Generator, points: int, K: int) -> np.ndarray:
    """t ~ Dirichlet(1): positive targets with Σ_k t_k = 1."""
    return rng.dirichlet(np.ones(K), size=points)


def _onto_simplex(t: np.ndarray) -> np.ndarray:
    """t / Σ_k t_k in the arithmetic of t: float targets summing to 1 ± 1e-16 sum to 1 exactly
    at 50 digits only after this."""
    return t / t.sum(axis=1, keepdims=True)


def _unchanged(t: np.ndarray) -> np.ndarray:
    return t


@dataclass(frozen=True)
class Condition:
    """A named assumption on the targets: text, LaTeX, a sampler that satisfies it, and how
    sampled targets are made to satisfy it exactly in higher precision."""

    name: str
    text: str
    latex: str
    sample_targets: Callable[[np.random.Generator, int, int], np.ndarray]
    exact_targets: Callable[[np.ndarray], np.ndarray] = _unchanged


CONDITION_TABLE: dict[str, Condition] = {
    c.name: c
    for c in [
        Condition(SUM_TARGETS_ONE, "Σ_k t_k = 1", r"\sum_k t_k = 1", _simplex, _onto_simplex),
    ]
}
CONDITIONS: dict[str, str] = {name: c.text for name, c in CONDITION_TABLE.items()}
CONDITIONS_LATEX: dict[str, str] = {name: c.latex for name, c in CONDITION_TABLE.items()}


def targets_sampler(conditions: tuple[str, ...]) -> Callable[[np.random.Generator, int, int],
                                                             np.ndarray]:
    """The sampler of the strongest stated condition on t, or positive targets when none."""
    for name in conditions:
        if name in CONDITION_TABLE:
            return CONDITION_TABLE[name].sample_targets
    return _positive


def exact_targets(conditions: tuple[str, ...], t: np.ndarray) -> np.ndarray:
    """Targets from `targets_sampler(conditions)` made to satisfy the condition exactly in
    their own (e.g. 50-digit) arithmetic."""
    for name in conditions:
        if name in CONDITION_TABLE:
            return CONDITION_TABLE[name].exact_targets(t)
    return t

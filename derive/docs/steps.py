"""The step model: immutable verified steps, chains of them, sections and whole derivations.

Building (`ChainBuilder.step`) verifies each step as it is made; a step that fails raises
`StepError` and so never reaches a document. Printing is elsewhere (derive.docs.render).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import sympy as sp

from derive.math.notation import Notation

from .symbols import Ctx
from .verify import Verification, VerificationError, verify_step

# Rule names (keys) and how a document says them in words.
RULES: dict[str, str] = {
    "definition of softmax": "definition of softmax",
    "definition of cross-entropy": "definition of cross-entropy",
    "definition of the loss": "definition of the loss",
    "quotient rule": "quotient rule",
    "derivative of exp": "derivative of exp",
    "derivative of a sum": "derivative of a sum",
    "substitute y": "definition of softmax, backwards",
    "factor out y_i": "factor out the output",
    "cancel": "cancel common factors",
    "kronecker delta": "both cases with the Kronecker delta",
    "kronecker delta collapses the sum": "Kronecker delta collapses the sum",
    "matrix form": "matrix form, entry by entry",
    "multivariate chain rule": "multivariate chain rule",
    "softmax jacobian": "softmax Jacobian (derived above)",
    "linearity of the sum": "split the sum (linearity)",
    "sum of targets is one": "the targets sum to one",
    "log of a quotient": "log of a quotient",
    "log of exp": "log and exp are inverse",
    "derivative of log-sum-exp": "derivative of log-sum-exp",
    "derivative of log": "derivative of log",
    "derivative of the loss": "derivative of the loss",
    "divide by the numerator": "divide through by the numerator",
    "exp of a difference": "exponent of a difference",
    "definition of sigmoid": "definition of the logistic sigmoid",
    "explicit matrix": "explicit matrix, entry by entry",
    "write out the sum": "write out the sum",
    "algebra": "rearrange",
    "loss as rewritten above": "the loss as rewritten above",
    "backprop formula": "backprop formula (above)",
    "two-class softmax above": "two-class softmax (above)",
    "symmetry of sigmoid": "symmetry of the sigmoid",
}


class StepError(ValueError):
    """A step that could not be verified: the document must not be built."""


@dataclass(frozen=True)
class Step:
    """before = after by `rule`, using `conditions`, with the verification that shows it."""

    before: Any
    after: Any
    rule: str
    conditions: tuple[str, ...]
    verification: Verification

    def __post_init__(self) -> None:
        if self.rule not in RULES:
            raise StepError(f"unknown rule {self.rule!r}")
        if not isinstance(self.verification, Verification) or not self.verification.ok:
            raise StepError(f"step by {self.rule!r} is not verified")


@dataclass(frozen=True)
class Chain:
    """start = s1.after = s2.after = … : an equation chain of verified steps."""

    start: Any
    steps: tuple[Step, ...]
    distinct: tuple[tuple[str, str], ...] = ()  # index pairs the chain assumes unequal

    @property
    def result(self) -> Any:
        return self.steps[-1].after if self.steps else self.start


@dataclass(frozen=True)
class Section:
    """A heading, prose before the chains (plain text with $…$ math), chains, prose after."""

    title: str
    intro: tuple[str, ...]
    chains: tuple[Chain, ...]
    outro: tuple[str, ...] = ()


@dataclass(frozen=True)
class Derivation:
    """A whole document's content: definitions, conditions, sections (K None: every K)."""

    name: str
    title: str
    k: int | None
    notation: Notation
    definitions: tuple[str, ...]
    conditions: tuple[str, ...]
    sections: tuple[Section, ...]
    ctx: Ctx = field(compare=False, repr=False)
    proves: str = ""  # the catalogue claim (and part) that the last line is decided equal to

    @property
    def steps(self) -> tuple[Step, ...]:
        return tuple(s for sec in self.sections for c in sec.chains for s in c.steps)


class ChainBuilder:
    """Build a chain step by step; each `step` is verified before it is appended."""

    def __init__(self, ctx: Ctx, start: Any, distinct: tuple[tuple[sp.Symbol, sp.Symbol], ...] = (),
                 label: str = "") -> None:
        self.ctx = ctx
        self.start = start
        self.current = start
        self.distinct = distinct
        self.label = label
        self.steps: list[Step] = []

    def step(self, after: Any, rule: str, conditions: tuple[str, ...] = ()) -> ChainBuilder:
        """Append current = after by rule; raise StepError unless verified."""
        if rule not in RULES:
            raise StepError(f"unknown rule {rule!r}")
        seed = len(self.steps) + 17 * len(self.label)
        try:
            v = verify_step(self.ctx, self.current, after, conditions, self.distinct, seed)
        except VerificationError as err:
            where = f"{self.label}, " if self.label else ""
            raise StepError(f"{where}step {len(self.steps) + 1} ({rule}): {err}") from None
        self.steps.append(Step(self.current, after, rule, conditions, v))
        self.current = after
        return self

    def build(self) -> Chain:
        if not self.steps:
            raise StepError(f"{self.label or 'chain'}: no steps")
        pairs = tuple((str(a), str(b)) for a, b in self.distinct)
        return Chain(self.start, tuple(self.steps), pairs)

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


@dataclass(frozen=True)
class Rule:
    """A rule a step may cite: its words in a document and a one-line formula (LaTeX)."""

    words: str
    formula: str


# Rule names (keys), how a document says them, and the formula each stands for (generic letters).
RULES: dict[str, Rule] = {
    "definition of softmax": Rule("definition of softmax",
                                  r"\operatorname{softmax}(x)_i = e^{x_i} / \sum_k e^{x_k}"),
    "shorthand": Rule("shorthand for the denominator", r"S = \sum_k e^{x_k}"),
    "definition of cross-entropy": Rule("definition of cross-entropy",
                                        r"E = -\sum_k t_k \ln y_k"),
    "definition of the loss": Rule("definition of the loss",
                                   r"L = \tfrac12 \sum_k (y_k - t_k)^2"),
    "quotient rule": Rule("quotient rule", r"(f/g)' = (f'g - f g')/g^2"),
    "derivative of exp": Rule("derivative of exp",
                              r"\partial e^{x_i} / \partial x_j = \delta_{ij} e^{x_i}"),
    "derivative of a sum": Rule("derivative of a sum",
                                r"\partial_j \sum_k f_k = \sum_k \partial_j f_k"),
    "substitute y": Rule("definition of softmax, backwards", r"e^{x_i} / \sum_k e^{x_k} = y_i"),
    "factor out y_i": Rule("factor out a common factor", r"ab - ac = a(b - c)"),
    "cancel": Rule("cancel common factors", r"(a/b) b = a"),
    "kronecker delta": Rule("both cases with the Kronecker delta",
                            r"\delta_{ij} = 1 \text{ if } i = j \text{, else } 0"),
    "kronecker delta collapses the sum": Rule("Kronecker delta collapses the sum",
                                              r"\sum_k a_k \delta_{kj} = a_j"),
    "matrix form": Rule("matrix form, entry by entry",
                        r"\operatorname{diag}(y)_{ij} = \delta_{ij} y_i,\quad "
                        r"(y y^{\mathsf T})_{ij} = y_i y_j"),
    "multivariate chain rule": Rule("multivariate chain rule",
                                    r"\partial f/\partial x_j = \sum_k (\partial f/\partial u_k)"
                                    r"(\partial u_k/\partial x_j)"),
    "softmax jacobian": Rule("softmax Jacobian (the lemma)",
                             r"\partial y_k/\partial z_j = y_k(\delta_{kj} - y_j)"),
    "linearity of the sum": Rule("split the sum (linearity)",
                                 r"\sum_k (a_k + c b_k) = \sum_k a_k + c \sum_k b_k"),
    "sum of targets is one": Rule("the targets sum to one", r"\sum_k t_k = 1"),
    "log of a quotient": Rule("log of a quotient", r"\ln(a/b) = \ln a - \ln b"),
    "log of exp": Rule("log and exp are inverse", r"\ln e^{x} = x"),
    "derivative of log-sum-exp": Rule("derivative of log-sum-exp",
                                      r"\partial_j \ln \sum_k e^{x_k} = e^{x_j} / "
                                      r"\sum_k e^{x_k}"),
    "derivative of log": Rule("derivative of log", r"(\ln x)' = 1/x"),
    "derivative of the loss": Rule("derivative of the loss (above)",
                                   r"\partial L/\partial y_j = y_j - t_j"),
    "divide by the numerator": Rule("divide through by the numerator",
                                    r"a/(a + b) = 1/(1 + b/a)"),
    "exp of a difference": Rule("exponent of a difference", r"e^{b}/e^{a} = e^{b - a}"),
    "definition of sigmoid": Rule("definition of the logistic sigmoid",
                                  r"\sigma(x) = 1/(1 + e^{-x})"),
    "explicit matrix": Rule("explicit matrix, entry by entry", r"J_{ij} \text{ for every } i, j"),
    "write out the sum": Rule("write out the sum",
                              r"\sum_{k=1}^{K} a_k = a_1 + \dots + a_K"),
    "algebra": Rule("rearrange", r"ab = ba,\quad a(b + c) = ab + ac,\quad -(a - b) = b - a"),
    "loss as rewritten above": Rule("the loss as rewritten above", r"E = \dots \text{ (above)}"),
    "backprop formula": Rule("backprop formula (above)",
                             r"\partial L/\partial z_k = y_k(g_k - \sum_j g_j y_j)"),
    "two-class softmax above": Rule("two-class softmax (above)", r"y_1 = \sigma(z_1 - z_2)"),
    "symmetry of sigmoid": Rule("symmetry of the sigmoid", r"1 - \sigma(x) = \sigma(-x)"),
}


class StepError(ValueError):
    """A step that could not be verified: the document must not be built."""


@dataclass(frozen=True)
class Step:
    """before = after by `rule`, using `conditions`, with the verification that shows it.

    `says` is what the step does, in prose with $…$ math (default: the rule's words).
    """

    before: Any
    after: Any
    rule: str
    conditions: tuple[str, ...]
    verification: Verification
    says: str = ""

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
    boxed: bool = False  # the chain ends in a result of the document, printed boxed

    @property
    def result(self) -> Any:
        return self.steps[-1].after if self.steps else self.start


@dataclass(frozen=True)
class Section:
    """A heading, prose before the chains (plain text with $…$ math), chains, prose after.

    `display` holds displayed formulas (LaTeX) printed after the chains: results read off the
    verified chains or computed numbers, never a step.
    """

    title: str
    intro: tuple[str, ...]
    chains: tuple[Chain, ...]
    outro: tuple[str, ...] = ()
    display: tuple[str, ...] = ()


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

    def step(self, after: Any, rule: str, conditions: tuple[str, ...] = (),
             says: str = "") -> ChainBuilder:
        """Append current = after by rule; raise StepError unless verified."""
        if rule not in RULES:
            raise StepError(f"unknown rule {rule!r}")
        seed = len(self.steps) + 17 * len(self.label)
        try:
            v = verify_step(self.ctx, self.current, after, conditions, self.distinct, seed)
        except VerificationError as err:
            where = f"{self.label}, " if self.label else ""
            raise StepError(f"{where}step {len(self.steps) + 1} ({rule}): {err}") from None
        self.steps.append(Step(self.current, after, rule, conditions, v, says))
        self.current = after
        return self

    def build(self, boxed: bool = False) -> Chain:
        """The chain of verified steps; `boxed` marks its end as a result of the document."""
        if not self.steps:
            raise StepError(f"{self.label or 'chain'}: no steps")
        pairs = tuple((str(a), str(b)) for a, b in self.distinct)
        return Chain(self.start, tuple(self.steps), pairs, boxed)

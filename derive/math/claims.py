"""The catalogue: named softmax identities as data (statement, conditions, both sides' builders).

A builder receives a model (`derive.math.model` / `derive.math.numeric`) and the values of the
part's free indices, and returns one side of the identity; the same builder serves the exact
proof, the symbolic-K proof and the numeric witness. Adding an identity is adding an entry here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from derive.math.model import SUM_TARGETS_ONE
from derive.math.notation import Notation

Builder = Callable[[Any, dict[str, Any]], Any]
INPUTS = "independent-inputs"  # the claim uses m.var (τ, ε): sampled by the decider's witness
SECOND_DERIVATIVE = "second-derivative"  # nested ∂: the complex step is 0 there, never a witness
ELEMENTWISE = "elementwise-sigmoid"  # e^{±z} itself: no max-shift makes float64 safe at |z| > 700


@dataclass(frozen=True)
class Part:
    """One identity lhs(ix) = rhs(ix) for every value of the free `indices` (1..K)."""

    name: str
    statement: str  # plain text; {y} {z} {t} {E} {K} are replaced by the notation's letters
    indices: tuple[str, ...]
    lhs: Builder
    rhs: Builder
    distinct: tuple[tuple[str, str], ...] = ()  # index pairs the part assumes unequal

    def text(self, notation: Notation) -> str:
        return _fill(self.statement, notation)


@dataclass(frozen=True)
class Claim:
    """A named identity made of parts, with the conditions it needs."""

    name: str
    title: str
    parts: tuple[Part, ...]
    conditions: tuple[str, ...] = ()
    only_k: int | None = None  # e.g. the sigmoid identity is about K = 2 only
    tags: tuple[str, ...] = field(default=())

    def statement(self, notation: Notation) -> str:
        return "; ".join(p.text(notation) for p in self.parts)

    def without_conditions(self) -> Claim:
        """The same claim with its conditions dropped (to show they are needed)."""
        return Claim(self.name, self.title, self.parts, (), self.only_k, self.tags)


def _fill(text: str, n: Notation) -> str:
    return (
        text.replace("{y}", n.outputs)
        .replace("{z}", n.logits)
        .replace("{t}", n.targets)
        .replace("{E}", n.loss)
        .replace("{K}", n.classes)
    )


# -- small builders shared by several entries ----------------------------------------------
def jac(m: Any, i: Any, j: Any) -> Any:
    """∂y_i/∂z_j."""
    return m.d(lambda mm: mm.y(i), j)


def cross_entropy(m: Any) -> Any:
    """E = −Σ_k t_k ln y_k."""
    return -m.sum(lambda k: m.t(k) * m.log(m.y(k)))


def mse(m: Any) -> Any:
    """L = ½ Σ_k (y_k − t_k)²."""
    return m.half * m.sum(lambda k: (m.y(k) - m.t(k)) ** 2)


def sigmoid(m: Any, x: Any) -> Any:
    """σ(x) = 1 / (1 + e^{−x})."""
    return 1 / (1 + m.exp(-x))


def tempered(m: Any, i: Any) -> Any:
    """softmax(z/τ)_i = e^{z_i/τ} / Σ_k e^{z_k/τ}, τ > 0 an independent input."""
    tau = m.var("tau")
    return m.exp(m.logit(i) / tau) / m.sum(lambda k: m.exp(m.logit(k) / tau))


def smoothing(m: Any) -> tuple[Any, Any]:
    """The weights (1 − ε, ε / K) of label smoothing, K = Σ_k 1."""
    eps = m.var("eps")
    return 1 - eps, eps / m.sum(lambda _: 1)


def smoothed(m: Any, k: Any, weights: tuple[Any, Any] | None = None) -> Any:
    """Label-smoothed targets t_ε,k = (1 − ε) t_k + ε / K (`weights` from `smoothing(m)`)."""
    keep, uniform = weights if weights is not None else smoothing(m)
    return keep * m.t(k) + uniform


def smoothed_cross_entropy(m: Any) -> Any:
    """E = −Σ_k t_ε,k ln y_k, the smoothing weights formed once."""
    weights = smoothing(m)
    return -m.sum(lambda k: smoothed(m, k, weights) * m.log(m.y(k)))


def log_sum_exp(m: Any) -> Any:
    """LSE(z) = ln Σ_k e^{z_k}."""
    return m.log(m.sum(lambda k: m.exp(m.logit(k))))


def softmax_hessian(m: Any, i: Any, j: Any, k: Any) -> Any:
    """y_i[(δ_ij − y_j)(δ_ik − y_k) − y_j(δ_jk − y_k)]."""
    return m.y(i) * ((m.delta(i, j) - m.y(j)) * (m.delta(i, k) - m.y(k))
                     - m.y(j) * (m.delta(j, k) - m.y(k)))


def backprop_rhs(m: Any, k: Any, grad: Callable[[Any], Any]) -> Any:
    """y_k (g_k − Σ_j g_j y_j) for a gradient g = ∂L/∂y."""
    return m.y(k) * (grad(k) - m.sum(lambda j: grad(j) * m.y(j)))


CATALOGUE: dict[str, Claim] = {
    c.name: c
    for c in [
        Claim(
            "softmax-jacobian",
            "Softmax Jacobian, δ-form and its two cases",
            (
                Part(
                    "δ-form",
                    "∂{y}_i/∂{z}_j = {y}_i(δ_ij − {y}_j)",
                    ("i", "j"),
                    lambda m, ix: jac(m, ix["i"], ix["j"]),
                    lambda m, ix: m.y(ix["i"]) * (m.delta(ix["i"], ix["j"]) - m.y(ix["j"])),
                ),
                Part(
                    "case i = j",
                    "∂{y}_i/∂{z}_i = {y}_i(1 − {y}_i)",
                    ("i",),
                    lambda m, ix: jac(m, ix["i"], ix["i"]),
                    lambda m, ix: m.y(ix["i"]) * (1 - m.y(ix["i"])),
                ),
                Part(
                    "case i ≠ j",
                    "∂{y}_i/∂{z}_j = −{y}_i {y}_j for i ≠ j",
                    ("i", "j"),
                    lambda m, ix: jac(m, ix["i"], ix["j"]),
                    lambda m, ix: -m.y(ix["i"]) * m.y(ix["j"]),
                    distinct=(("i", "j"),),
                ),
            ),
        ),
        Claim(
            "softmax-jacobian-matrix",
            "Softmax Jacobian as a matrix",
            (
                Part(
                    "J = diag(y) − y yᵀ",
                    "J = diag({y}) − {y} {y}ᵀ, J_ij = ∂{y}_i/∂{z}_j",
                    ("i", "j"),
                    lambda m, ix: jac(m, ix["i"], ix["j"]),
                    lambda m, ix: m.delta(ix["i"], ix["j"]) * m.y(ix["i"])
                    - m.y(ix["i"]) * m.y(ix["j"]),
                ),
                Part(
                    "J symmetric",
                    "J_ij = J_ji",
                    ("i", "j"),
                    lambda m, ix: jac(m, ix["i"], ix["j"]),
                    lambda m, ix: jac(m, ix["j"], ix["i"]),
                ),
                Part(
                    "J·1 = 0",
                    "Σ_j ∂{y}_i/∂{z}_j = 0",
                    ("i",),
                    lambda m, ix: m.sum(lambda j: jac(m, ix["i"], j)),
                    lambda m, ix: 0,
                ),
            ),
        ),
        Claim(
            "cross-entropy-gradient",
            "Gradient of cross-entropy through softmax",
            (
                Part(
                    "∂E/∂z = y − t",
                    "{E} = −Σ_k {t}_k ln {y}_k ⇒ ∂{E}/∂{z}_j = {y}_j − {t}_j",
                    ("j",),
                    lambda m, ix: m.d(cross_entropy, ix["j"]),
                    lambda m, ix: m.y(ix["j"]) - m.t(ix["j"]),
                ),
            ),
            conditions=(SUM_TARGETS_ONE,),
        ),
        Claim(
            "cross-entropy-gradient-general",
            "Gradient of cross-entropy for any targets",
            (
                Part(
                    "∂E/∂z = y Σt − t",
                    "{E} = −Σ_k {t}_k ln {y}_k ⇒ ∂{E}/∂{z}_j = {y}_j Σ_k {t}_k − {t}_j",
                    ("j",),
                    lambda m, ix: m.d(cross_entropy, ix["j"]),
                    lambda m, ix: m.y(ix["j"]) * m.sum(m.t) - m.t(ix["j"]),
                ),
            ),
        ),
        Claim(
            "softmax-backprop",
            "Backpropagation through softmax for any loss",
            (
                Part(
                    "any loss L",
                    "∂L/∂{z}_k = {y}_k(∂L/∂{y}_k − Σ_j ∂L/∂{y}_j {y}_j)",
                    ("k",),
                    lambda m, ix: m.d_loss(ix["k"]),
                    lambda m, ix: backprop_rhs(m, ix["k"], m.g),
                ),
                Part(
                    "MSE instance",
                    "L = ½Σ_k({y}_k − {t}_k)² ⇒ ∂L/∂{z}_k = "
                    "{y}_k(({y}_k − {t}_k) − Σ_j ({y}_j − {t}_j){y}_j)",
                    ("k",),
                    lambda m, ix: m.d(mse, ix["k"]),
                    lambda m, ix: backprop_rhs(m, ix["k"], lambda j: m.y(j) - m.t(j)),
                ),
            ),
        ),
        Claim(
            "softmax-sigmoid",
            "Two-class softmax is the logistic sigmoid",
            (
                Part(
                    "y_1 = σ(z_1 − z_2)",
                    "K = 2: {y}_1 = σ({z}_1 − {z}_2)",
                    (),
                    lambda m, ix: m.y(1),
                    lambda m, ix: m.sigmoid_of_difference(1, 2),
                ),
                Part(
                    "y_2 = σ(z_2 − z_1)",
                    "K = 2: {y}_2 = σ({z}_2 − {z}_1)",
                    (),
                    lambda m, ix: m.y(2),
                    lambda m, ix: m.sigmoid_of_difference(2, 1),
                ),
            ),
            only_k=2,
        ),
        Claim(
            "softmax-shift-invariance",
            "Softmax is invariant to adding a constant to every logit",
            (
                Part(
                    "softmax(z + c·1) = softmax(z)",
                    "softmax({z} + c·1)_i = softmax({z})_i",
                    ("i",),
                    lambda m, ix: m.softmax(ix["i"], shift=True),
                    lambda m, ix: m.y(ix["i"]),
                ),
            ),
        ),
        Claim(
            "log-softmax-gradient",
            "Gradient of log-softmax",
            (
                Part(
                    "∂ ln y_i/∂z_j = δ_ij − y_j",
                    "∂ ln {y}_i/∂{z}_j = δ_ij − {y}_j",
                    ("i", "j"),
                    lambda m, ix: m.d(lambda mm: mm.log(mm.y(ix["i"])), ix["j"]),
                    lambda m, ix: m.delta(ix["i"], ix["j"]) - m.y(ix["j"]),
                ),
            ),
        ),
        Claim(
            "softmax-temperature-jacobian",
            "Jacobian of softmax with temperature τ",
            (
                Part(
                    "∂y_i/∂z_j = y_i(δ_ij − y_j)/τ",
                    "{y}_i = softmax({z}/τ)_i ⇒ ∂{y}_i/∂{z}_j = {y}_i(δ_ij − {y}_j)/τ",
                    ("i", "j"),
                    lambda m, ix: m.d(lambda mm: tempered(mm, ix["i"]), ix["j"]),
                    lambda m, ix: tempered(m, ix["i"])
                    * (m.delta(ix["i"], ix["j"]) - tempered(m, ix["j"])) / m.var("tau"),
                ),
            ),
            tags=(INPUTS,),
        ),
        Claim(
            "label-smoothing-gradient",
            "Gradient of label-smoothed cross-entropy",
            (
                Part(
                    "∂E/∂z = y − t_ε",
                    "t_ε = (1 − ε){t} + ε/{K}, {E} = −Σ_k t_ε,k ln {y}_k ⇒ "
                    "∂{E}/∂{z}_j = {y}_j − t_ε,j",
                    ("j",),
                    lambda m, ix: m.d(smoothed_cross_entropy, ix["j"]),
                    lambda m, ix: m.y(ix["j"]) - smoothed(m, ix["j"]),
                ),
            ),
            conditions=(SUM_TARGETS_ONE,),
            tags=(INPUTS,),
        ),
        Claim(
            "log-sum-exp",
            "Gradient and Hessian of log-sum-exp",
            (
                Part(
                    "∇ LSE = y",
                    "∂/∂{z}_j ln Σ_k e^{{z}_k} = {y}_j",
                    ("j",),
                    lambda m, ix: m.d(log_sum_exp, ix["j"]),
                    lambda m, ix: m.y(ix["j"]),
                ),
                Part(
                    "∇² LSE = J",
                    "∂²/∂{z}_i∂{z}_j ln Σ_k e^{{z}_k} = {y}_i(δ_ij − {y}_j)",
                    ("i", "j"),
                    lambda m, ix: m.d(lambda mm: mm.d(log_sum_exp, ix["i"]), ix["j"]),
                    lambda m, ix: m.y(ix["i"]) * (m.delta(ix["i"], ix["j"]) - m.y(ix["j"])),
                ),
            ),
            tags=(SECOND_DERIVATIVE,),
        ),
        Claim(
            "softmax-hessian",
            "Second derivatives of softmax",
            (
                Part(
                    "∂²y_i/∂z_j∂z_k",
                    "∂²{y}_i/∂{z}_j∂{z}_k = {y}_i[(δ_ij − {y}_j)(δ_ik − {y}_k) − "
                    "{y}_j(δ_jk − {y}_k)]",
                    ("i", "j", "k"),
                    lambda m, ix: m.d(lambda a: a.d(lambda b: b.y(ix["i"]), ix["j"]), ix["k"]),
                    lambda m, ix: softmax_hessian(m, ix["i"], ix["j"], ix["k"]),
                ),
            ),
            tags=(SECOND_DERIVATIVE,),
        ),
        Claim(
            "kl-gradient",
            "Gradient of KL(t ‖ y) through softmax",
            (
                Part(
                    "∂KL/∂z = y − t",
                    "KL({t}‖{y}) = Σ_k {t}_k ln({t}_k/{y}_k) ⇒ ∂KL/∂{z}_j = {y}_j − {t}_j",
                    ("j",),
                    lambda m, ix: m.d(lambda mm: mm.sum(
                        lambda k: mm.t(k) * (mm.log(mm.t(k)) - mm.log(mm.y(k)))), ix["j"]),
                    lambda m, ix: m.y(ix["j"]) - m.t(ix["j"]),
                ),
            ),
            conditions=(SUM_TARGETS_ONE,),
        ),
        Claim(
            "sigmoid-binary-cross-entropy",
            "Sigmoid with binary cross-entropy, per class",
            (
                Part(
                    "∂L/∂z = ŷ − t",
                    "ŷ_k = σ({z}_k), L = −Σ_k [{t}_k ln ŷ_k + (1 − {t}_k) ln(1 − ŷ_k)] ⇒ "
                    "∂L/∂{z}_j = ŷ_j − {t}_j",
                    ("j",),
                    lambda m, ix: m.d(lambda mm: -mm.sum(
                        lambda k: mm.t(k) * mm.log(sigmoid(mm, mm.logit(k)))
                        + (1 - mm.t(k)) * mm.log(sigmoid(mm, -mm.logit(k)))), ix["j"]),
                    lambda m, ix: sigmoid(m, m.logit(ix["j"])) - m.t(ix["j"]),
                ),
            ),
            tags=(ELEMENTWISE,),
        ),
    ]
}


class UnknownClaimError(KeyError):
    """A claim name that is not in the catalogue."""


def get_claims(names: tuple[str, ...] | list[str] = ()) -> list[Claim]:
    """The named claims (all of them when `names` is empty), in catalogue order."""
    unknown = [n for n in names if n not in CATALOGUE]
    if unknown:
        raise UnknownClaimError(
            f"unknown claim {unknown[0]!r}; known claims: {', '.join(CATALOGUE)}"
        )
    return [c for c in CATALOGUE.values() if not names or c.name in names]

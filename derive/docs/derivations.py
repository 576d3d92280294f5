"""The derivations: each builds verified chains for one K or for symbolic K (index notation).

A builder returns a `Derivation`; every step in it went through `ChainBuilder.step`, so building
one either yields a fully verified document or raises `StepError`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

import numpy as np
import sympy as sp

from derive.math.claims import CATALOGUE
from derive.math.decide import HOLDS, Context, decide
from derive.math.model import SUM_TARGETS_ONE
from derive.math.notation import Notation

from . import worked
from .builders import NotReadable, to_builder
from .steps import ChainBuilder, Derivation, Section, StepError
from .symbols import Ctx, DiagY, OuterY, Sigmoid, to_latex

TARGETS = (SUM_TARGETS_ONE,)


def _mul(*args: sp.Expr) -> sp.Expr:
    return sp.Mul(*args, evaluate=False)


def _add(*args: sp.Expr) -> sp.Expr:
    return sp.Add(*args, evaluate=False)


def _neg(x: sp.Expr) -> sp.Expr:
    return sp.Mul(-1, x, evaluate=False)


def _frac(a: sp.Expr, b: sp.Expr) -> sp.Expr:
    return sp.Mul(a, sp.Pow(b, -1, evaluate=False), evaluate=False)


class _Doc:
    """Helpers shared by the builders: $…$ math in the notation, common definitions."""

    def __init__(self, ctx: Ctx) -> None:
        self.c = ctx

    def m(self, expr: object) -> str:
        """Inline math."""
        return f"${to_latex(self.c, expr)}$"

    def eq(self, a: object, b: object) -> str:
        return f"${to_latex(self.c, a)} = {to_latex(self.c, b)}$"

    def softmax_definition(self) -> str:
        c = self.c
        where = f" for ${to_latex(c, c.i)} = 1, \\dots, {to_latex(c, c.K)}$"
        return f"Softmax: {self.eq(c.y[c.i], c.softmax(c.i))}{where}."

    def shorthand(self) -> str:
        c = self.c
        return (f"Shorthand for the denominator: {self.eq(c.S, c.denom())}, so "
                f"{self.eq(c.y[c.i], _frac(sp.exp(c.z[c.i]), c.S))}.")

    def targets_condition(self) -> str:
        c = self.c
        return f"{self.eq(c.sum(lambda k: c.t[k]), 1)} (the targets form a distribution)"

    def written_out(self) -> tuple[Section, ...]:
        """For a concrete K: the shorthand with the sum written out."""
        c = self.c
        if c.k_value is None:
            return ()
        b = ChainBuilder(c, c.S, label="softmax written out")
        b.step(c.denom(), "shorthand", says="the shorthand")
        terms = [sp.exp(c.z[k]) for k in range(1, c.k_value + 1)]
        b.step(_add(*terms) if len(terms) > 1 else terms[0], "write out the sum",
               says="write out the sum")
        return (Section(f"Softmax for ${to_latex(c, c.Ksym)} = {c.k_value}$", (), (b.build(),)),)


def lemma_jacobian(c: Ctx, a: sp.Symbol, b_: sp.Symbol, title: str) -> Section:
    """Lemma ∂y_a/∂z_b = y_a(δ_ab − y_b), proved in one chain (both cases via δ)."""
    y, z, S = c.y, c.z, c.S
    ea, eb = sp.exp(z[a]), sp.exp(z[b_])
    dab = sp.KroneckerDelta(a, b_)
    b = ChainBuilder(c, c.d(y[a], z[b_]), label="Jacobian lemma")
    b.step(c.d(_frac(ea, S), z[b_]), "definition of softmax",
           says=f"${to_latex(c, y[a])} = {to_latex(c, _frac(ea, S))}$")
    b.step(_frac(_add(_mul(c.d(ea, z[b_]), S), _neg(_mul(ea, c.d(S, z[b_])))), S**2),
           "quotient rule", says="quotient rule")
    b.step(_frac(_add(_mul(dab, ea, S), _neg(_mul(ea, c.d(S, z[b_])))), S**2),
           "derivative of exp",
           says=f"${to_latex(c, c.d(ea, z[b_]))} = {to_latex(c, _mul(dab, ea))}$")
    b.step(_frac(_add(_mul(dab, ea, S), _neg(_mul(ea, eb))), S**2), "derivative of a sum",
           says=f"${to_latex(c, c.d(S, z[b_]))} = {to_latex(c, eb)}$")
    b.step(_mul(_frac(ea, S), _add(dab, _neg(_frac(eb, S)))), "factor out y_i",
           says=f"factor out ${to_latex(c, _frac(ea, S))}$")
    b.step(_mul(y[a], _add(dab, _neg(y[b_]))), "substitute y",
           says=f"${to_latex(c, _frac(ea, S))} = {to_latex(c, y[a])}$")
    ab = f"{to_latex(c, a)}{to_latex(c, b_)}"
    return Section(
        title,
        (f"For all ${to_latex(c, a)}, {to_latex(c, b_)}$, with the Kronecker delta "
         f"$\\delta_{{{ab}}}$ (one when the two indices agree, zero otherwise):",),
        (b.build(boxed=True),),
    )


def _worked(c: Ctx, parts: tuple[str, ...]) -> tuple[Section, ...]:
    """For a concrete K: the worked example (y and the `parts` among J, y − t, mse, sigmoid)."""
    K = c.k_value
    if K is None:
        return ()
    ex = worked.example(K)
    y, z, t = to_latex(c, c.y), to_latex(c, c.z), to_latex(c, c.t)
    display = [f"{y} \\approx {worked.vector(ex.y)}"]
    gaps = [ex.gap["y"]]
    routes = ["$" + y + "$ in 50-digit arithmetic"]
    if "J" in parts:
        display.append(f"J \\approx {worked.matrix(ex.jacobian)}")
        gaps.append(ex.gap["J"])
        routes.append("$J$ by complex-step differentiation of softmax")
    if "y - t" in parts:
        grad = f"\\nabla_{{{z}}} {to_latex(c, c.E)}"
        display.append(f"{grad} = {y} - {t} \\approx {worked.vector(ex.grad_ce)}")
        gaps.append(ex.gap["y - t"])
        routes.append(f"${grad}$ by complex-step differentiation of the loss")
    if "mse" in parts:
        display.append(f"\\nabla_{{{z}}} L \\approx {worked.vector(ex.grad_mse)}")
        gaps.append(ex.gap["mse"])
        routes.append("$\\nabla L$ by complex-step differentiation of $L$")
    if "sigmoid" in parts:
        sig = 1 / (1 + np.exp(-(ex.z[0] - ex.z[1])))
        display.append(f"\\sigma({ex.z[0]:g} - {ex.z[1]:g}) \\approx {worked.num(sig)}")
        gaps.append(abs(float(sig - ex.y[0])))
        routes.append(f"$\\sigma({z}_{{1}} - {z}_{{2}})$ against ${y}_{{1}}$")
    tt = ", ".join("1" if v else "0" for v in ex.t)
    zz = ", ".join(f"{v:g}" for v in ex.z)
    intro = (f"Take ${z} = ({zz})$" + (f" and ${t} = ({tt})$" if "y - t" in parts or "mse"
                                        in parts else "")
             + ". Each number is computed twice: from the derived formula in float64, and "
             "independently (" + "; ".join(routes) + "); the routes agree to within "
             f"{worked.short(max(gaps))}. Rounded to 4 digits:",)
    return (Section(f"Worked example for ${to_latex(c, c.Ksym)} = {K}$", intro, (),
                    display=tuple(display)),)


def _off_diagonal(c: Ctx, doc: _Doc) -> Section:
    """∂y_i/∂z_j = −y_i y_j for i ≠ j."""
    i, j, y, z, S = c.i, c.j, c.y, c.z, c.S
    ei, ej = sp.exp(z[i]), sp.exp(z[j])
    b = ChainBuilder(c, c.d(y[i], z[j]), distinct=((i, j),), label="case i != j")
    b.step(c.d(_frac(ei, S), z[j]), "definition of softmax",
           says=f"{doc.eq(y[i], _frac(ei, S))}")
    b.step(_frac(_add(_mul(c.d(ei, z[j]), S), _neg(_mul(ei, c.d(S, z[j])))), S**2),
           "quotient rule", says="quotient rule")
    b.step(_neg(_frac(_mul(ei, c.d(S, z[j])), S**2)), "derivative of exp",
           says=f"{doc.m(ei)} does not depend on {doc.m(z[j])}")
    b.step(_neg(_frac(_mul(ei, ej), S**2)), "derivative of a sum",
           says=doc.eq(c.d(S, z[j]), ej))
    b.step(_neg(_mul(_frac(ei, S), _frac(ej, S))), "algebra", says="split the fraction")
    b.step(_neg(_mul(y[i], y[j])), "substitute y", says=f"{doc.eq(_frac(ei, S), y[i])}, twice")
    return Section(
        "Off-diagonal entries: $i \\neq j$",
        (f"Now {doc.m(ei)} does not depend on {doc.m(z[j])}, so only the denominator "
         "contributes.",),
        (b.build(boxed=True),),
    )


# -- softmax Jacobian ----------------------------------------------------------------------
def jacobian_sections(ctx: Ctx) -> tuple[Section, ...]:
    """∂y_i/∂z_i = y_i(1 − y_i); ∂y_i/∂z_j = −y_i y_j (i ≠ j); δ-form; diag(y) − y yᵀ."""
    c, doc = ctx, _Doc(ctx)
    i, j, y, z, S = c.i, c.j, c.y, c.z, c.S
    ei = sp.exp(z[i])

    b = ChainBuilder(c, c.d(y[i], z[i]), label="case i = j")
    b.step(c.d(_frac(ei, S), z[i]), "definition of softmax", says=doc.eq(y[i], _frac(ei, S)))
    b.step(_frac(_add(_mul(c.d(ei, z[i]), S), _neg(_mul(ei, c.d(S, z[i])))), S**2),
           "quotient rule", says="quotient rule")
    b.step(_frac(_add(_mul(ei, S), _neg(_mul(ei, c.d(S, z[i])))), S**2), "derivative of exp",
           says=doc.eq(c.d(ei, z[i]), ei))
    b.step(_frac(_add(_mul(ei, S), _neg(_mul(ei, ei))), S**2), "derivative of a sum",
           says=doc.eq(c.d(S, z[i]), ei))
    b.step(_mul(_frac(ei, S), _add(1, _neg(_frac(ei, S)))), "factor out y_i",
           says=f"factor out {doc.m(_frac(ei, S))}")
    b.step(_mul(y[i], _add(1, _neg(y[i]))), "substitute y", says=doc.eq(_frac(ei, S), y[i]))
    same = Section(
        "Diagonal entries: $i = j$",
        (f"Differentiate {doc.m(y[i])} with respect to its own logit {doc.m(z[i])}.",),
        (b.build(boxed=True),),
    )

    # with one class there is no pair i != j: the off-diagonal case is empty
    other = _off_diagonal(c, doc) if c.k_value != 1 else None
    b = ChainBuilder(c, c.d(y[i], z[j]), label="delta form")
    b.step(_mul(y[i], _add(sp.KroneckerDelta(i, j), _neg(y[j]))), "kronecker delta",
           says="both cases in one formula")
    b.step(_add(_mul(sp.KroneckerDelta(i, j), y[i]), _neg(_mul(y[i], y[j]))), "algebra",
           says="multiply out")
    b.step(_add(DiagY(i, j), _neg(OuterY(i, j))), "matrix form", says="read as matrix entries")
    yl = to_latex(c, y)
    unified = Section(
        "Both cases at once",
        ("With the Kronecker delta $\\delta_{ij}$ (one when the two indices agree, zero "
         "otherwise) the two cases are one formula; it is checked for both cases.",),
        (b.build(),),
        (f"So the Jacobian $J$, with entries $J_{{ij}} = {to_latex(c, c.d(y[i], z[j]))}$, is",),
        display=(f"\\boxed{{J = \\operatorname{{diag}}({yl}) - {yl} {yl}^{{\\mathsf T}}}}",),
    )
    sections = [*doc.written_out(), same, *([other] if other else []), unified]
    if c.k_value is not None and c.k_value <= 4:
        K = c.k_value
        rng = range(1, K + 1)
        before = sp.ImmutableMatrix(K, K, [c.d(y[r], z[s]) for r in rng for s in rng])
        after = sp.ImmutableMatrix(
            K, K,
            [_mul(y[r], _add(1, _neg(y[r]))) if r == s else _neg(_mul(y[r], y[s]))
             for r in rng for s in rng],
        )
        b = ChainBuilder(c, before, label="explicit matrix")
        b.step(after, "explicit matrix", says="each entry from the two cases")
        sections.append(Section(f"The ${K} \\times {K}$ matrix", (), (b.build(),)))
    sections += _worked(c, ("J",))
    return tuple(sections)


# -- cross-entropy ----------------------------------------------------------------------------
def _route1(c: Ctx, doc: _Doc) -> Section:
    """∂E/∂z_j = Σ_k ∂E/∂y_k ∂y_k/∂z_j = … = y_j Σt − t_j, for any targets."""
    j, k, y, z, t, E = c.j, c.k, c.y, c.z, c.t, c.E
    dk = sp.KroneckerDelta(k, j)
    b = ChainBuilder(c, c.d(E, z[j]), label="cross-entropy by the chain rule")
    b.step(c.sum(lambda k: _mul(c.d(E, y[k]), c.d(y[k], z[j]))), "multivariate chain rule",
           says=f"{doc.m(E)} depends on {doc.m(z[j])} through every {doc.m(y[k])}")
    b.step(c.sum(lambda k: _mul(_neg(_frac(t[k], y[k])), c.d(y[k], z[j]))), "derivative of log",
           says=doc.eq(c.d(E, y[k]), _neg(_frac(t[k], y[k]))))
    b.step(c.sum(lambda k: _mul(_neg(_frac(t[k], y[k])), y[k], _add(dk, _neg(y[j])))),
           "softmax jacobian", says="the Jacobian lemma")
    b.step(c.sum(lambda k: _neg(_mul(t[k], _add(dk, _neg(y[j]))))), "cancel",
           says=f"cancel {doc.m(y[k])}")
    b.step(_add(_neg(c.sum(lambda k: _mul(t[k], dk))), _mul(y[j], c.sum(lambda k: t[k]))),
           "linearity of the sum", says="split the sum")
    b.step(_add(_mul(y[j], c.sum(lambda k: t[k])), _neg(t[j])),
           "kronecker delta collapses the sum", says=f"only {doc.m(k)} = {doc.m(j)} survives")
    return Section(
        "Route 1: through the softmax Jacobian",
        (f"The loss depends on {doc.m(z[j])} only through the outputs, so the multivariate "
         f"chain rule sums over every {doc.m(y[k])}:",),
        (b.build(),),
    )


def _route2(c: Ctx, doc: _Doc, keep_sum: bool) -> tuple[Section, ...]:
    """E = −Σ t_k z_k + (Σ t_k) ln S; ∂E/∂z_j = y_j Σ t_k − t_j (any targets)."""
    j, z, t, E, y, S = c.j, c.z, c.t, c.E, c.y, c.S
    T = c.sum(lambda k: t[k])
    lse = sp.log(S)
    b = ChainBuilder(c, E, label="cross-entropy rewritten")
    b.step(_neg(c.sum(lambda k: _mul(t[k], sp.log(c.y[k])))), "definition of cross-entropy",
           says="definition of cross-entropy")
    b.step(_neg(c.sum(lambda k: _mul(t[k], sp.log(_frac(sp.exp(z[k]), S), evaluate=False)))),
           "definition of softmax", says=doc.eq(y[c.k], _frac(sp.exp(z[c.k]), S)))
    b.step(_neg(c.sum(lambda k: _mul(t[k], _add(sp.log(sp.exp(z[k], evaluate=False),
                                                        evaluate=False),
                                                 _neg(lse))))),
           "log of a quotient", says="log of a quotient")
    b.step(_neg(c.sum(lambda k: _mul(t[k], _add(z[k], _neg(lse))))), "log of exp",
           says=f"${to_latex(c, sp.log(sp.exp(z[c.k], evaluate=False), evaluate=False))} = "
                f"{to_latex(c, z[c.k])}$")
    b.step(_add(_neg(c.sum(lambda k: _mul(t[k], z[k]))), _mul(T, lse)),
           "linearity of the sum", says="split the sum")
    if not keep_sum:
        b.step(_add(_neg(c.sum(lambda k: _mul(t[k], z[k]))), lse), "sum of targets is one",
               TARGETS, says="the targets sum to one")
    loss = b.build()
    rewritten = loss.result
    conds = () if keep_sum else TARGETS
    weight = T if keep_sum else sp.Integer(1)

    def w(x: sp.Expr) -> sp.Expr:
        return _mul(weight, x) if keep_sum else x

    b = ChainBuilder(c, c.d(E, z[j]), label="derivative of the rewritten loss")
    b.step(c.d(rewritten, z[j]), "loss as rewritten above", conds,
           says="the loss as rewritten above")
    b.step(_add(_neg(c.sum(lambda k: _mul(t[k], sp.KroneckerDelta(k, j)))), w(c.d(lse, z[j]))),
           "derivative of a sum", says="differentiate term by term")
    b.step(_add(_neg(t[j]), w(c.d(lse, z[j]))), "kronecker delta collapses the sum",
           says=f"only {doc.m(c.k)} = {doc.m(j)} survives")
    b.step(_add(_neg(t[j]), w(_frac(sp.exp(z[j]), S))), "derivative of log-sum-exp",
           says=doc.eq(c.d(lse, z[j]), _frac(sp.exp(z[j]), S)))
    if keep_sum:
        b.step(_add(_mul(y[j], T), _neg(t[j])), "substitute y",
               says=doc.eq(_frac(sp.exp(z[j]), S), y[j]))
        chain = b.build()
    else:
        b.step(_add(y[j], _neg(t[j])), "substitute y", says=doc.eq(_frac(sp.exp(z[j]), S), y[j]))
        chain = b.build(boxed=True)
    return (
        Section(
            "Route 2: substitute softmax into the loss" if keep_sum
            else "Rewrite the loss in the logits",
            (f"First rewrite the loss in terms of the logits{' (any targets)' if keep_sum else ''}"
             ":",),
            (loss,),
        ),
        Section(
            "Differentiate the rewritten loss",
            (f"The derivative of the log-sum-exp {doc.m(lse)} is the softmax itself.",),
            (chain,),
        ),
    )


def _meet(c: Ctx, doc: _Doc) -> Section:
    """y_j Σt − t_j = y_j − t_j given Σt = 1."""
    j, t, y = c.j, c.t, c.y
    common = _add(_mul(y[j], c.sum(lambda k: t[k])), _neg(t[j]))
    b = ChainBuilder(c, c.d(c.E, c.z[j]), label="where the routes meet")
    b.step(common, "algebra", says="either route")
    b.step(_add(y[j], _neg(t[j])), "sum of targets is one", TARGETS,
           says="the targets sum to one")
    return Section(
        "Where the routes meet",
        (f"Both routes end at {doc.m(common)} without using any condition on the targets. "
         "Only now is the condition used:",),
        (b.build(boxed=True),),
        ("Without the condition the gradient is not $y_j - t_j$: every line before the last "
         "holds for any targets.",),
    )


def ce_chain_sections(ctx: Ctx) -> tuple[Section, ...]:
    """Both routes to ∂E/∂z_j = y_j Σt − t_j, then y_j − t_j (Σt = 1); Jacobian as a lemma."""
    c, doc = ctx, _Doc(ctx)
    return (
        *doc.written_out(),
        lemma_jacobian(c, c.k, c.j, "Lemma: the softmax Jacobian"),
        _route1(c, doc),
        *_route2(c, doc, keep_sum=True),
        _meet(c, doc),
        *_worked(c, ("y - t",)),
    )


def ce_direct_sections(ctx: Ctx) -> tuple[Section, ...]:
    """E = −Σ t_k ln y_k = −Σ t_k z_k + ln S (Σt = 1); ∂E/∂z_j = y_j − t_j."""
    c, doc = ctx, _Doc(ctx)
    return (*doc.written_out(), *_route2(c, doc, keep_sum=False), *_worked(c, ("y - t",)))


# -- backprop through softmax ------------------------------------------------------------
def backprop_sections(ctx: Ctx) -> tuple[Section, ...]:
    """∂L/∂z_k = y_k(∂L/∂y_k − Σ_j ∂L/∂y_j y_j) for any L; then L = ½ Σ (y_j − t_j)²."""
    c, doc = ctx, _Doc(ctx)
    j, k, y, z, t, L, Lm = c.j, c.k, c.y, c.z, c.t, c.L, c.L_mse

    def sj(fn: Callable[[sp.Symbol], sp.Expr]) -> sp.Expr:
        return c.sum(fn, j)

    djk = sp.KroneckerDelta(j, k)
    b = ChainBuilder(c, c.d(L, z[k]), label="backprop for any loss")
    b.step(sj(lambda j: _mul(c.d(L, y[j]), c.d(y[j], z[k]))), "multivariate chain rule",
           says=f"$L$ depends on {doc.m(z[k])} through every {doc.m(y[j])}")
    b.step(sj(lambda j: _mul(c.d(L, y[j]), y[j], _add(djk, _neg(y[k])))), "softmax jacobian",
           says="the Jacobian lemma")
    b.step(_add(sj(lambda j: _mul(c.d(L, y[j]), y[j], djk)),
                _neg(_mul(y[k], sj(lambda j: _mul(c.d(L, y[j]), y[j]))))),
           "linearity of the sum", says="split the sum")
    b.step(_add(_mul(c.d(L, y[k]), y[k]), _neg(_mul(y[k], sj(lambda j: _mul(c.d(L, y[j]),
                                                                              y[j]))))),
           "kronecker delta collapses the sum", says=f"only {doc.m(j)} = {doc.m(k)} survives")
    general = _mul(y[k], _add(c.d(L, y[k]), _neg(sj(lambda j: _mul(c.d(L, y[j]), y[j])))))
    b.step(general, "factor out y_i", says=f"factor out {doc.m(y[k])}")
    any_loss = b.build(boxed=True)

    mse_def = _mul(sp.Rational(1, 2), sj(lambda j: _add(y[j], _neg(t[j])) ** 2))
    b = ChainBuilder(c, c.d(Lm, y[k]), label="MSE derivative")
    b.step(c.d(mse_def, y[k]), "definition of the loss", says="definition of $L$")
    b.step(sj(lambda j: _mul(_add(y[j], _neg(t[j])), djk)), "derivative of a sum",
           says="differentiate term by term")
    b.step(_add(y[k], _neg(t[k])), "kronecker delta collapses the sum",
           says=f"only {doc.m(j)} = {doc.m(k)} survives")
    dmse = b.build()

    b = ChainBuilder(c, c.d(Lm, z[k]), label="MSE instance")
    b.step(_mul(y[k], _add(c.d(Lm, y[k]), _neg(sj(lambda j: _mul(c.d(Lm, y[j]), y[j]))))),
           "backprop formula", says="the formula for any loss")
    b.step(_mul(y[k], _add(_add(y[k], _neg(t[k])),
                           _neg(sj(lambda j: _mul(_add(y[j], _neg(t[j])), y[j]))))),
           "derivative of the loss", says=f"{doc.eq(c.d(Lm, y[c.j]), _add(y[j], _neg(t[j])))}")
    mse = b.build(boxed=True)
    yl, zl, gl = to_latex(c, y), to_latex(c, z), "g"
    return (
        *doc.written_out(),
        lemma_jacobian(c, j, k, "Lemma: the softmax Jacobian"),
        Section(
            "Any loss",
            (f"Let $L({to_latex(c, y[1])}, \\dots, {to_latex(c, y[c.K])})$ be any differentiable "
             f"loss of the outputs. It depends on {doc.m(z[k])} only through every "
             f"{doc.m(y[j])}.",),
            (any_loss,),
            (f"In vector form, with the upstream gradient ${gl} = \\nabla_{{{yl}}} L$ (entries "
             f"${gl}_{{j}} = {to_latex(c, c.d(L, y[j]))}$) and $J$ the Jacobian of the lemma: "
             f"the first line of the chain is entry ${to_latex(c, k)}$ of $J^{{\\mathsf T}} {gl}$ "
             f"and the last is entry ${to_latex(c, k)}$ of ${yl} \\odot ({gl} - ({gl}^{{\\mathsf "
             f"T}} {yl}) \\mathbf{{1}})$, so",),
            display=(f"\\boxed{{\\nabla_{{{zl}}} L = {yl} \\odot \\left({gl} - "
                     f"({gl}^{{\\mathsf T}} {yl}) \\mathbf{{1}}\\right) "
                     f"= J^{{\\mathsf T}} {gl}}}",),
        ),
        Section(
            "Instance: mean squared error",
            (f"Take {doc.eq(L, mse_def)}. Its partial derivatives are:",),
            (dmse, mse),
        ),
        *_worked(c, ("J", "mse")),
    )


# -- K = 2 is the logistic sigmoid ----------------------------------------------------------
def sigmoid_sections(ctx: Ctx) -> tuple[Section, ...]:
    """For K = 2: y_1 = σ(z_1 − z_2) and y_2 = σ(z_2 − z_1)."""
    c, doc = ctx, _Doc(ctx)
    y, z = c.y, c.z
    e1, e2 = sp.exp(z[1]), sp.exp(z[2])
    diff = _add(z[1], _neg(z[2]))
    b = ChainBuilder(c, y[1], label="two classes")
    b.step(_frac(e1, _add(e1, e2)), "definition of softmax", says="definition of softmax")
    b.step(_frac(1, _add(1, _frac(e2, e1))), "divide by the numerator",
           says=f"divide by {doc.m(e1)}")
    b.step(_frac(1, _add(1, sp.exp(_add(z[2], _neg(z[1])), evaluate=False))),
           "exp of a difference", says="exponent of a difference")
    b.step(_frac(1, _add(1, sp.exp(_neg(diff), evaluate=False))), "algebra",
           says=f"${to_latex(c, _add(z[2], _neg(z[1])))} = {to_latex(c, _neg(diff))}$")
    b.step(Sigmoid(diff), "definition of sigmoid", says="definition of $\\sigma$")
    first = b.build(boxed=True)
    b = ChainBuilder(c, y[2], label="the other output")
    b.step(_frac(e2, _add(e1, e2)), "definition of softmax", says="definition of softmax")
    b.step(_add(1, _neg(_frac(e1, _add(e1, e2)))), "algebra", says="the outputs sum to one")
    b.step(_add(1, _neg(Sigmoid(diff))), "two-class softmax above", says="the chain above")
    b.step(Sigmoid(_neg(diff)), "symmetry of sigmoid", says="$1 - \\sigma(x) = \\sigma(-x)$")
    b.step(Sigmoid(_add(z[2], _neg(z[1]))), "algebra",
           says=f"${to_latex(c, _neg(diff))} = {to_latex(c, _add(z[2], _neg(z[1])))}$")
    return (
        Section(
            "Two classes",
            (f"With the logistic sigmoid "
             f"{doc.eq(Sigmoid(sp.Symbol('x')), _frac(1, _add(1, sp.exp(-sp.Symbol('x')))))}, "
             "divide numerator and denominator by the numerator:",),
            (first, b.build(boxed=True)),
            ("So two-class softmax is logistic regression on the difference of the logits.",),
        ),
        *_worked(c, ("sigmoid",)),
    )


@dataclass(frozen=True)
class Spec:
    """A derivation's name, title, and builder; `only_k` for K-specific results."""

    name: str
    title: str
    build: Callable[[Ctx], tuple[Section, ...]]
    uses_targets_condition: bool = False
    uses_cross_entropy: bool = False
    only_k: int | None = None
    uses_shorthand: bool = True
    proves: tuple[str, str] = ("", "")  # (catalogue claim, part) that the last line must equal


DERIVATIONS: dict[str, Spec] = {
    s.name: s
    for s in [
        Spec("softmax-jacobian", "The Jacobian of softmax", jacobian_sections,
             proves=("softmax-jacobian-matrix", "J = diag(y) − y yᵀ")),
        Spec("cross-entropy-chain-rule", "Cross-entropy gradient: two routes",
             ce_chain_sections, True, True, proves=("cross-entropy-gradient", "∂E/∂z = y − t")),
        Spec("cross-entropy-log-sum-exp", "Cross-entropy gradient via log-sum-exp",
             ce_direct_sections, True, True, proves=("cross-entropy-gradient", "∂E/∂z = y − t")),
        Spec("softmax-backprop", "Backpropagation through softmax for any loss",
             backprop_sections, proves=("softmax-backprop", "MSE instance")),
        Spec("softmax-sigmoid", "Two-class softmax is the logistic sigmoid", sigmoid_sections,
             only_k=2, uses_shorthand=False, proves=("softmax-sigmoid", "y_2 = σ(z_2 − z_1)")),
    ]
}


class UnknownDerivationError(ValueError):
    """A derivation name that is not in DERIVATIONS."""


def build(name: str, k: int | None, notation: Notation | None = None) -> Derivation:
    """Build and verify derivation `name` for K = k (None: symbolic K)."""
    if name not in DERIVATIONS:
        known = ", ".join(DERIVATIONS)
        raise UnknownDerivationError(f"unknown derivation {name!r} (known: {known})")
    spec = DERIVATIONS[name]
    if spec.only_k is not None and k != spec.only_k:
        raise UnknownDerivationError(f"{name} is about K = {spec.only_k} only (use --k "
                                     f"{spec.only_k})")
    ctx = Ctx(notation or Notation(), k)
    doc = _Doc(ctx)
    definitions = [doc.softmax_definition()]
    if spec.uses_shorthand:
        definitions.append(doc.shorthand())
    if spec.uses_cross_entropy:
        loss = ctx.definitions()[ctx.E].xreplace({ctx.n: ctx.k})
        definitions.append(f"Cross-entropy: {doc.eq(ctx.E, loss)} with targets "
                           f"{doc.m(ctx.t[ctx.k])}.")
    conditions = [doc.targets_condition()] if spec.uses_targets_condition else []
    sections = spec.build(ctx)
    proves = tie_to_claim(spec, ctx, sections)
    title = spec.title
    if k is not None and spec.only_k is None:
        title += f" for ${to_latex(ctx, ctx.Ksym)} = {k}$"
    return Derivation(name, title, k, ctx.notation, tuple(definitions), tuple(conditions),
                      sections, ctx, proves)


def tie_to_claim(spec: Spec, ctx: Ctx, sections: tuple[Section, ...]) -> str:
    """The claim the last line proves; StepError unless start and result equal its two sides."""
    claim_name, part_name = spec.proves
    claim = CATALOGUE[claim_name]
    part = next(p for p in claim.parts if p.name == part_name)
    chain = [sec for sec in sections if sec.chains][-1].chains[-1]  # (a worked example follows)
    context = Context(part.indices, part.distinct, (), claim.conditions, (), ctx.k_value,
                      ctx.notation, 4, 0, max_entries=12)
    pairs = []
    for side, mine, theirs in (("start", chain.start, part.lhs),
                               ("last line", chain.result, part.rhs)):
        if not isinstance(mine, sp.MatrixBase):
            pairs.append((side, to_builder(ctx, mine), theirs, context))
            continue
        for (r, c), entry in np.ndenumerate(np.array(mine.tolist(), dtype=object)):
            at = dict(zip(part.indices, (r + 1, c + 1), strict=True))
            pairs.append((f"{side}, entry ({r + 1}, {c + 1})", to_builder(ctx, entry),
                          lambda m, ix, at=at, theirs=theirs: theirs(m, at),
                          replace(context, names=(), distinct=())))
    for side, mine, theirs, context in pairs:
        try:
            d = decide(mine, theirs, context)
        except (NotReadable, IndexError) as err:
            raise StepError(f"{spec.name}: its {side} cannot be compared with the catalogue "
                            f"claim {claim_name} ({part_name}): {err}") from None
        if d.verdict != HOLDS:
            raise StepError(f"{spec.name}: its {side} is not the {side} of the catalogue claim "
                            f"{claim_name} ({part_name}): {d.reason or d.method}")
    return f"{claim_name} ({part.text(ctx.notation)})"

"""A printed step as a builder of the claim interface, so that `decide()` can judge it.

A derivation is written in SymPy objects that print well (`Ctx`: z_k, y_k, t_k, Σ, δ, ∂, E, L,
σ, diag(y), y yᵀ). `to_builder(ctx, expr)` reads such an expression against any model of
`derive.math.decide.Model`: y_k → m.y(k), ∂f/∂z_j → m.d(f, j), ∂f/∂y_k → m.dy(f, k),
E → −Σ_k t_k ln y_k, ∂L/∂z_j of the general loss → m.d_loss(j), ∂L/∂y_k → m.g(k). Nothing is
differentiated or simplified here: every model does that its own way.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import sympy as sp

from derive.math.claims import cross_entropy, mse

from .symbols import Ctx, DiagY, OuterY, Sigmoid

Builder = Callable[[Any, dict[str, Any]], Any]


class NotReadable(ValueError):
    """An expression outside the vocabulary of the claim interface."""


def to_builder(ctx: Ctx, expr: Any) -> Builder:
    """The builder (m, ix) → expr evaluated in model m with the free indices ix (by name)."""
    e = sp.sympify(expr)

    def build(m: Any, ix: dict[str, Any]) -> Any:
        env = {sp.Symbol(name, integer=True, positive=True): v for name, v in ix.items()}
        return _read(ctx, e, m, env)

    return build


def _number(m: Any, q: sp.Rational) -> Any:
    one = m.half * 2
    return one * int(q.p) / int(q.q) if q.q != 1 else one * int(q.p)


def _index(ctx: Ctx, e: sp.Expr, m: Any, env: dict[sp.Symbol, Any]) -> Any:
    if e in env:
        return env[e]
    if e.is_Integer:
        return int(e)
    if isinstance(e, sp.Symbol):
        raise NotReadable(f"index {e} is not bound")
    return _read(ctx, e, m, env)


def _class_count(m: Any) -> Any:
    return m.sum(lambda k: 1)


def _read(ctx: Ctx, e: Any, m: Any, env: dict[sp.Symbol, Any]) -> Any:
    if isinstance(e, sp.Rational):
        return _number(m, e)
    if e is sp.E:
        return m.exp(m.half * 2)
    if isinstance(e, sp.Symbol):
        if e in env:
            return env[e]
        if e == ctx.Ksym:
            return _class_count(m)
        if e == ctx.E:
            return cross_entropy(m)
        if e == ctx.L_mse:
            return mse(m)
        raise NotReadable(f"no value for the symbol {e}")
    if isinstance(e, sp.Indexed):
        i = _index(ctx, e.indices[0], m, env)
        if e.base == ctx.z:
            return m.logit(i)
        if e.base == ctx.y:
            return m.y(i)
        if e.base == ctx.t:
            return m.t(i)
        raise NotReadable(f"no value for {e}")
    if isinstance(e, sp.Add):
        out: Any = 0
        for a in e.args:
            out = out + _read(ctx, a, m, env)
        return out
    if isinstance(e, sp.Mul):
        out = 1
        for a in e.args:
            out = out * _read(ctx, a, m, env)
        return out
    if isinstance(e, sp.Pow):
        base = _read(ctx, e.base, m, env)
        if e.exp.is_Integer:
            return base ** int(e.exp)
        return base ** _read(ctx, e.exp, m, env)
    if isinstance(e, sp.exp):
        return m.exp(_read(ctx, e.args[0], m, env))
    if isinstance(e, sp.log):
        return m.log(_read(ctx, e.args[0], m, env))
    if isinstance(e, Sigmoid):
        return 1 / (1 + m.exp(-_read(ctx, e.args[0], m, env)))
    if isinstance(e, sp.KroneckerDelta):
        return m.delta(*(_index(ctx, a, m, env) for a in e.args))
    if isinstance(e, DiagY):
        a, b = (_index(ctx, x, m, env) for x in e.args)
        return m.delta(a, b) * m.y(a)
    if isinstance(e, OuterY):
        a, b = (_index(ctx, x, m, env) for x in e.args)
        return m.y(a) * m.y(b)
    if isinstance(e, sp.Sum):
        (k, lo, hi), = e.limits
        if lo != 1 or not (hi == ctx.Ksym or (hi.is_Integer and hi == ctx.K)):
            raise NotReadable(f"a sum over {lo}..{hi} (only 1..K is read)")
        return m.sum(lambda v: _read(ctx, e.function, m, {**env, k: v}))
    if isinstance(e, sp.Derivative):
        (var, n), = e.variable_count
        return _derivative(ctx, e.expr, var, int(n), m, env)
    raise NotReadable(f"cannot read {type(e).__name__}")


def _derivative(ctx: Ctx, f: sp.Expr, var: sp.Expr, n: int, m: Any,
                env: dict[sp.Symbol, Any]) -> Any:
    """∂ⁿf/∂varⁿ for var = z_j or y_k; the general loss L by its own rules."""
    if not isinstance(var, sp.Indexed) or var.base not in (ctx.z, ctx.y):
        raise NotReadable(f"a derivative with respect to {var}")
    j = _index(ctx, var.indices[0], m, env)
    if f == ctx.L and n == 1:
        return m.d_loss(j) if var.base == ctx.z else m.g(j)

    def inner(mm: Any) -> Any:
        if n == 1:
            return _read(ctx, f, mm, env)
        return _derivative(ctx, f, var, n - 1, mm, env)

    return m.d(inner, j) if var.base == ctx.z else m.dy(inner, j)

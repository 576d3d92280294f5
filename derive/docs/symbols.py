"""The objects a derivation is written in: logits z_k, outputs y_k, targets t_k, losses, sums.

`Ctx` hands out the letters of a notation (for one K or for symbolic K) and knows how to
*unfold* a printed expression into plain algebra in z (y_i = e^{z_i} / Σ_l e^{z_l}, losses by
their definitions), which is what the verifier decides. `DocPrinter` prints the same objects
in the document's notation.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import sympy as sp
from sympy.printing.latex import LatexPrinter

from derive.math.model import linearize_sums
from derive.math.notation import GREEK, Notation

# Letters the documents use for indices, Euler's number, the generic loss, the Jacobian,
# the Kronecker delta and the sigmoid.
RESERVED = frozenset("i j k l e L J delta sigma".split())


class Sigmoid(sp.Function):
    """σ(x) = 1 / (1 + e^{−x})."""

    nargs = 1


class DiagY(sp.Function):
    """(diag(y))_{ij} = δ_ij y_i."""

    nargs = 2


class OuterY(sp.Function):
    """(y yᵀ)_{ij} = y_i y_j."""

    nargs = 2


def _index(name: str) -> sp.Symbol:
    return sp.Symbol(name, integer=True, positive=True)


class Ctx:
    """Letters and definitions for one document: K concrete (int) or symbolic (None)."""

    def __init__(self, notation: Notation, K: int | None) -> None:
        n = self.notation = notation
        self.k_value = K
        self.Ksym = sp.Symbol(n.classes, integer=True, positive=True)
        self.K: sp.Expr = sp.Integer(K) if K is not None else self.Ksym
        self.z = sp.IndexedBase(n.logits)
        self.y = sp.IndexedBase(n.outputs)
        self.t = sp.IndexedBase(n.targets)
        self.g = sp.IndexedBase("dL_dy")  # ∂L/∂y_k of a general loss, only inside unfold
        self.i, self.j, self.k, self.p = (_index(s) for s in "ijkl")
        # summation indices that only occur in unfolded (never printed) expressions
        self.l, self.m, self.n = (_index(s) for s in ("_l", "_m", "_n"))
        self.E = sp.Symbol(n.loss)  # cross-entropy −Σ_k t_k ln y_k
        self.L = sp.Symbol("L_any")  # an arbitrary loss L(y_1, …, y_K), printed L
        self.L_mse = sp.Symbol("L_mse")  # ½ Σ_k (y_k − t_k)²
        taken = {n.logits, n.outputs, n.targets, n.loss, n.classes}
        self.S = sp.Symbol(next(s for s in ("S", "Z", "Q") if s not in taken))  # Σ_k e^{z_k}

    # -- building blocks ---------------------------------------------------------------
    def sum(self, fn: Callable[[sp.Symbol], sp.Expr], idx: sp.Symbol | None = None) -> sp.Expr:
        """Σ_{idx=1}^{K} fn(idx), unevaluated."""
        idx = idx or self.k
        return sp.Sum(fn(idx), (idx, 1, self.K))

    def denom(self, idx: sp.Symbol | None = None) -> sp.Expr:
        """Σ_k e^{z_k}."""
        return self.sum(lambda k: sp.exp(self.z[k]), idx)

    def softmax(self, i: sp.Expr, idx: sp.Symbol | None = None) -> sp.Expr:
        """e^{z_i} / Σ_k e^{z_k}."""
        return sp.Mul(sp.exp(self.z[i]), sp.Pow(self.denom(idx), -1), evaluate=False)

    def d(self, f: sp.Expr, var: sp.Expr) -> sp.Expr:
        """∂f/∂var, unevaluated."""
        return sp.Derivative(f, var, evaluate=False)

    def definitions(self) -> dict[sp.Symbol, sp.Expr]:
        """Named losses and their definitions in y and t."""
        return {
            self.E: -self.sum(lambda k: self.t[k] * sp.log(self.y[k]), self.n),
            self.L_mse: sp.Rational(1, 2)
            * self.sum(lambda k: (self.y[k] - self.t[k]) ** 2, self.n),
            self.S: self.denom(self.n),
        }

    # -- unfolding for the verifier ------------------------------------------------------
    def unfold(self, expr: Any) -> Any:
        """expr as plain algebra in z, t (and ∂L/∂y_k for a general L); derivatives done."""
        if isinstance(expr, sp.MatrixBase):
            return expr.applyfunc(self.unfold)
        e = sp.sympify(expr)
        # a general loss: ∂L/∂y_k is a free quantity, ∂L/∂z_j is Σ_m ∂L/∂y_m ∂y_m/∂z_j
        e = e.replace(
            lambda x: isinstance(x, sp.Derivative) and x.expr == self.L,
            self._unfold_general_loss,
        )
        e = e.xreplace(self.definitions())
        e = e.replace(
            lambda x: isinstance(x, sp.Derivative) and _is(x.variables[0], self.y),
            derivatives_done,
        )
        e = e.replace(lambda x: isinstance(x, DiagY), lambda x: sp.KroneckerDelta(*x.args)
                      * self.y[x.args[0]])
        e = e.replace(lambda x: isinstance(x, OuterY), lambda x: self.y[x.args[0]]
                      * self.y[x.args[1]])
        e = e.replace(lambda x: isinstance(x, Sigmoid), lambda x: 1 / (1 + sp.exp(-x.args[0])))
        e = e.replace(
            lambda x: _is(x, self.y),
            lambda x: sp.exp(self.z[x.indices[0]]) / self.denom(self.l),
        )
        return derivatives_done(e)

    def _unfold_general_loss(self, x: sp.Derivative) -> sp.Expr:
        var = x.variables[0]
        if _is(var, self.y):
            return self.g[var.indices[0]]
        return self.sum(lambda m: self.g[m] * sp.Derivative(self.y[m], var), self.m)



def derivatives_done(e: sp.Expr) -> sp.Expr:
    """Every Derivative evaluated (innermost first), then Σ_k δ_{ka} f(k) → f(a).

    No closed-form summation: Sum.doit() would try Gosper on every symbolic range, in vain.
    """
    e = e.replace(lambda x: isinstance(x, sp.Derivative), lambda x: x.doit(deep=False))
    return linearize_sums(e)


def _is(x: Any, base: sp.IndexedBase) -> bool:
    return isinstance(x, sp.Indexed) and x.base == base


def letter(name: str) -> str:
    """LaTeX for a symbol name: Greek names get a backslash."""
    return f"\\{name}" if name in GREEK else name


class DocPrinter(LatexPrinter):
    """LaTeX in the document's notation: y_{ij}-style indices, ∂y_i/∂z_j, ln, σ, diag."""

    def __init__(self, ctx: Ctx) -> None:
        super().__init__({"order": "none", "ln_notation": True})
        self.ctx = ctx

    def _print_Symbol(self, expr: sp.Symbol, style: str = "plain") -> str:  # noqa: ARG002
        if expr == self.ctx.L_mse or expr == self.ctx.L:
            return "L"
        return letter(expr.name)

    def _print_IndexedBase(self, expr: sp.IndexedBase) -> str:
        return letter(str(expr.label))

    def _print_Indexed(self, expr: sp.Indexed) -> str:
        ix = "".join(self._print(i) for i in expr.indices)
        return f"{self._print(expr.base)}_{{{ix}}}"

    def _print_KroneckerDelta(self, expr: sp.KroneckerDelta, exp: Any = None) -> str:
        ix = "".join(self._print(a) for a in expr.args)
        return f"\\delta_{{{ix}}}" + (f"^{{{exp}}}" if exp else "")

    def _print_Derivative(self, expr: sp.Derivative) -> str:
        var = self._print(expr.variables[0])
        f = expr.expr
        if isinstance(f, sp.Indexed | sp.Symbol):
            return f"\\frac{{\\partial {self._print(f)}}}{{\\partial {var}}}"
        return f"\\frac{{\\partial}}{{\\partial {var}}}\\left({self._print(f)}\\right)"

    def _print_Sigmoid(self, expr: Sigmoid, exp: Any = None) -> str:
        return f"\\sigma\\left({self._print(expr.args[0])}\\right)" + (f"^{{{exp}}}" if exp else "")

    def _print_DiagY(self, expr: DiagY, exp: Any = None) -> str:  # noqa: ARG002
        ix = "".join(self._print(a) for a in expr.args)
        return f"\\operatorname{{diag}}({self._print(self.ctx.y)})_{{{ix}}}"

    def _print_OuterY(self, expr: OuterY, exp: Any = None) -> str:  # noqa: ARG002
        ix = "".join(self._print(a) for a in expr.args)
        y = self._print(self.ctx.y)
        return f"({y}\\,{y}^{{\\mathsf T}})_{{{ix}}}"

    def _print_Mul(self, expr: sp.Mul) -> str:
        args = [a for a in expr.args if a != 1]
        if len(args) > 1 and isinstance(args[0], sp.Rational) and not args[0].is_Integer:
            rest = sp.Mul(*args[1:], evaluate=False) if len(args) > 2 else args[1]
            q = args[0]
            sign = "- " if q < 0 else ""
            return f"{sign}\\frac{{{abs(q.p)}}}{{{q.q}}} {self._print(rest)}"
        if len(args) > 1 and args[0] == -1:
            rest = sp.Mul(*args[1:], evaluate=False) if len(args) > 2 else args[1]
            inner = self._print(rest)
            return f"- \\left({inner}\\right)" if isinstance(rest, sp.Add) else f"- {inner}"
        if len(args) != len(expr.args):
            expr = sp.Mul(*args, evaluate=False) if len(args) > 1 else (args or [sp.Integer(1)])[0]
            return self._print(expr)
        return super()._print_Mul(expr)

    def _print_ImmutableDenseMatrix(self, expr: sp.MatrixBase) -> str:
        rows = [" & ".join(self._print(c) for c in expr.row(r)) for r in range(expr.rows)]
        return "\\begin{pmatrix}" + " \\\\ ".join(rows) + "\\end{pmatrix}"

    _print_ImmutableMatrix = _print_ImmutableDenseMatrix
    _print_MutableDenseMatrix = _print_ImmutableDenseMatrix


def to_latex(ctx: Ctx, expr: Any) -> str:
    """LaTeX of expr in ctx's notation."""
    return DocPrinter(ctx).doprint(expr)

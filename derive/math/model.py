"""Softmax y_i = e^{z_i} / Σ_k e^{z_k} and its losses, for a chosen K and for symbolic K.

A claim is written once against the small interface below (`y`, `d`, `sum`, `delta`, …) and
evaluated by three models: `ConcreteModel` (exact algebra for one K), `SymbolicKModel`
(IndexedBase/Sum/KroneckerDelta for every K) and `derive.math.numeric.NumericModel` (floating point,
derivatives by the complex step: the independent witness).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from types import ModuleType
from typing import Any

import sympy as sp

from derive.math.notation import Notation

Thunk = Callable[[Any], Any]
MAX_K = 2000  # largest concrete K the engine accepts; above it memory and time grow as K².

SUM_TARGETS_ONE = "sum-targets-one"
CONDITIONS: dict[str, str] = {SUM_TARGETS_ONE: "Σ_k t_k = 1"}
CONDITIONS_LATEX: dict[str, str] = {SUM_TARGETS_ONE: r"\sum_k t_k = 1"}


def _backend(name: str) -> ModuleType:
    if name == "symengine":
        import symengine

        return symengine
    if name == "sympy":
        return sp
    raise ValueError(f"unknown algebra backend {name!r}")


@dataclass(frozen=True)
class Stage:
    """One way to decide `numerator == 0`: a description and a substitution applied first.

    `point` maps every symbol to an exact rational value that satisfies the stage's
    substitution (S = Σ_k u_k, and Σ_k t_k = 1 when assumed); a nonzero value of the numerator
    there proves the stage cannot show it is 0, before any expansion is paid for.
    """

    method: str
    substitute: Callable[[Any], Any]
    point: dict[Any, Any] | None = None


class ConcreteModel:
    """Exact model for one K: e^{z_k} is a symbol u_k, so is S = Σ_k u_k; D_j = u_j(∂_{u_j} + ∂_S).

    Treating S as a symbol makes every Jacobian entry O(1); the prover substitutes S = Σ_k u_k
    only when an identity needs it (e.g. J·1 = 0).
    """

    def __init__(
        self,
        K: int,
        notation: Notation | None = None,
        backend: str = "symengine",
        conditions: tuple[str, ...] = (),
    ) -> None:
        self.K = K
        self.B = B = _backend(backend)
        self.backend = backend
        self.notation = notation or Notation()
        self.conditions = conditions
        z, t = self.notation.logits, self.notation.targets
        self.u = [B.Symbol(f"exp_{z}{k}") for k in range(1, K + 1)]
        self.t_ = [B.Symbol(f"{t}{k}") for k in range(1, K + 1)]
        self.g_ = [B.Symbol(f"dL_d{self.notation.outputs}{k}") for k in range(1, K + 1)]
        self.S = B.Symbol("S")
        self.w = B.Symbol("exp_c")  # e^{c} for a shift c
        self.half = B.Rational(1, 2)
        self._stages: list[Stage] | None = None

    # -- the claim interface -------------------------------------------------------------
    def y(self, i: int) -> Any:
        """y_i = u_i / S."""
        return self.u[i - 1] / self.S

    def softmax(self, i: int, shift: bool = False) -> Any:
        """softmax(z + c·1)_i written out: u_i e^c / Σ_k u_k e^c (plain y_i when not shifted)."""
        if not shift:
            return self.y(i)
        return self.u[i - 1] * self.w / self.B.Add(*[uk * self.w for uk in self.u])

    def sigmoid_of_difference(self, a: int, b: int) -> Any:
        """σ(z_a − z_b) = 1 / (1 + e^{−(z_a − z_b)}) = 1 / (1 + u_b / u_a)."""
        return 1 / (1 + self.u[b - 1] / self.u[a - 1])

    def t(self, i: int) -> Any:
        return self.t_[i - 1]

    def g(self, i: int) -> Any:
        """∂L/∂y_i for an arbitrary loss L: an independent symbol per i."""
        return self.g_[i - 1]

    def log(self, x: Any) -> Any:
        return self.B.log(x)

    def delta(self, i: int, j: int) -> Any:
        return self.B.Integer(1 if i == j else 0)

    def sum(self, fn: Callable[[int], Any]) -> Any:
        """Σ_{k=1}^{K} fn(k), written out (one K-term Add, not K nested binary sums)."""
        return self.B.Add(*[fn(k) for k in range(1, self.K + 1)])

    def d(self, thunk: Thunk, j: int) -> Any:
        """∂f/∂z_j by the chain rule: u_j (∂f/∂u_j + ∂f/∂S), since ∂u_j/∂z_j = u_j = ∂S/∂z_j."""
        f = thunk(self)
        uj = self.u[j - 1]
        return uj * (self.B.diff(f, uj) + self.B.diff(f, self.S))

    def d_loss(self, j: int) -> Any:
        """∂L/∂z_j for L(y_1..y_K) by the multivariate chain rule: Σ_m ∂L/∂y_m ∂y_m/∂z_j."""
        return self.sum(lambda m: self.g(m) * self.d(lambda mm: mm.y(m), j))

    # -- what the prover may substitute ----------------------------------------------------
    def stages(self) -> list[Stage]:
        """Substitutions tried after the plain test, weakest first: S = Σu; then the conditions."""
        if self._stages is None:
            B = self.B
            total = B.Add(*self.u)
            point = self._point()
            self._stages = [
                Stage(
                    "exact rational arithmetic with S = Σ_k e^{z_k}",
                    lambda e: B.expand(e).subs({self.S: total}),
                    point,
                )
            ]
            if SUM_TARGETS_ONE in self.conditions:
                last = 1 - B.Add(*self.t_[:-1])
                on_simplex = {**point, self.t_[-1]: point[self.t_[-1]] + 1 - sum(
                    (point[t] for t in self.t_), B.Integer(0))}
                self._stages.append(
                    Stage(
                        "exact rational arithmetic with S = Σ_k e^{z_k} and Σ_k t_k = 1",
                        lambda e: B.expand(e).subs({self.S: total}).subs({self.t_[-1]: last}),
                        on_simplex,
                    )
                )
        return self._stages

    def _point(self) -> dict[Any, Any]:
        """Seeded exact values: u_k, t_k, g_k, e^c positive rationals, S = Σ_k u_k."""
        import random

        rng = random.Random(20240601 + self.K)
        B = self.B
        point: dict[Any, Any] = {}
        for s in [*self.u, *self.t_, *self.g_, self.w]:
            point[s] = B.Rational(rng.randint(1, 10**6), rng.randint(1, 10**3))
        point[self.S] = sum((point[uk] for uk in self.u), B.Integer(0))
        return point

    def _powers_of_s_removed(self, numer: Any) -> Any:
        """numer / S^m for the lowest power m of S in the expanded numerator (S = Σu > 0).

        Dividing first keeps S = Σ_k u_k from being substituted into S^m·(…): the expansion
        of a power of a K-term sum is what made the substitution cost O(K^m).
        """
        terms = numer.args if isinstance(numer, self.B.Add) else (numer,)
        m = min(int(t.as_powers_dict().get(self.S, 0)) for t in terms)
        if m <= 0:
            return numer
        return self.B.expand(numer / self.S**m)

    def is_zero(self, expr: Any) -> str | None:
        """The method that proves expr ≡ 0 (its numerator expands to 0), or None.

        A stage is skipped when the numerator is a nonzero number at the stage's exact rational
        point (it cannot be 0 under that stage's substitution), so a false identity is rejected
        without expanding; this never changes a verdict, only how fast None comes back.
        """
        numer, _ = expr.as_numer_denom()
        numer = self.B.expand(numer)
        if numer == 0:
            return f"exact rational arithmetic ({self.backend})"
        numer = self._powers_of_s_removed(numer)
        for stage in self.stages():
            if stage.point is not None:
                value = numer.xreplace(stage.point) if self.backend == "sympy" else \
                    numer.subs(stage.point)
                if value.is_Number and value != 0:
                    continue
            if self.B.expand(stage.substitute(numer)) == 0:
                return f"{stage.method} ({self.backend})"
        return None


class SymbolicKModel:
    """Model for every K: z, t, ∂L/∂y as IndexedBase, Σ as Sum over 1..K, δ as KroneckerDelta."""

    def __init__(self, notation: Notation | None = None, conditions: tuple[str, ...] = ()) -> None:
        self.notation = n = notation or Notation()
        self.conditions = conditions
        self.K = sp.Symbol(n.classes, integer=True, positive=True)
        self.z = sp.IndexedBase(n.logits)
        self.t_ = sp.IndexedBase(n.targets)
        self.g_ = sp.IndexedBase(f"dL_d{n.outputs}")
        self.c = sp.Symbol("c", real=True)
        self.half = sp.Rational(1, 2)
        self.indices: list[sp.Symbol] = []
        self._dummies = 0

    def index(self, name: str) -> sp.Symbol:
        """A free index 1 <= name <= K."""
        s = sp.Symbol(name, integer=True, positive=True)
        if s not in self.indices:
            self.indices.append(s)
        return s

    def _dummy(self) -> sp.Symbol:
        self._dummies += 1
        return self.index(f"_k{self._dummies}")

    def assumptions(self) -> sp.Basic:
        """1 <= idx <= K for every index this model has handed out."""
        return sp.And(*[sp.Q.le(s, self.K) & sp.Q.ge(s, 1) for s in self.indices])

    def stated_assumptions(self) -> list[str]:
        free = [s.name for s in self.indices if not s.name.startswith("_")]
        return ["K >= 1 an integer"] + [f"1 <= {name} <= K" for name in free]

    def denominator(self, shift: bool = False) -> sp.Expr:
        k = self._dummy()
        arg = self.z[k] + self.c if shift else self.z[k]
        return sp.Sum(sp.exp(arg), (k, 1, self.K))

    def y(self, i: sp.Expr) -> sp.Expr:
        return sp.exp(self.z[i]) / self.denominator()

    def softmax(self, i: sp.Expr, shift: bool = False) -> sp.Expr:
        arg = self.z[i] + self.c if shift else self.z[i]
        return sp.exp(arg) / self.denominator(shift)

    def sigmoid_of_difference(self, a: sp.Expr, b: sp.Expr) -> sp.Expr:
        return 1 / (1 + sp.exp(-(self.z[a] - self.z[b])))

    def t(self, i: sp.Expr) -> sp.Expr:
        return self.t_[i]

    def g(self, i: sp.Expr) -> sp.Expr:
        return self.g_[i]

    def log(self, x: sp.Expr) -> sp.Expr:
        return sp.log(x)

    def delta(self, i: sp.Expr, j: sp.Expr) -> sp.Expr:
        return sp.KroneckerDelta(i, j)

    def sum(self, fn: Callable[[sp.Symbol], sp.Expr]) -> sp.Expr:
        k = self._dummy()
        return sp.Sum(fn(k), (k, 1, self.K))

    def d(self, thunk: Thunk, j: sp.Expr) -> sp.Expr:
        """∂f/∂z_j via sympy.diff; sums of Kronecker deltas collapse (every index is in 1..K)."""
        return linearize_sums(sp.diff(thunk(self), self.z[j]))

    def d_loss(self, j: sp.Expr) -> sp.Expr:
        """∂L/∂z_j = Σ_m ∂L/∂y_m ∂y_m/∂z_j (multivariate chain rule)."""
        return self.sum(lambda m: self.g(m) * self.d(lambda mm: mm.y(m), j))

    # -- deciding expr ≡ 0 for every K -------------------------------------------------------
    def is_zero(self, expr: sp.Expr, distinct: tuple[tuple[sp.Symbol, sp.Symbol], ...] = ()) -> (
        str | None
    ):
        """The method proving expr ≡ 0 for all K and all index values, or None.

        Split on every KroneckerDelta(a, b) of free indices (a = b, a ≠ b), pull factors free of
        the summation index out of each Sum, name each remaining Sum (Σ e^{z_k} = S, Σ t_k = T),
        then the numerator of a rational function in independent atoms must expand to 0.
        """
        expr = linearize_sums(sp.expand_log(sp.sympify(expr), force=True))
        cases = _delta_cases(expr, {frozenset(p) for p in distinct})
        used_condition = False
        for case in cases:
            method = self._case_is_zero(case)
            if method is None:
                return None
            used_condition |= method == "condition"
        method = "symbolic K: Kronecker-delta case split, sums named, exact rational arithmetic"
        if used_condition:
            method += " with Σ_k t_k = 1"
        return method + " (sympy)"

    def _case_is_zero(self, expr: sp.Expr) -> str | None:
        atoms: dict[sp.Expr, sp.Symbol] = {}
        flat = _name_sums(linearize_sums(expr), atoms, self)
        flat = flat.replace(lambda e: isinstance(e, sp.exp), exp_atoms)
        numer = sp.expand(sp.together(flat).as_numer_denom()[0])
        if numer == 0:
            return "plain"
        if SUM_TARGETS_ONE in self.conditions and _T in atoms.values():
            if sp.expand(numer.subs(_T, 1)) == 0:
                return "condition"
        return None


_S = sp.Symbol("S", positive=True)  # Σ_k e^{z_k}
_T = sp.Symbol("T")  # Σ_k t_k
_CANON = sp.Symbol("_canon", integer=True, positive=True)


def exp_atoms(e: sp.exp) -> sp.Expr:
    """e^{Σ_r n_r a_r} → Π_r (e^{a_r})^{n_r} with each e^{a_r} a positive symbol."""
    out = sp.Integer(1)
    for term in sp.Add.make_args(sp.expand(e.args[0])):
        coeff, atom = term.as_coeff_Mul()
        if atom == 1:
            out *= sp.exp(coeff)
        else:
            out *= sp.Symbol(f"exp_{atom}", positive=True) ** coeff
    return out


def _delta_cases(expr: sp.Expr, distinct: set[frozenset]) -> list[sp.Expr]:
    """expr with each KroneckerDelta(a, b) of free indices resolved: a = b and a ≠ b."""
    free = expr.free_symbols  # a δ of a summation index stays inside its Sum, unsplit
    deltas = [
        d
        for d in expr.atoms(sp.KroneckerDelta)
        if all(isinstance(a, sp.Symbol) and a in free for a in d.args)
    ]
    if not deltas:
        return [expr]
    a, b = deltas[0].args
    unequal = expr.subs(deltas[0], 0)
    cases = _delta_cases(unequal, distinct)
    if frozenset((a, b)) not in distinct:
        cases += _delta_cases(linearize_sums(expr.subs(b, a)), distinct)
    return cases


def linearize_sums(expr: sp.Expr) -> sp.Expr:
    """Σ_k (a f(k) + b g(k)) → a Σ_k f(k) + b Σ_k g(k) for a, b free of k, bottom up; and
    Σ_k δ_{k a} f(k) → f(a), which holds because every index a lies in 1..K."""
    if not expr.args:
        return expr
    if not isinstance(expr, sp.Sum):
        return expr.func(*[linearize_sums(a) for a in expr.args])
    body = linearize_sums(expr.function)
    ((k, lo, hi),) = expr.limits
    total = sp.Integer(0)
    for term in sp.Add.make_args(sp.expand(body)):
        factors = list(sp.Mul.make_args(term))
        delta = next(
            (f for f in factors if isinstance(f, sp.KroneckerDelta) and k in f.args
             and lo == 1 and hi.is_Symbol and not all(a == k for a in f.args)),
            None,
        )
        if delta is not None:
            other = delta.args[1] if delta.args[0] == k else delta.args[0]
            factors.remove(delta)
            total += linearize_sums(sp.Mul(*factors).subs(k, other))
            continue
        inside, outside = [], []
        for factor in factors:
            (inside if k in factor.free_symbols else outside).append(factor)
        summand = sp.Mul(*inside)
        if summand == 1:
            total += sp.Mul(*outside) * (hi - lo + 1)
        else:
            total += sp.Mul(*outside) * sp.Sum(summand, (k, lo, hi))
    return total


def _name_sums(expr: sp.Expr, atoms: dict[sp.Expr, sp.Symbol], model: SymbolicKModel) -> sp.Expr:
    """Replace each Sum by a symbol, equal sums (up to the name of their index) by the same one."""

    def name(s: sp.Sum) -> sp.Symbol:
        (k, lo, hi), = s.limits
        key = sp.Sum(s.function.subs(k, _CANON), (_CANON, lo, hi))
        if key not in atoms:
            if key.function == sp.exp(model.z[_CANON]) and (lo, hi) == (1, model.K):
                atoms[key] = _S
            elif key.function == model.t_[_CANON] and (lo, hi) == (1, model.K):
                atoms[key] = _T
            else:
                atoms[key] = sp.Symbol(f"Sigma{len(atoms)}")
        return atoms[key]

    return expr.replace(lambda e: isinstance(e, sp.Sum), name)

"""Softmax y_i = e^{z_i} / Σ_k e^{z_k} and its losses, for a chosen K and for symbolic K.

A claim is written once against the small interface below (`y`, `d`, `sum`, `delta`, …) and
evaluated by three models: `ConcreteModel` (exact algebra for one K), `SymbolicKModel`
(IndexedBase/Sum/KroneckerDelta for every K) and `derive.math.numeric.NumericModel` (floating point,
derivatives by the complex step: the independent witness).
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass
from types import ModuleType
from typing import Any

import sympy as sp
from sympy.tensor.indexed import IndexException

from derive.math.conditions import CONDITIONS, CONDITIONS_LATEX, SUM_TARGETS_ONE
from derive.math.indices import check_index
from derive.math.notation import Notation
from derive.math.summand import SumCache

__all__ = ["CONDITIONS", "CONDITIONS_LATEX", "SUM_TARGETS_ONE", "ConcreteModel", "SymbolicKModel"]

Thunk = Callable[[Any], Any]
Definition = Callable[[Any, tuple[Any, ...]], Any]  # (model, index values) -> value
MAX_K = 2000  # largest concrete K the engine accepts; above it memory and time grow as K².



def _backend(name: str) -> ModuleType:
    if name == "symengine":
        import symengine

        return symengine
    if name == "sympy":
        return sp
    raise ValueError(f"unknown algebra backend {name!r}")


class NotModelled(Exception):
    """The exact engine does not model this expression (the reason is the message)."""


class ShapeMismatch(NotModelled):
    """One name written with two numbers of indices (w_i beside w_{ij}): the witness, which
    takes them as two arrays, cannot refute the claim either."""


GENERIC_LOSS_SECOND = ("a derivative of ∂L/∂y_k (a second derivative of the generic loss L) is "
                       "not modelled by the exact engines")


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
        self._g_set = set(self.g_)
        self._g_used = False
        self._powsums: dict[Any, tuple[Any, Any]] = {}  # W -> (e, Σ_k u_k^e)
        self._u_set = set(self.u)
        self._u_col = {uk: k for k, uk in enumerate(self.u)}  # u_k -> k − 1
        self.w = B.Symbol("exp_c")  # e^{c} for a shift c
        self.half = B.Rational(1, 2)
        self._stages: list[Stage] | None = None

    # -- the claim interface -------------------------------------------------------------
    def _col(self, i: Any) -> int:
        """i − 1 for a class 1 <= i <= K (`check_index` raises otherwise)."""
        if type(i) is int and 0 < i <= self.K:  # the common case, as check_index decides it
            return i - 1
        return check_index(i, self.K) - 1

    def y(self, i: int) -> Any:
        """y_i = u_i / S."""
        return self.u[self._col(i)] / self.S

    def logit(self, i: int) -> Any:
        """z_i = ln u_i."""
        return self.B.log(self.u[self._col(i)])

    def exp(self, x: Any) -> Any:
        """e^x with e^{c·ln u} = u^c for each term (symengine keeps exp(log(u)) otherwise)."""
        B = self.B
        x = B.expand(B.sympify(x))
        out, rest = B.Integer(1), B.Integer(0)
        for term in (x.args if x.is_Add else (x,)):
            factors = term.args if term.is_Mul else (term,)
            logs = [f for f in factors if type(f).__name__ == "log"]
            if len(logs) == 1:
                coeff = B.Mul(*[f for f in factors if f is not logs[0]])
                if coeff.is_Number or not (coeff.free_symbols & self._u_set):
                    out *= logs[0].args[0] ** coeff  # e^{c ln u} = u^c (u > 0), c may be 1/τ
                    continue
            rest += term
        return out * B.exp(rest) if rest != 0 else out

    def softmax(self, i: int, shift: bool = False) -> Any:
        """softmax(z + c·1)_i written out: u_i e^c / Σ_k u_k e^c (plain y_i when not shifted)."""
        if not shift:
            return self.y(i)
        return self.u[self._col(i)] * self.w / self.B.Add(*[uk * self.w for uk in self.u])

    def sigmoid_of_difference(self, a: int, b: int) -> Any:
        """σ(z_a − z_b) = 1 / (1 + e^{−(z_a − z_b)}) = 1 / (1 + u_b / u_a)."""
        return 1 / (1 + self.u[self._col(b)] / self.u[self._col(a)])

    def t(self, i: int) -> Any:
        return self.t_[self._col(i)]

    def g(self, i: int) -> Any:
        """∂L/∂y_i for an arbitrary loss L: a symbol per i (not differentiated further)."""
        self._g_used = True
        return self.g_[self._col(i)]

    def log(self, x: Any) -> Any:
        """ln x, with ln(P·R) = ln P + ln R pulled apart for factors P > 0 (u_k, S, their sums)."""
        B = self.B
        x = B.sympify(x)
        factors = x.args if x.is_Mul else (x,)
        out, rest = B.Integer(0), B.Integer(1)
        for f in factors:
            base, power = (f.args[0], f.args[1]) if f.is_Pow else (f, B.Integer(1))
            if self._positive(base) and power.is_Number:
                out += power * (self.logit(self._u_col[base] + 1) if base in self._u_set
                                else B.log(base))
            else:
                rest *= f
        return out + B.log(rest) if rest != 1 else out

    def _positive(self, e: Any) -> bool:
        """e > 0 for every z: built from u_k = e^{z_k} > 0, S > 0 and positive numbers."""
        if e.is_Number:
            return bool(e > 0)
        if e in self._u_set or e == self.S:
            return True
        if e.is_Add or e.is_Mul:
            return all(self._positive(a) for a in e.args)
        if e.is_Pow:
            return self._positive(e.args[0]) and e.args[1].is_Number
        return False

    def delta(self, i: int, j: int) -> Any:
        """δ_ij; a literal index outside 1..K equals no class index (δ = 0 there)."""
        return self.B.Integer(1 if int(i) == int(j) else 0)

    def sum(self, fn: Callable[[int], Any]) -> Any:
        """Σ_{k=1}^{K} fn(k), written out (one K-term Add, not K nested binary sums); the sum
        Σ_k e^{z_k} itself is the symbol S (d treats S by the chain rule, stages substitute it);
        a summand of its index alone (Σ_k 1) is summed once per model (`summand.SumCache`)."""
        cache = self.__dict__.setdefault("_sum_cache", SumCache())
        return cache.sum(fn, self._sum)

    def _sum(self, fn: Callable[[int], Any]) -> Any:
        """Σ_{k=1}^{K} fn(k) computed term by term."""
        terms = [fn(k) for k in range(1, self.K + 1)]
        if self.K > 1 and all(t == u for t, u in zip(terms, self.u, strict=True)):
            return self.S
        power = self._power_sum(terms)
        return power if power is not None else self.B.Add(*terms)

    def _power_sum(self, terms: list[Any]) -> Any:
        """Σ_k u_k^e for one symbolic e (the tempered Σ_k e^{z_k/τ}) as a symbol W_e."""
        if self.K < 2 or not all(getattr(t, "is_Pow", False) for t in terms):
            return None
        e = terms[0].args[1]
        if e.is_Number or any(t.args[0] != u or t.args[1] != e
                              for t, u in zip(terms, self.u, strict=True)):
            return None
        for W, (e2, _) in self._powsums.items():
            if e2 == e:
                return W
        W = self.B.Symbol(f"W{len(self._powsums)}")
        self._powsums[W] = (e, self.B.Add(*terms))
        return W

    def d(self, thunk: Thunk, j: int) -> Any:
        """∂f/∂z_j by the chain rule: u_j (∂f/∂u_j + ∂f/∂S), since ∂u_j/∂z_j = u_j = ∂S/∂z_j."""
        f = thunk(self)
        uj = self.u[self._col(j)]
        if self._g_used and any(g in self._g_set for g in f.free_symbols):
            raise NotModelled(GENERIC_LOSS_SECOND)
        out = uj * (self.B.diff(f, uj) + self.B.diff(f, self.S))
        for W, (e, _) in self._powsums.items():  # ∂W/∂z_j = e u_j^e for W = Σ_k u_k^e
            if W in f.free_symbols:
                out += self.B.diff(f, W) * e * uj ** e
        return out

    def d_loss(self, j: int) -> Any:
        """∂L/∂z_j for L(y_1..y_K) by the multivariate chain rule: Σ_m ∂L/∂y_m ∂y_m/∂z_j."""
        return self.sum(lambda m: self.g(m) * self.d(lambda mm: mm.y(m), j))

    def dy(self, thunk: Thunk, k: int) -> Any:
        """∂f/∂y_k with y_1..y_K independent: f in symbols Y_m, ∂/∂Y_k, then Y_m = u_m / S."""
        free = _FreeOutputs(self)
        f = thunk(free)
        Y = free.Y[self._col(k)]
        out = self.B.diff(f, Y)
        return out.subs({free.Y[m]: self.u[m] / self.S for m in range(self.K)})

    def var(self, name: str, idx: tuple[int, ...] = ()) -> Any:
        """An independent input name_idx (a quantity the document does not define)."""
        label = f"v_{name}" + "".join(f"_{check_index(i, self.K)}" for i in idx)
        return self.B.Symbol(label)

    def quantity(self, name: str, idx: tuple[int, ...], definition: Definition | None) -> Any:
        """name_idx: its definition, or a free symbol while differentiating by name."""
        freed = getattr(self, "_freed", {})
        if name in freed:
            return freed[name](idx)
        return definition(self, idx) if definition is not None else self.var(name, idx)

    def d_wrt(self, thunk: Thunk, name: str, idx: tuple[int, ...],
              definition: Definition | None) -> Any:
        """∂f/∂name_idx with every name_m independent, then name_m replaced by its value."""
        B = self.B
        made: dict[tuple[int, ...], Any] = {}

        def free(ix: tuple[int, ...]) -> Any:
            key = tuple(check_index(i, self.K) for i in ix)
            if key not in made:
                made[key] = B.Symbol(f"X_{name}" + "".join(f"_{i}" for i in key))
            return made[key]

        child = copy.copy(self)
        child._freed = {**getattr(self, "_freed", {}), name: free}
        target = free(idx)
        out = B.diff(thunk(child), target)
        back = {sym: self.quantity(name, key, definition) for key, sym in made.items()}
        return out.subs(back) if back else out

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
                    lambda e: B.expand(e).subs({self.S: total, **{
                        W: tot for W, (_, tot) in self._powsums.items()}}),
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
                        lambda e: B.expand(e).subs({self.S: total, **{
                            W: tot for W, (_, tot) in self._powsums.items()}}).subs(
                                {self.t_[-1]: last}),
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
        powers = [t.as_powers_dict().get(self.S, 0) for t in terms]
        if not all(getattr(p, "is_Integer", False) or p == 0 for p in powers):
            return numer  # S to a symbolic power (S^C): nothing to divide out
        m = min(int(p) for p in powers)
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


class _FreeOutputs(ConcreteModel):
    """A ConcreteModel whose outputs are free symbols Y_k (for ∂/∂y_k); no ∂/∂z_j of them."""

    def __init__(self, base: ConcreteModel) -> None:
        self.__dict__.update(base.__dict__)
        self.Y = [self.B.Symbol(f"Y{k}") for k in range(1, self.K + 1)]

    def y(self, i: int) -> Any:
        return self.Y[self._col(i)]

    def d(self, thunk: Thunk, j: int) -> Any:
        raise NotModelled("a derivative by z inside a derivative by y is not modelled")


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
        self.literals: set[int] = set()  # literal class indices the claim names (z_1, δ_{k5})
        self.compound: set[str] = set()  # index expressions such as j − 1 (may leave 1..K)

    def _see(self, *ixs: Any) -> None:
        """Record literal and compound indices: they decide which K the proof covers."""
        for i in ixs:
            i = sp.sympify(i)
            if i.is_Integer:
                self.literals.add(int(i))
            elif not i.is_Symbol and i != self.K:  # K itself: the last class
                self.compound.add(str(i))

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
        self._see(i)
        return sp.exp(self.z[i]) / self.denominator()

    def logit(self, i: sp.Expr) -> sp.Expr:
        self._see(i)
        return self.z[i]

    def exp(self, x: sp.Expr) -> sp.Expr:
        return sp.exp(x)

    def softmax(self, i: sp.Expr, shift: bool = False) -> sp.Expr:
        self._see(i)
        arg = self.z[i] + self.c if shift else self.z[i]
        return sp.exp(arg) / self.denominator(shift)

    def sigmoid_of_difference(self, a: sp.Expr, b: sp.Expr) -> sp.Expr:
        self._see(a, b)
        return 1 / (1 + sp.exp(-(self.z[a] - self.z[b])))

    def t(self, i: sp.Expr) -> sp.Expr:
        self._see(i)
        return self.t_[i]

    def g(self, i: sp.Expr) -> sp.Expr:
        self._see(i)
        return self.g_[i]

    def log(self, x: sp.Expr) -> sp.Expr:
        return sp.log(x)

    def delta(self, i: sp.Expr, j: sp.Expr) -> sp.Expr:
        self._see(i, j)
        return sp.KroneckerDelta(i, j)

    def sum(self, fn: Callable[[sp.Symbol], sp.Expr]) -> sp.Expr:
        k = self._dummy()
        return sp.Sum(fn(k), (k, 1, self.K))

    def d(self, thunk: Thunk, j: sp.Expr) -> sp.Expr:
        """∂f/∂z_j via sympy.diff; sums of Kronecker deltas collapse (every index is in 1..K)."""
        self._see(j)
        f = thunk(self)
        if f.has(self.g_):
            raise NotModelled(GENERIC_LOSS_SECOND)
        return linearize_sums(sp.diff(f, self.z[j]))

    def d_loss(self, j: sp.Expr) -> sp.Expr:
        """∂L/∂z_j = Σ_m ∂L/∂y_m ∂y_m/∂z_j (multivariate chain rule)."""
        return self.sum(lambda m: self.g(m) * self.d(lambda mm: mm.y(m), j))

    def var(self, name: str, idx: tuple[Any, ...] = ()) -> sp.Expr:
        """An independent input name_idx (a quantity the document does not define)."""
        self._see(*idx)
        return sp.IndexedBase(f"v_{name}")[idx] if idx else sp.Symbol(f"v_{name}")

    def quantity(self, name: str, idx: tuple[Any, ...], definition: Definition | None) -> Any:
        """name_idx: its definition, or a free quantity while differentiating by name."""
        self._see(*idx)
        freed = getattr(self, "_freed", {})
        if name in freed:
            return freed[name][idx] if idx else freed[name]
        return definition(self, idx) if definition is not None else self.var(name, idx)

    def d_wrt(self, thunk: Thunk, name: str, idx: tuple[Any, ...],
              definition: Definition | None) -> sp.Expr:
        """∂f/∂name_idx with every name_m independent, then name_m replaced by its value."""
        X = sp.IndexedBase(f"X_{name}") if idx else sp.Symbol(f"X_{name}")
        saved = getattr(self, "_freed", {})
        self._freed = {**saved, name: X}
        try:
            f = thunk(self)
        finally:
            self._freed = saved
        try:
            out = linearize_sums(sp.diff(f, X[idx] if idx else X))
        except IndexException as err:  # name_k beside name_{p,k}: one name, two shapes
            raise ShapeMismatch(f"{name} is used with different numbers of indices") from err
        if idx:
            return out.replace(lambda e: isinstance(e, sp.Indexed) and e.base == X,
                               lambda e: self.quantity(name, tuple(e.indices), definition))
        return out.xreplace({X: self.quantity(name, (), definition)})

    def dy(self, thunk: Thunk, k: sp.Expr) -> sp.Expr:
        """∂f/∂y_k with y independent: f in Y[m], ∂/∂Y[k], then Y[m] = e^{z_m} / Σ e^{z}."""
        self._see(k)
        Y = sp.IndexedBase("_Y")
        saved = self.y
        self.y = lambda i: (self._see(i), Y[i])[1]  # type: ignore[method-assign]
        try:
            f = thunk(self)
        finally:
            self.y = saved  # type: ignore[method-assign]
        out = linearize_sums(sp.diff(f, Y[k]))
        return out.replace(lambda e: isinstance(e, sp.Indexed) and e.base == Y,
                           lambda e: self.y(e.indices[0]))

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
    """expr with each KroneckerDelta(a, b) of free indices resolved: a = b and a ≠ b (b may be
    a literal class c: a = c puts c for a everywhere, a ≠ c keeps a general)."""
    free = expr.free_symbols  # a δ of a summation index stays inside its Sum, unsplit
    deltas = [
        d
        for d in expr.atoms(sp.KroneckerDelta)
        if all((isinstance(a, sp.Symbol) and a in free) or a.is_Integer for a in d.args)
        and any(isinstance(a, sp.Symbol) for a in d.args)
    ]
    if not deltas:
        return [expr]
    a, b = sorted(deltas[0].args, key=lambda x: x.is_Integer)  # the letter first
    unequal = expr.subs(deltas[0], 0)
    cases = _delta_cases(unequal, distinct)
    if frozenset((a, b)) not in distinct:
        same = expr.subs(a, b) if b.is_Integer else expr.subs(b, a)  # the letter goes
        cases += _delta_cases(linearize_sums(same), distinct)
    return cases


def linearize_sums(expr: sp.Expr) -> sp.Expr:
    """Σ_k (a f(k) + b g(k)) → a Σ_k f(k) + b Σ_k g(k) for a, b free of k, bottom up; and
    Σ_k δ_{k a} f(k) → f(a) for a free index a (1 <= a <= K) or a literal c, which needs
    c <= K: the decider proves symbolically only for K >= every literal and decides smaller K
    one by one. A compound index (j − 1) never collapses. SymPy flattens Σ_a Σ_b into one Sum
    with two limits; they are linearized one at a time, innermost first."""
    if not expr.args:
        return expr
    if not isinstance(expr, sp.Sum):
        return expr.func(*[linearize_sums(a) for a in expr.args])
    total = linearize_sums(expr.function)
    for limit in expr.limits:
        total = _linearize_one(total, limit)
    return total


def _is_count(hi: sp.Expr) -> bool:
    """The class count as a Sum's upper limit: K, or K' + n (K >= n + 1, see decide.k_min)."""
    if hi.is_Symbol:
        return True
    parts = sp.Add.make_args(hi)
    return (hi.is_Add and len(parts) == 2 and any(p.is_Integer and p > 0 for p in parts)
            and any(p.is_Symbol for p in parts))


def _linearize_one(body: sp.Expr, limit: tuple[sp.Expr, sp.Expr, sp.Expr]) -> sp.Expr:
    """Σ over one limit of an already linearized body: split terms, pull out factors, collapse δ."""
    k, lo, hi = limit
    total = sp.Integer(0)
    for term in sp.Add.make_args(sp.expand(body)):
        factors = list(sp.Mul.make_args(term))
        delta = next(
            (f for f in factors if isinstance(f, sp.KroneckerDelta) and k in f.args
             and lo == 1 and _is_count(hi) and not all(a == k for a in f.args)
             and all(a == k or a.is_Symbol or a.is_Integer or a == hi for a in f.args)),
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
        canon = [sp.Symbol(f"_canon{n}", integer=True, positive=True)
                 for n in range(len(s.limits))]
        body = s.function.xreplace({lim[0]: c for lim, c in zip(s.limits, canon, strict=True)})
        key = sp.Sum(body, *[(c, lo, hi) for c, (_, lo, hi) in zip(canon, s.limits,
                                                                    strict=True)])
        if key not in atoms:
            one = len(s.limits) == 1 and (s.limits[0][1], s.limits[0][2]) == (1, model.K)
            if one and body == sp.exp(model.z[canon[0]]):
                atoms[key] = _S
            elif one and body == model.t_[canon[0]]:
                atoms[key] = _T
            else:
                atoms[key] = sp.Symbol(f"Sigma{len(atoms)}")
        return atoms[key]

    return expr.replace(lambda e: isinstance(e, sp.Sum), name)

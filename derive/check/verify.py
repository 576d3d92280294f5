"""Decide one step ``A = B`` for K = 2..5 and every assignment of its free indices.

Each side becomes an exact SymPy expression for a concrete K in which every defined quantity
(y_3, E, ...) is an atom; derivatives use the chain rule through the definitions
(d/dv F = dF/dv + sum_a dF/da * da/dv), so ``\\partial E / \\partial y_k`` holds the other
y's fixed and ``\\partial E / \\partial z_j`` goes through y = softmax(z).  Values are compared
at seeded random points: logits z ~ U(-2, 2), targets t > 0 (general) and t / sum(t)
(on the simplex).  Equal on the simplex but not in general is ``needs-condition``.
"""

from __future__ import annotations

import itertools
import zlib
from dataclasses import dataclass

import numpy as np
import sympy

from derive.check import ast as A
from derive.check.definitions import Definition, Model
from derive.check.extract import IndexCond
from derive.check.parser import Unreadable
from derive.check.results import Counterexample

K_VALUES = (2, 3, 4, 5)
N_POINTS = 3
RTOL = 1e-9
ATOL = 1e-11
PRECISE_TOL = 1e-30  # at 50 digits: what still counts as equal


class OutOfRange(Exception):
    """An index is outside 1..K for this K (e.g. z_3 when K = 2)."""


@dataclass(frozen=True)
class Outcome:
    """What :func:`check_equal` decided."""

    verdict: str
    reason: str
    counterexample: Counterexample | None
    checked: str


class Evaluator:
    """Expressions and values for one concrete K (caches shared by all steps)."""

    def __init__(self, model: Model, K: int, seed: int) -> None:
        self.model = model
        self.K = K
        self.seed = seed
        self.atoms: dict[sympy.Symbol, tuple[str, tuple[int, ...]]] = {}
        self._by_key: dict[tuple[str, tuple[int, ...]], sympy.Symbol] = {}
        self._expansion: dict[sympy.Symbol, sympy.Expr] = {}
        self._dcache: dict[tuple[sympy.Symbol, sympy.Symbol], sympy.Expr] = {}
        self._busy: set[sympy.Symbol] = set()
        self._rawdeps: dict[sympy.Symbol, set[str]] = {}
        self._calls: list[str] = []
        self._raw: dict[tuple[str, str], np.ndarray] = {}
        self._num: dict[str, dict[sympy.Expr, np.ndarray]] = {"general": {}, "simplex": {}}

    # -- atoms -------------------------------------------------------------------------
    def atom(self, base: str, ints: tuple[int, ...]) -> sympy.Symbol:
        """The SymPy symbol standing for base_{ints}."""
        key = (base, ints)
        if key not in self._by_key:
            label = base + ("_" + ",".join(map(str, ints)) if ints else "")
            s = sympy.Symbol(label, real=True)
            self._by_key[key] = s
            self.atoms[s] = key
        return self._by_key[key]

    def is_defined(self, s: sympy.Symbol) -> bool:
        return s in self.atoms and self.atoms[s][0] in self.model.defs

    def expansion(self, s: sympy.Symbol) -> sympy.Expr:
        """Definition body of a defined atom, its parameters bound to the atom's indices."""
        if s not in self._expansion:
            if s in self._busy:
                raise Unreadable(f"definition of {self.atoms[s][0]} refers to itself")
            base, ints = self.atoms[s]
            d: Definition = self.model.defs[base]
            self._busy.add(s)
            try:
                names = d.params + d.implicit
                self._expansion[s] = self.to_sympy(d.body, dict(zip(names, ints, strict=True)))
            finally:
                self._busy.discard(s)
        return self._expansion[s]

    # -- tree -> sympy -------------------------------------------------------------------
    def _index(self, ix: A.Index, env: dict[str, int]) -> int:
        if isinstance(ix, int):
            n = ix
        elif ix in env:
            n = env[ix]
        else:
            raise Unreadable(f"index {ix} is not bound")
        if not 1 <= n <= self.K:
            raise OutOfRange(f"index {n} outside 1..{self.K}")
        return n

    def _implicit(self, name: str, env: dict[str, int]) -> tuple[int, ...]:
        """Values of the free indices a definition leaves open (E = -ln y_c: c)."""
        d = self.model.defs.get(name)
        if d is None or not d.implicit:
            return ()
        missing = [c for c in d.implicit if c not in env]
        if missing:
            raise Unreadable(f"{name} depends on the index {', '.join(missing)}, which this "
                             "step does not fix")
        return tuple(self._index(c, env) for c in d.implicit)

    def _int(self, node: A.Node | None, env: dict[str, int], default: int) -> int:
        if node is None:
            return default
        if isinstance(node, A.Sym) and len(node.name) == 1 and node.name in env:
            return env[node.name]
        v = self.to_sympy(node, env)
        if not (v.is_Integer):
            raise Unreadable("sum bound is not an integer")
        return int(v)

    def to_sympy(self, node: A.Node, env: dict[str, int]) -> sympy.Expr:
        """Exact expression of a tree for this K under an index assignment."""
        m = self.model
        if isinstance(node, A.Num):
            return sympy.Rational(node.value.numerator, node.value.denominator)
        if isinstance(node, A.EulerE):
            return sympy.E
        if isinstance(node, A.Sym):
            bound = env.get("$" + node.name)
            if bound is not None:
                return bound  # type: ignore[return-value]
            if node.name == m.count_name:
                return sympy.Integer(self.K)
            if node.name == "e":
                return sympy.E
            if node.name in m.defs and m.defs[node.name].params:
                raise Unreadable(f"{node.name} is used without its index")
            if node.name in m.indexed and node.name not in m.defs:
                raise Unreadable(f"{node.name} is a vector here; only {node.name}_i is read")
            return self.atom(node.name, self._implicit(node.name, env))
        if isinstance(node, A.Idx):
            ints = tuple(self._index(i, env) for i in node.indices)
            d = m.defs.get(node.base)
            if d is None and node.base != m.logits and node.base not in m.inputs:
                raise Unreadable(f"{node.base} is not defined (nor an input of a definition)")
            if d is not None and len(d.params) != len(ints):
                raise Unreadable(f"{node.base} is defined with {len(d.params)} index(es)")
            return self.atom(node.base, ints + self._implicit(node.base, env))
        if isinstance(node, A.Add):
            return sympy.Add(*[self.to_sympy(t, env) for t in node.terms])
        if isinstance(node, A.Mul):
            return sympy.Mul(*[self.to_sympy(t, env) for t in node.factors])
        if isinstance(node, A.Div):
            return self.to_sympy(node.num, env) / self.to_sympy(node.den, env)
        if isinstance(node, A.Neg):
            return -self.to_sympy(node.arg, env)
        if isinstance(node, A.Pow):
            return sympy.Pow(self.to_sympy(node.base, env), self.to_sympy(node.exp, env))
        if isinstance(node, A.Fn):
            arg = self.to_sympy(node.arg, env)
            return sympy.exp(arg) if node.name == "exp" else sympy.log(arg)
        if isinstance(node, A.Sum):
            lo = self._int(node.lo, env, 1)
            hi = self._int(node.hi, env, self.K)
            if lo < 1 or hi > self.K:
                raise OutOfRange(f"sum range {lo}..{hi} outside 1..{self.K}")
            if isinstance(node.hi, A.Num) and hi != self.K and self.model.fixed_k is None:
                # sum_{k=1}^{2} is written for K = 2 (not the first two of K classes)
                raise OutOfRange(f"sum up to {hi} is read at K = {hi} only")
            skip = {self._index(s, env) for s in node.skip}
            return sympy.Add(*[self.to_sympy(node.body, {**env, node.var: n})
                               for n in range(lo, hi + 1) if n not in skip])
        if isinstance(node, A.Deriv):
            v = self.to_sympy(node.var, env)
            if not isinstance(v, sympy.Symbol) or v not in self.atoms:
                raise Unreadable("derivative with respect to something that is not a variable")
            f = self.to_sympy(node.f, env)
            unknown = self.raw_bases(f) - {self.atoms[v][0], m.logits} - m.inputs
            if unknown:
                raise Unreadable(f"derivative of {', '.join(sorted(unknown))}, which the "
                                 "document does not define")
            return self.total_derivative(f, v)
        if isinstance(node, A.Delta):
            return sympy.Integer(int(self._index(node.a, env) == self._index(node.b, env)))
        if isinstance(node, A.Cases):
            # "otherwise" means "no other row applies", wherever it is written
            rows = sorted(node.rows, key=lambda r: r[1].op == "else")
            for expr, cond in rows:
                if cond.op == "else" or _holds(cond, env, self):
                    return self.to_sympy(expr, env)
            raise Unreadable("no case applies")
        if isinstance(node, A.Matrix):
            raise Unreadable("a matrix inside an expression is not read (only matrix = matrix)")
        if isinstance(node, A.Apply):
            if node.name not in m.functions:
                raise Unreadable(f"{node.name}(...): {node.name} is not defined as a function "
                                 "(a call or a product?)")
            param, fbody = m.functions[node.name]
            value = self.to_sympy(node.arg, env)
            if len(self._calls) > 20:
                raise Unreadable("function definitions nest too deeply")
            self._calls.append(node.name)
            try:
                return self.to_sympy(fbody, {**env, "$" + param: value})  # type: ignore[dict-item]
            finally:
                self._calls.pop()
        if isinstance(node, A.Softmax):
            if m.logits is not None and node.logits != m.logits:
                raise Unreadable(f"softmax of {node.logits}, but the logits are {m.logits}")
            n = self._index(node.index, env)
            den = sympy.Add(*[sympy.exp(self.atom(node.logits, (k,)))
                              for k in range(1, self.K + 1)])
            return sympy.exp(self.atom(node.logits, (n,))) / den
        raise Unreadable(f"cannot evaluate {type(node).__name__}")

    def raw_bases(self, expr: sympy.Expr) -> set[str]:
        """Names of the undefined quantities an expression depends on (through definitions)."""
        out: set[str] = set()
        for s in expr.free_symbols:
            if s not in self.atoms:
                continue
            if self.is_defined(s):  # type: ignore[arg-type]
                if s not in self._rawdeps:
                    self._rawdeps[s] = self.raw_bases(self.expansion(s))  # type: ignore[index]
                out |= self._rawdeps[s]  # type: ignore[index]
            else:
                out.add(self.atoms[s][0])  # type: ignore[index]
        return out

    # -- calculus ------------------------------------------------------------------------
    def total_derivative(self, expr: sympy.Expr, v: sympy.Symbol) -> sympy.Expr:
        """d expr / d v through the definitions (other defined atoms follow the chain rule)."""
        out = sympy.diff(expr, v)
        for a in expr.free_symbols:
            if a != v and self.is_defined(a):  # type: ignore[arg-type]
                da = self._datom(a, v)  # type: ignore[arg-type]
                if da != 0:
                    out += sympy.diff(expr, a) * da
        return out

    def _datom(self, a: sympy.Symbol, v: sympy.Symbol) -> sympy.Expr:
        key = (a, v)
        if key not in self._dcache:
            self._dcache[key] = self.total_derivative(self.expansion(a), v)
        return self._dcache[key]

    # -- numbers -------------------------------------------------------------------------
    def raw_values(self, base: str, variant: str) -> np.ndarray:
        """Seeded values, shape (K, N_POINTS), of an undefined indexed/scalar name."""
        key = (base, variant)
        if key not in self._raw:
            rng = np.random.default_rng([self.seed, self.K, zlib.crc32(base.encode())])
            m = self.model
            if base == m.logits:
                vals = rng.uniform(-2.0, 2.0, (self.K, N_POINTS))
            elif base in m.targets:
                vals = rng.uniform(0.1, 1.5, (self.K, N_POINTS))
                if variant == "simplex":
                    vals = vals / vals.sum(axis=0, keepdims=True)
            elif base in m.indexed:
                vals = rng.uniform(-1.5, 1.5, (self.K, N_POINTS))
            else:
                vals = rng.uniform(0.5, 2.0, (1, N_POINTS))
            self._raw[key] = vals
        return self._raw[key]

    def value(self, expr: sympy.Expr, variant: str) -> np.ndarray:
        """Numeric value of an expression at the N_POINTS seeded points."""
        memo = self._num[variant]
        if expr in memo:
            return memo[expr]
        with np.errstate(all="ignore"):  # inf/NaN are judged by the caller, not warned about
            res = self._value(expr, variant)
        memo[expr] = res
        return res

    def _value(self, expr: sympy.Expr, variant: str) -> np.ndarray:
        if isinstance(expr, sympy.Symbol):
            if expr not in self.atoms:
                raise Unreadable(f"unknown symbol {expr}")
            if self.is_defined(expr):
                res = self.value(self.expansion(expr), variant)
            else:
                base, ints = self.atoms[expr]
                vals = self.raw_values(base, variant)
                res = vals[ints[0] - 1] if ints else vals[0]
        elif expr.is_Number or expr is sympy.E:
            res = np.full(N_POINTS, float(expr))
        elif isinstance(expr, sympy.Add):
            res = sum((self.value(a, variant) for a in expr.args), np.zeros(N_POINTS))
        elif isinstance(expr, sympy.Mul):
            res = np.ones(N_POINTS)
            for a in expr.args:
                res = res * self.value(a, variant)
        elif isinstance(expr, sympy.Pow):
            b = self.value(expr.args[0], variant)
            e = self.value(expr.args[1], variant)
            with np.errstate(all="ignore"):
                res = np.power(b, e)
        elif isinstance(expr, sympy.exp):
            with np.errstate(all="ignore"):
                res = np.exp(self.value(expr.args[0], variant))
        elif isinstance(expr, sympy.log):
            with np.errstate(all="ignore"):
                arg = self.value(expr.args[0], variant)
                res = np.where(arg > 0, np.log(np.abs(arg) + (arg == 0)), np.nan)
        else:
            raise Unreadable(f"cannot evaluate {type(expr).__name__}")
        return res

    def expand_fully(self, expr: sympy.Expr) -> sympy.Expr:
        """Replace every defined atom by its definition, recursively."""
        for _ in range(20):
            defined = [s for s in expr.free_symbols if self.is_defined(s)]  # type: ignore[arg-type]
            if not defined:
                return expr
            expr = expr.xreplace({s: self.expansion(s) for s in defined})  # type: ignore[misc]
        raise Unreadable("definitions nest too deeply")


def _entries(node: A.Matrix) -> list[tuple[tuple[int, int], A.Node]]:
    return [((r + 1, c + 1), x) for r, row in enumerate(node.rows) for c, x in enumerate(row)]


def _holds(cond: A.Cond, env: dict[str, int], ev: Evaluator) -> bool:
    a = ev._index(cond.a, env)  # type: ignore[arg-type]
    b = ev._index(cond.b, env)  # type: ignore[arg-type]
    return a == b if cond.op == "eq" else a != b


def assignments(letters: list[str], K: int, restriction: tuple[IndexCond, ...],
                exhaustive: bool):
    """Index assignments to try: every one, or one per equality pattern (enough by symmetry)."""
    def ok(env: dict[str, int]) -> bool:
        for op, a, b in restriction:
            if a in env and b in env and (env[a] == env[b]) != (op == "eq"):
                return False
        return True

    if exhaustive:
        for vals in itertools.product(range(1, K + 1), repeat=len(letters)):
            env = dict(zip(letters, vals, strict=True))
            if ok(env):
                yield env
        return
    for blocks in _set_partitions(list(range(len(letters)))):
        if len(blocks) > K:
            continue
        env = {}
        for value, block in enumerate(blocks, start=1):
            for pos in block:
                env[letters[pos]] = value
        if ok(env):
            yield env


def _set_partitions(items: list[int]):
    if not items:
        yield []
        return
    first, rest = items[0], items[1:]
    for part in _set_partitions(rest):
        for i in range(len(part)):
            yield part[:i] + [[first] + part[i]] + part[i + 1:]
        yield [[first]] + part


def _mismatch(lv: np.ndarray, rv: np.ndarray) -> int | None:
    """First point where both sides are finite and differ, else None.

    Raises :class:`Unreadable` when the only differences involve an undefined value.
    """
    undefined = False
    for p in range(len(lv)):
        a, b = lv[p], rv[p]
        if not (np.isfinite(a) and np.isfinite(b)):
            undefined = undefined or not (np.isnan(a) and np.isnan(b))
            continue
        if not np.isclose(a, b, rtol=RTOL, atol=ATOL):
            return p
    if undefined:
        raise Unreadable("one side is undefined (log of a non-positive number or division "
                         "by zero) at a sample point")
    return None


def _counterexample(ev: Evaluator, exprs: tuple[sympy.Expr, sympy.Expr], env: dict[str, int],
                    lv: np.ndarray, rv: np.ndarray, p: int, variant: str) -> Counterexample:
    bases: set[str] = set()
    for e in exprs:
        for s in ev.expand_fully(e).free_symbols:
            if s in ev.atoms:
                bases.add(ev.atoms[s][0])  # type: ignore[index]
    m = ev.model
    if m.logits:
        bases.add(m.logits)
    order = sorted(bases, key=lambda b: (b != m.logits, b not in m.targets, b))
    values = []
    for b in order:
        vals = ev.raw_values(b, variant)
        values.append((b, tuple(float(x) for x in vals[:, p])))
    return Counterexample(ev.K, tuple(sorted(env.items())), tuple(values), float(lv[p]),
                          float(rv[p]), variant == "simplex" and bool(m.targets & bases))


def _symbolic_zero(ev: Evaluator, diff: sympy.Expr) -> bool:
    """Try to prove diff == 0 exactly (z_k = ln u_k with u_k > 0); False if not shown."""
    try:
        full = ev.expand_fully(diff)
        size = 0
        for node in sympy.preorder_traversal(full):
            size += 1
            if size > 400 or (isinstance(node, sympy.Pow) and node.exp.is_Number
                              and abs(node.exp) > 6):
                return False
        subs = {}
        for s in full.free_symbols:
            base, ints = ev.atoms.get(s, ("", ()))  # type: ignore[arg-type]
            if base and base == ev.model.logits:
                subs[s] = sympy.log(sympy.Symbol(f"u_{ints[0]}", positive=True))
        full = full.xreplace(subs)
        full = sympy.expand_log(sympy.expand_power_exp(full), force=True)
        return sympy.cancel(sympy.together(full)) == 0
    except Exception:  # noqa: BLE001 - symbolic confirmation is best effort only
        return False


class Checker:
    """Checks steps against one document's model; evaluators are shared across steps."""

    def __init__(self, model: Model, seed: int = 0, k_values: tuple[int, ...] = K_VALUES,
                 symbolic: bool = True) -> None:
        self.model = model
        self.k_values = k_values
        self.symbolic = symbolic
        self.evs = {K: Evaluator(model, K, seed) for K in k_values}
        # literal indices in a definition (E = -ln y_1) break the symmetry shortcut
        self.literal_defs = any(A.has_literal_index(d.body) for d in model.defs.values())

    def check_equal(self, lhs: A.Node, rhs: A.Node,
                    restriction: tuple[IndexCond, ...] = ()) -> Outcome:
        """Is lhs = rhs for every K, index assignment and sample point?"""
        if isinstance(lhs, A.Matrix) or isinstance(rhs, A.Matrix):
            return self._check_matrices(lhs, rhs, restriction)
        letters = sorted(A.free_indices(lhs) | A.free_indices(rhs))
        restriction = tuple(c for c in restriction if c[1] in letters and c[2] in letters)
        literal = self.literal_defs or A.has_literal_index(lhs) or A.has_literal_index(rhs)
        needs: Counterexample | None = None
        n_checked = 0
        ks_checked: list[int] = []
        sym: list[bool] = []
        for K in self.k_values:
            ev = self.evs[K]
            exhaustive = (literal or K <= 3) and K ** len(letters) <= 2000
            k_used = False
            for env in assignments(letters, K, restriction, exhaustive):
                try:
                    L = ev.to_sympy(lhs, env)
                    R = ev.to_sympy(rhs, env)
                    lv, rv = ev.value(L, "general"), ev.value(R, "general")
                except OutOfRange:
                    continue
                if not (np.isfinite(lv).any() or np.isfinite(rv).any()):
                    return Outcome("unreadable", "both sides are undefined (log of a "
                                   "non-positive number) at the sample points", None, "")
                p = _mismatch(lv, rv)
                if p is not None:
                    ls, rs = ev.value(L, "simplex"), ev.value(R, "simplex")
                    q = _mismatch(ls, rs)
                    if q is not None:
                        ce = _counterexample(ev, (L, R), env, ls, rs, q, "simplex")
                        return Outcome("wrong", "the two sides differ", ce, "")
                    if needs is None:
                        needs = _counterexample(ev, (L, R), env, lv, rv, p, "general")
                elif self.symbolic and K == min(self.k_values) and K <= 3 and needs is None:
                    sym.append(_symbolic_zero(ev, L - R))
                    if not sym[-1]:
                        # equal to double precision but not shown exactly: y(1 - y) + e^{-40}
                        # must not pass, so compare again with 50 digits
                        out = self._precise(ev, L, R, env)
                        if out is not None:
                            return out
                n_checked += 1
                k_used = True
            if k_used:
                ks_checked.append(K)
        if n_checked == 0:
            return Outcome("unreadable", "no index assignment could be checked", None, "")
        idx = f" over {', '.join(letters)}" if letters else ""
        restr = (" where " + ", ".join(f"{a}{'=' if op == 'eq' else '≠'}{b}"
                                       for op, a, b in restriction)) if restriction else ""
        what = (f"numeric K={','.join(map(str, ks_checked))}{idx}{restr}, "
                f"{n_checked} assignment(s) x {N_POINTS} seeded points")
        if sym and all(sym):
            what += f"; symbolic K={min(self.k_values)} exact"
        if needs is not None:
            return Outcome("needs-condition",
                           "holds only when the targets sum to 1", needs, what)
        return Outcome("ok", "", None, what)

    def _precise(self, ev: Evaluator, L: sympy.Expr, R: sympy.Expr,
                 env: dict[str, int]) -> Outcome | None:
        """A 'wrong' outcome when the sides differ at 50 digits on the simplex, else None."""
        try:
            diff = ev.expand_fully(L - R)
            scale = ev.expand_fully(L)
            for p in range(N_POINTS):
                subs = {}
                for sym_ in diff.free_symbols | scale.free_symbols:
                    if sym_ not in ev.atoms:
                        return None
                    base, ints = ev.atoms[sym_]  # type: ignore[index]
                    vals = ev.raw_values(base, "simplex")
                    row = vals[ints[0] - 1] if ints else vals[0]
                    subs[sym_] = sympy.Float(float(row[p]), 60)
                d = sympy.N(diff.xreplace(subs), 50)
                m = sympy.N(scale.xreplace(subs), 50)
                if not (d.is_real and m.is_real and d.is_finite and m.is_finite):
                    continue
                if abs(d) > PRECISE_TOL * (1 + abs(m)):
                    lv = ev.value(L, "simplex")
                    rv = ev.value(R, "simplex")
                    ce = _counterexample(ev, (L, R), env, lv, rv, p, "simplex")
                    return Outcome("wrong", f"the two sides differ by {float(d):.3g} "
                                   "(seen at 50 digits)", ce, "")
        except Exception:  # noqa: BLE001 - the precise comparison is best effort only
            return None
        return None

    def _check_matrices(self, lhs: A.Node, rhs: A.Node,
                        restriction: tuple[IndexCond, ...]) -> Outcome:
        """matrix = matrix: every entry pair must be equal."""
        if not (isinstance(lhs, A.Matrix) and isinstance(rhs, A.Matrix)):
            raise Unreadable("a matrix equated with a non-matrix is not read")
        left, right = _entries(lhs), _entries(rhs)
        if [p for p, _ in left] != [p for p, _ in right]:
            return Outcome("wrong", f"the matrices have different shapes "
                           f"({len(lhs.rows)}x{len(lhs.rows[0])} and "
                           f"{len(rhs.rows)}x{len(rhs.rows[0])})", None, "")
        needs: Outcome | None = None
        for (pos, a), (_, b) in zip(left, right, strict=True):
            out = self.check_equal(a, b, restriction)
            where = f"entry ({pos[0]}, {pos[1]})"
            if out.verdict in ("wrong", "unreadable"):
                return Outcome(out.verdict, f"{where}: {out.reason}", out.counterexample,
                               out.checked)
            if out.verdict == "needs-condition" and needs is None:
                needs = Outcome(out.verdict, f"{where}: {out.reason}", out.counterexample,
                                out.checked)
        what = f"{len(left)} entries, each {out.checked}"
        if needs is not None:
            return Outcome(needs.verdict, needs.reason, needs.counterexample, what)
        return Outcome("ok", "", None, what)

"""A step read from a document, as a builder of the claim interface that `decide()` judges.

`to_builder(node, model)` evaluates the parsed tree against any model of
`derive.math.decide.Model`, following the document's own definitions: its logits are
`m.logit`, its targets `m.t`, a defined name is its definition's body (read as written, so a
softmax written without exponentials stays wrong), an undefined input is `m.var`, ∂f/∂z_j is
`m.d`, and ∂f/∂x_k for a defined or input x holds the other x's fixed (`m.d_wrt`). Nothing is
simplified or differentiated here: each model does that its own way.
"""

from __future__ import annotations

from collections.abc import Callable
from fractions import Fraction
from typing import Any

from derive.check import ast as A
from derive.check.definitions import Model, reach
from derive.check.parser import Unreadable

Builder = Callable[[Any, dict[str, Any]], Any]
MAX_CALL_DEPTH = 20


def to_builder(node: A.Node, model: Model) -> Builder:
    """(m, ix) → the value of `node` in model m, free index letters bound by ix."""

    named = roles(model)

    def build(m: Any, ix: dict[str, Any]) -> Any:
        return _Reader(model, m, 0, named).read(node, dict(ix))

    return build


def roles(doc: Model) -> tuple[str | None, str | None]:
    """(logits, targets): the logits are the document's, else the base inside e^{…} of a
    definition (y_i = e^{z_i}/Σ_k e^{z_k} names z); the targets, an input that is not them
    (one said to be one-hot or to sum to 1 first, then t, y or l)."""
    logits = doc.logits
    if logits is None:
        for d in doc.defs.values():
            for n in A.walk(d.body):
                if isinstance(n, A.Fn) and n.name == "exp":
                    inside = [x.base for x in A.walk(n.arg) if isinstance(x, A.Idx)]
                    if inside:
                        logits = inside[0]
                        break
            if logits is not None:
                break
    usable = (doc.targets & doc.inputs) - {logits}
    # the names said to be one-hot or to sum to 1 first, then the usual target letters
    best = (usable & doc.stated_targets) or (usable & {"t", "y", "l"}) or usable
    return logits, (min(best) if best else None)


def numeric_sum_bound(node: A.Node) -> int | None:
    """The N of a sum written Σ_{k=1}^{N} with a number N (the step is then about K = N)."""
    for n in A.walk(node):
        if isinstance(n, A.Sum) and isinstance(n.hi, A.Num):
            return int(n.hi.value)
    return None


class _Definition:
    """name_idx ↦ the value of name's definition at idx in a model; `key` and `owner` let a
    numeric model remember the value (the same document, name and entry give the same one)."""

    __slots__ = ("owner", "d", "depth", "named", "key")

    def __init__(self, parent: _Reader, d: Any) -> None:
        self.owner, self.d, self.depth = parent.doc, d, parent.depth + 1
        self.named = (parent.logits, parent.target)
        self.key = (id(self.owner),)

    def __call__(self, mm: Any, idx: tuple[Any, ...]) -> Any:
        if self.depth > MAX_CALL_DEPTH:
            raise Unreadable("definitions nest too deeply")
        reader = _Reader(self.owner, mm, self.depth, self.named)
        names = self.d.params + self.d.implicit
        return reader.read(self.d.body, dict(zip(names, idx, strict=True)))


class _Reader:
    """Reads one tree in one model; env maps index letters (and $params) to values."""

    def __init__(self, doc: Model, m: Any, depth: int = 0,
                 named: tuple[str | None, str | None] | None = None) -> None:
        self.doc, self.m, self.depth = doc, m, depth
        self.logits, self.target = named if named is not None else roles(doc)

    def child(self, mm: Any, depth: int | None = None) -> _Reader:
        """A reader of the same document in model mm (a derivative's, a definition's)."""
        return _Reader(self.doc, mm, self.depth if depth is None else depth,
                       (self.logits, self.target))

    def number(self, q: Fraction) -> Any:
        one = self.m.half * 2
        return one * q.numerator / q.denominator if q.denominator != 1 else one * q.numerator

    def index(self, ix: A.Index, env: dict[str, Any]) -> Any:
        if isinstance(ix, int):
            return ix + 1 if self.doc.zero_based else ix  # y_0: the first class
        if ix in env:
            return env[ix]
        if ix == self.doc.count_name:  # y_K: the last class, K = the class count
            return self.m.K
        raise Unreadable(f"index {ix} is not bound")

    def count(self) -> Any:
        return self.m.sum(lambda k: 1)

    def definition(self, name: str) -> _Definition | None:
        d = self.doc.defs.get(name)
        return None if d is None else _Definition(self, d)

    def implicit(self, name: str, env: dict[str, Any]) -> tuple[Any, ...]:
        d = self.doc.defs.get(name)
        if d is None or not d.implicit:
            return ()
        missing = [c for c in d.implicit if c not in env]
        if missing:
            raise Unreadable(f"{name} depends on the index {', '.join(missing)}, which this "
                             "step does not fix")
        return tuple(env[c] for c in d.implicit)

    # -- the tree ----------------------------------------------------------------------
    def read(self, node: A.Node, env: dict[str, Any]) -> Any:
        """The value of node in this model (one handler per node type, `_READ`)."""
        handler = _READ.get(type(node))
        if handler is None:
            raise Unreadable(f"cannot evaluate {type(node).__name__}")
        return handler(self, node, env)

    def _add(self, node: A.Add, env: dict[str, Any]) -> Any:
        out: Any = 0
        for t in node.terms:
            out = out + self.read(t, env)
        return out

    def _mul(self, node: A.Mul, env: dict[str, Any]) -> Any:
        out: Any = 1
        for f in node.factors:
            out = out * self.read(f, env)
        return out

    def _pow(self, node: A.Pow, env: dict[str, Any]) -> Any:
        base = self.read(node.base, env)
        if isinstance(node.exp, A.Num) and node.exp.value.denominator == 1:
            return base ** int(node.exp.value)
        return base ** self.read(node.exp, env)

    def _fn(self, node: A.Fn, env: dict[str, Any]) -> Any:
        arg = self.read(node.arg, env)
        return self.m.exp(arg) if node.name == "exp" else self.m.log(arg)

    def _softmax(self, node: A.Softmax, env: dict[str, Any]) -> Any:
        if self.logits is not None and node.logits != self.logits:
            raise Unreadable(f"softmax of {node.logits}, but the logits are {self.logits}")
        return self.m.y(self.index(node.index, env))

    def _matrix(self, node: A.Matrix, env: dict[str, Any]) -> Any:
        raise Unreadable("a matrix inside an expression is not read (only matrix = matrix)")

    def _gap(self, node: A.Gap, env: dict[str, Any]) -> Any:
        raise Unreadable(f"\\{node.kind} stands for entries left out; it has no value")

    def symbol(self, name: str, env: dict[str, Any]) -> Any:
        doc = self.doc
        if "$" + name in env:
            return env["$" + name]
        if name == doc.count_name:
            return self.count()
        if name == "e":
            return self.m.exp(self.m.half * 2)
        if name in doc.defs and doc.defs[name].params:
            raise Unreadable(f"{name} is used without its index")
        if name in doc.indexed and name not in doc.defs:
            raise Unreadable(f"{name} is a vector here; only {name}_i is read")
        idx = self.implicit(name, env)
        return self.m.quantity(name, idx, self.definition(name))

    def indexed(self, node: A.Idx, env: dict[str, Any]) -> Any:
        doc, m = self.doc, self.m
        idx = tuple(self.index(i, env) for i in node.indices)
        if node.base == self.logits and len(idx) == 1:
            return m.logit(idx[0])
        if node.base == self.target and len(idx) == 1 and node.base not in doc.defs:
            return m.t(idx[0])
        d = doc.defs.get(node.base)
        if d is None and node.base not in doc.inputs:
            raise Unreadable(f"{node.base} is not defined (nor an input of a definition)")
        if d is not None and len(d.params) != len(idx):
            raise Unreadable(f"{node.base} is defined with {len(d.params)} index(es)")
        return m.quantity(node.base, idx + self.implicit(node.base, env),
                          self.definition(node.base))

    def sum(self, node: A.Sum, env: dict[str, Any]) -> Any:
        lo_ok = node.lo is None or node.lo == A.Num(Fraction(1))
        hi_ok = (node.hi is None or node.hi == A.Sym(self.doc.count_name)
                 or isinstance(node.hi, A.Num))
        if not (lo_ok and hi_ok):
            raise Unreadable("a sum over a range other than 1..K is not read")
        total = self.m.sum(lambda v: self.read(node.body, {**env, node.var: v}))
        for s in node.skip:
            total = total - self.read(node.body, {**env, node.var: self.index(s, env)})
        return total

    def derivative(self, node: A.Deriv, env: dict[str, Any]) -> Any:
        doc, m, var = self.doc, self.m, node.var
        if (isinstance(node.f, A.Sym) and isinstance(var, A.Sym)
                and doc.functions.get(node.f.name, ("",))[0] == var.name
                and node.f.name not in doc.defs):
            # dF/dx with F(x) = … defined: F' at x (F stands for F(x))
            node = A.Deriv(A.Apply(node.f.name, var), var)

        def f(mm: Any) -> Any:
            return self.child(mm).read(node.f, env)

        if isinstance(node.f, A.Sym) and node.f.name == doc.count_name:
            raise Unreadable(f"{node.f.name} is the number of classes here; its derivative is "
                             "not read (does the document also name a loss so?)")
        if isinstance(var, A.Idx):
            idx = tuple(self.index(i, env) for i in var.indices)
            if var.base == A.LOGITS and self.logits is None:
                raise Unreadable("D_j: the derivative by the j-th logit, but the document "
                                 "names no logits")
            if var.base in (self.logits, A.LOGITS) and len(idx) == 1:
                if (isinstance(node.f, A.Sym) and node.f.name not in doc.defs
                        and "$" + node.f.name not in env):
                    # dL/dz_i with L never defined: 0 by the letter, but the author means a
                    # loss the document does not write (or writes as a function L(p))
                    raise Unreadable(f"{node.f.name} is not defined: how it depends on the "
                                     "logits is not said")
                if var.base == self.logits and self.logits not in reach(doc, node.f):
                    # dL/dz_i with L = -Σ y log ŷ and ŷ never defined: 0 by the letter, but
                    # the author's ŷ depends on z through what the document does not connect
                    raise Unreadable(f"{_name_of(node.f)} does not depend on {var.base} in what "
                                     f"the document defines: how it depends on {var.base} is "
                                     "not said")
                return m.d(f, idx[0])
            if var.base == self.target and var.base not in doc.defs:
                # the targets are the model's t, not a name it frees: d/dt_k would be 0 by
                # construction (∂L/∂t_k = 0 "proven"), so it is not read
                raise Unreadable(f"derivative with respect to the targets {var.base} is not "
                                 "read")
            if var.base not in reach(doc, node.f):
                # dy_k/dw_ji with y read as an input: 0 by the letter, but the author's y
                # depends on w through what the document does not connect
                raise Unreadable(f"{_name_of(node.f)} does not depend on {var.base} in what the "
                                 f"document defines: how it depends on {var.base} is not said")
            if var.base in doc.defs or var.base in doc.inputs:
                full = idx + self.implicit(var.base, env)
                own = self.logit_by(node.f, env, var.base, full)
                return own if own is not None else self.d_by(f, var.base, full)
            raise Unreadable(f"derivative with respect to {var.base}, which the document "
                             "does not define")
        if var.name in (doc.count_name, "e") or "$" + var.name in env:
            raise Unreadable(f"derivative with respect to {var.name}, which is not a variable")
        if (var.name in doc.indexed and var.name not in doc.defs) or (
                var.name in doc.defs and doc.defs[var.name].params):
            raise Unreadable(f"{var.name} is a vector here; only {var.name}_i is read")
        if var.name not in doc.defs and var.name not in reach(doc, node.f):
            # dL/db where nothing the document defines uses b: 0 by the letter, but the
            # author means a dependence the document does not write (z = wx + b as vectors)
            raise Unreadable(f"{var.name} appears nowhere in what is differentiated: how it "
                             f"depends on {var.name} is not said")
        # a defined scalar (E), or an undefined one (x of a generic g(x)): the others held fixed
        return self.d_by(f, var.name, self.implicit(var.name, env))

    def d_by(self, f: Callable[[Any], Any], name: str, idx: tuple[Any, ...]) -> Any:
        """∂f/∂name_idx: f's own dependence, plus the one through the logits if they are
        defined from name."""
        direct = self.m.d_wrt(f, name, idx, self.definition(name))
        chain = self.through_logits(f, name, idx)
        return direct if chain is None else direct + chain

    def _logits_from(self, name: str) -> Any | None:
        """The logits' definition when it uses name (z_k = Σ_j W_kj x_j + b_k and W), else None."""
        doc = self.doc
        zdef = doc.defs.get(self.logits) if self.logits is not None else None
        if (zdef is None or len(zdef.params) != 1 or zdef.implicit or name == self.logits
                or name not in reach(doc, zdef.body)):
            return None
        return zdef

    def _logit_thunk(self, zdef: Any, k: Any) -> Callable[[Any], Any]:
        """z_k read from its definition, in the engine it is given."""
        def thunk(mm: Any) -> Any:
            reader = self.child(mm, self.depth + 1)
            if reader.depth > MAX_CALL_DEPTH:
                raise Unreadable("definitions nest too deeply")
            return reader.read(zdef.body, {zdef.params[0]: k})
        return thunk

    def logit_by(self, node: A.Node, env: dict[str, Any], name: str,
                 idx: tuple[Any, ...]) -> Any | None:
        """∂z_k/∂v of one logit defined from v: the derivative of z_k's definition (the same
        as Σ_m ∂z_k/∂z_m ∂z_m/∂v, without the sum); None for anything else."""
        zdef = self._logits_from(name)
        if zdef is None or not (isinstance(node, A.Idx) and node.base == self.logits
                                and len(node.indices) == 1):
            return None
        k = self.index(node.indices[0], env)
        return self.m.d_wrt(self._logit_thunk(zdef, k), name, idx, self.definition(name))

    def through_logits(self, f: Callable[[Any], Any], name: str,
                       idx: tuple[Any, ...]) -> Any | None:
        """Σ_k ∂f/∂z_k ∂z_k/∂v when the logits are defined from v (z_k = Σ_j W_kj x_j + b_k,
        v = W_ij, b_i or x_j): what f depends on through z (its own dependence on v is added
        by the caller); None when the logits are not defined from v."""
        m = self.m
        zdef = self._logits_from(name)
        if zdef is None:
            return None
        definition = self.definition(name)
        return m.sum(lambda k: m.d(f, k) * m.d_wrt(self._logit_thunk(zdef, k), name, idx,
                                                   definition))

    def cases(self, node: A.Cases, env: dict[str, Any]) -> Any:
        """Rows as δ-weighted terms: a = b → δ_ab, a ≠ b → 1 − δ_ab, otherwise → the rest."""
        m = self.m
        weights: list[Any] = []
        other = None
        for pos, (_, cond) in enumerate(node.rows):
            if cond.op == "else":
                if other is not None:
                    raise Unreadable("two 'otherwise' rows")
                other = pos
                weights.append(None)
                continue
            d = m.delta(self.index(cond.a, env), self.index(cond.b, env))  # type: ignore[arg-type]
            weights.append(d if cond.op == "eq" else 1 - d)
        ops = {c.op == "eq" for _, c in node.rows if c.op != "else"}
        pairs = {frozenset((c.a, c.b)) for _, c in node.rows if c.op != "else"}
        if len(pairs) > 1 or (other is None and ops != {True, False}) or len(node.rows) > 2:
            raise Unreadable("cases other than 'a = b' / 'a ≠ b' (or otherwise) are not read")
        if other is not None:
            weights[other] = 1 - sum(w for w in weights if w is not None)
        out: Any = 0
        for w, (expr, _) in zip(weights, node.rows, strict=True):
            out = out + w * self.read(expr, env)
        return out

    def apply(self, node: A.Apply, env: dict[str, Any]) -> Any:
        if (isinstance(node.arg, A.Sym) and node.name not in self.doc.functions
                and self.doc.vector_args.get(node.name) == node.arg.name):
            return self.symbol(node.name, env)  # C(z) with C = … defined: C
        if node.name not in self.doc.functions:
            raise Unreadable(f"{node.name}(...): {node.name} is not defined as a function "
                             "(a call or a product?)")
        param, body = self.doc.functions[node.name]
        value = self.read(node.arg, env)
        self.depth += 1
        if self.depth > MAX_CALL_DEPTH:
            raise Unreadable("function definitions nest too deeply")
        try:
            return self.read(body, {**env, "$" + param: value})
        finally:
            self.depth -= 1


_READ: dict[type, Callable[[_Reader, Any, dict[str, Any]], Any]] = {
    A.Num: lambda r, n, env: r.number(n.value),
    A.EulerE: lambda r, n, env: r.m.exp(r.m.half * 2),
    A.Sym: lambda r, n, env: r.symbol(n.name, env),
    A.Idx: lambda r, n, env: r.indexed(n, env),
    A.Add: _Reader._add,
    A.Mul: _Reader._mul,
    A.Div: lambda r, n, env: r.read(n.num, env) / r.read(n.den, env),
    A.Neg: lambda r, n, env: -r.read(n.arg, env),
    A.Pow: _Reader._pow,
    A.Fn: _Reader._fn,
    A.Sum: lambda r, n, env: r.sum(n, env),
    A.Deriv: lambda r, n, env: r.derivative(n, env),
    A.Delta: lambda r, n, env: r.m.delta(r.index(n.a, env), r.index(n.b, env)),
    A.Cases: lambda r, n, env: r.cases(n, env),
    A.Softmax: _Reader._softmax,
    A.Apply: lambda r, n, env: r.apply(n, env),
    A.Matrix: _Reader._matrix,
    A.Gap: _Reader._gap,
}


def _name_of(node: A.Node) -> str:
    """A short name for what is differentiated (its first indexed or plain name)."""
    for x in A.walk(node):
        if isinstance(x, A.Idx):
            return x.base
        if isinstance(x, A.Sym):
            return x.name
    return "the expression"

"""Decide one step ``A = B`` of a document with the shared decider, for every K.

Both members are read as builders of the claim interface (`derive.check.builders`) that follow
the document's definitions, and `derive.math.decide.decide` judges them: symbolic K first (a
verdict then covers every K), exact concrete K where the step is about one K (a numeric sum
bound Σ_{k=1}^{3}, "for example K = 3", or a fixed K), and always the independent dual-number
witness at K = 1..7 and 10 (and every K a literal index needs), at seeded points with positive
targets; what fails there but holds with the targets on the simplex is ``needs-condition``.
"""

from __future__ import annotations

from dataclasses import dataclass

from derive.check import ast as A
from derive.check import matrices
from derive.check.builders import numeric_sum_bound, roles, to_builder
from derive.check.definitions import Model, reach
from derive.check.extract import IndexCond
from derive.check.parser import Unreadable
from derive.check.results import Counterexample
from derive.math.conditions import SUM_TARGETS_ONE
from derive.math.decide import FAILS, HOLDS, NEEDS_CONDITION, Context, Decision, decide
from derive.math.decide import Counterexample as Point

POINTS = 4  # seeded points per K and index assignment
MAX_ENTRIES = 30  # index assignments the witness evaluates per K


@dataclass(frozen=True)
class Outcome:
    """What :meth:`Checker.check_equal` decided."""

    verdict: str
    reason: str
    counterexample: Counterexample | None
    checked: str


def _counterexample(p: Point, doc: Model, simplex: bool) -> Counterexample:
    logits, target = roles(doc)
    values = [(logits or "z", p.z)]
    given = doc.defs.get(target) if target is not None else None
    if given is not None and isinstance(given.body, A.Delta) and isinstance(given.body.b, int):
        # the example's targets (y = [0, 1, 0]): the values used, not the sampler's
        values.append((target, tuple(float(k == given.body.b) for k in range(1, p.K + 1))))
    elif target is not None and p.t is not None and given is None:
        values.append((target, p.t))
    values += list(p.inputs)
    return Counterexample(p.K, tuple(sorted(p.indices.items())), tuple(values), p.lhs, p.rhs,
                          simplex)


def _checked(d: Decision, letters: list[str], restriction: tuple[IndexCond, ...]) -> str:
    idx = f" over {', '.join(letters)}" if letters else ""
    restr = (" where " + ", ".join(f"{a}{'=' if op == 'eq' else '≠'}{b}"
                                   for op, a, b in restriction)) if restriction else ""
    ks = ",".join(map(str, d.witness.ks))
    exact = d.covers or "not proven exactly"
    if exact == "every K":
        exact = "proven for every K (symbolic K)"
    elif exact.startswith("K ="):
        exact = f"{'proven' if d.verdict == HOLDS else 'decided'} exactly at {exact}"
    elif exact.startswith("K >= ") and exact[5:].isdigit():
        exact = f"proven for every {exact} (symbolic K; the claim names class K apart from " \
                f"class {int(exact[5:]) - 1})"
    return (f"{exact}{idx}{restr}; witness K={ks}, {d.witness.entries} assignment(s) x "
            f"{d.witness.points} seeded points")


def _k_min(lhs: A.Node, rhs: A.Node, count: str, zero_based: bool = False) -> int:
    """K > c when a claim names class K beside a literal class c (y_1 and y_K are two
    entries of the Jacobian's first row; y_0 and y_n when the classes are 0 … n), else 1."""
    named, literal = False, 0
    for x in (*A.walk(lhs), *A.walk(rhs)):
        ixs = x.indices if isinstance(x, A.Idx) else (x.a, x.b) if isinstance(x, A.Delta) else ()
        named = named or count in ixs
        literal = max([literal, *(i + zero_based for i in ixs if isinstance(i, int))])
    return literal + 1 if named and literal else 1


def _vector_valued(node: A.Node, model: Model) -> bool:
    """∂σ_1/∂z, ∂σ/∂z_1 with z, σ vectors: an entry that is itself a vector."""
    def vec(n: A.Node) -> bool:
        return isinstance(n, A.Sym) and n.name in model.indexed and not (
            n.name in model.defs and not model.defs[n.name].params)
    return any(isinstance(x, A.Deriv) and (vec(x.var) or vec(x.f)) for x in A.walk(node))


class Checker:
    """Checks steps against one document's model through the shared decider."""

    def __init__(self, model: Model, seed: int = 0, k: int | None = None,
                 symbolic: bool = True) -> None:
        self.model = model
        self.seed = seed
        self.k = k
        self.symbolic = symbolic

    def check_equal(self, lhs: A.Node, rhs: A.Node,
                    restriction: tuple[IndexCond, ...] = ()) -> Outcome:
        """Is lhs = rhs for every K, index assignment and point? (Unreadable if not read.)"""
        if isinstance(lhs, A.Matrix) or isinstance(rhs, A.Matrix):
            return self._check_matrices(lhs, rhs, restriction)
        # an index named as the class count (y_K) is the last class, not a free index; a letter
        # a definition leaves open (C = -ln q_y) is the step's when its case names it (i ≠ y)
        named = {x for c in restriction for x in c[1:] if isinstance(x, str)}
        open_ = {i for n in reach(self.model, lhs, rhs) if n in self.model.defs
                 for i in self.model.defs[n].implicit} & named
        letters = sorted((A.free_indices(lhs) | A.free_indices(rhs) | open_)
                         - {self.model.count_name})
        restriction = tuple(c for c in restriction if c[1] in letters and c[2] in letters)
        distinct = tuple((a, b) for op, a, b in restriction if op != "eq")
        equal = tuple((a, b) for op, a, b in restriction if op == "eq")
        k = self.k or numeric_sum_bound(lhs) or numeric_sum_bound(rhs)
        ctx = Context(tuple(letters), distinct, equal, (), (SUM_TARGETS_ONE,), k,
                      k_min=_k_min(lhs, rhs, self.model.count_name, self.model.zero_based),
                      points=POINTS, seed=self.seed, symbolic=self.symbolic,
                      max_entries=MAX_ENTRIES)
        d = decide(to_builder(lhs, self.model), to_builder(rhs, self.model), ctx)
        checked = _checked(d, letters, restriction)
        if d.verdict == HOLDS:
            return Outcome("ok", "", None, checked)
        if d.verdict == NEEDS_CONDITION:
            ce = _counterexample(d.counterexample, self.model, False) if d.counterexample \
                else None
            return Outcome("needs-condition", "holds only when the targets sum to 1", ce,
                           checked)
        if d.verdict == FAILS and d.counterexample is not None:
            p = d.counterexample
            reason = "the two sides differ"
            if p.difference is not None:
                reason += f" by {p.difference:.3g} (seen at 50 digits)"
            return Outcome("wrong", reason, _counterexample(p, self.model, False), checked)
        raise Unreadable(f"not decided: {d.reason or d.method}")

    def _check_matrices(self, lhs: A.Node, rhs: A.Node,
                        restriction: tuple[IndexCond, ...]) -> Outcome:
        """matrix = matrix: every entry pair that both sides write must be equal."""
        left = matrices.as_matrix(lhs, rhs, self.model)
        right = matrices.as_matrix(rhs, lhs, self.model)
        if left is None or right is None:
            raise Unreadable("a matrix equated with a non-matrix is not read (only a matrix, "
                             "a name defined as one, or ∂y/∂z of two vectors)")
        if any(_vector_valued(e, self.model) for mat in (left, right) for row in mat.rows
               for e in row):
            raise Unreadable("a matrix whose entries are vectors (a derivative by, or of, a "
                             "whole vector) is not read")
        if matrices.shape(left) != matrices.shape(right):
            return Outcome("wrong", f"the matrices have different shapes "
                           f"({'x'.join(map(str, matrices.shape(left)))} and "
                           f"{'x'.join(map(str, matrices.shape(right)))})", None, "")
        left, right = (matrices.size_letters(m, self.model.count_name) for m in (left, right))
        pairs = matrices.entry_pairs(left, right, self.model.count_name)
        if not pairs:
            raise Unreadable("the two matrices write no entry in the same place")
        needs: Outcome | None = None
        out = Outcome("ok", "", None, "")
        for (r, c), a, b in pairs:
            out = self.check_equal(a, b, restriction)
            where = f"entry ({r}, {c})"
            if out.verdict == "wrong":
                return Outcome(out.verdict, f"{where}: {out.reason}", out.counterexample,
                               out.checked)
            if out.verdict == "needs-condition" and needs is None:
                needs = Outcome(out.verdict, f"{where}: {out.reason}", out.counterexample,
                                out.checked)
        what = f"{len(pairs)} entries, each {out.checked}"
        if needs is not None:
            return Outcome(needs.verdict, needs.reason, needs.counterexample, what)
        return Outcome("ok", "", None, what)

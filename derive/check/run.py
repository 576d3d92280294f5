"""``check_document``: text in, :class:`CheckReport` out (no click, no I/O)."""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from fractions import Fraction

from derive.check import ast as A
from derive.check import numbers, sections
from derive.check.definitions import (
    ONE_HOT_WORDS,
    Definition,
    Model,
    StepSpec,
    cross_entropy,
    learn,
    reach,
)
from derive.check.extract import extract
from derive.check.limits import Budget, TimeLimit, cap_equations, parse_member_bounded
from derive.check.normalize import IND_EQ, match_brace
from derive.check.parser import Unreadable, brace_sum_reading, narrow_reading
from derive.check.results import CheckReport, Counterexample, DefinitionInfo, Skipped, StepResult
from derive.check.substitute import (
    replace_children,
    replace_nodes,
    replace_symbols,
    substitute_index,
)
from derive.check.verify import Checker, Outcome


class NoMath(ValueError):
    """The document contains no mathematics to check."""


def _normaliser_name(model: Model, specs: list[StepSpec]) -> None:
    """A bare ``\\sum`` used as a name (Sigma) in a document whose softmax is defined is its
    denominator: Sigma := sum_k e^{z_k} (said in a note)."""
    if model.softmax is None or model.logits is None or "Sigma" in model.defs:
        return
    if any("\\Sigma" in spec.lhs.text + spec.rhs.text for spec in specs):
        return  # the author's own capital sigma: not the bare \\sum read as a name
    if not any(isinstance(x, A.Sym) and x.name == "Sigma" for spec in specs
               for node in (spec.lhs_node, spec.rhs_node) if node is not None
               for x in A.walk(node)):
        return
    body = A.Sum("k", None, None, (), A.Fn("exp", A.Idx(model.logits, ("k",))))
    model.defs["Sigma"] = Definition("Sigma", (), body, 0, f"Sigma = sum_k e^{{{model.logits}_k}}",
                                     "other")
    model.notes.append(f"a bare \\sum used as a name is read as the softmax denominator "
                       f"sum_k e^{{{model.logits}_k}}")


def _generic_losses(model: Model, specs: list[StepSpec]) -> None:
    """An undefined loss L seen only as dL/d(...) becomes L := sum_k g_k y_k (g free)."""
    if model.softmax is None:
        return
    nodes = [n for spec in specs for n in (spec.lhs_node, spec.rhs_node) if n is not None]
    # d/dn e^n, dn/dn: a name differentiated by is a variable, not a loss
    variables = {x.var.name for node in nodes for x in A.walk(node)
                 if isinstance(x, A.Deriv) and isinstance(x.var, A.Sym)}
    for spec in specs:
        for node in (spec.lhs_node, spec.rhs_node):
            if node is None:
                continue
            for n in A.walk(node):
                if (isinstance(n, A.Deriv) and isinstance(n.f, A.Sym)
                        and n.f.name not in variables and n.f.name not in model.defs
                        and n.f.name not in model.indexed
                        and n.f.name not in ("K", "e") and n.f.name not in model.unread
                        and n.f.name not in model.functions):  # J(z) = … is a definition
                    name = n.f.name
                    g = f"dL/d{model.softmax}" if name == "L" else f"d{name}/d{model.softmax}"
                    body = A.Sum("k", None, None, (), A.Mul(
                        (A.Idx(g, ("k",)), A.Idx(model.softmax, ("k",)))))
                    model.defs[name] = Definition(name, (), body, 0, f"{name} (unspecified)",
                                                  "generic")
                    model.generic[name] = g
                    model.indexed.add(g)
                    model.inputs.add(g)
                    model.notes.append(
                        f"{name} is not defined: read as a generic function of "
                        f"{model.softmax} with free partials {g}_k (first derivatives only)")


def _generic_by_other(model: Model, spec: StepSpec) -> str:
    """``dJ(theta)/dz_i`` with J a generic function the document never defines: how theta
    depends on z_i is not said, so the derivative (0 if theta is independent) is not read."""
    for node in (spec.lhs_node, spec.rhs_node):
        for x in A.walk(node) if node is not None else ():
            if not isinstance(x, A.Deriv):
                continue
            var = x.var.name if isinstance(x.var, A.Sym) else None
            for f in A.walk(x.f):
                if (isinstance(f, A.Apply) and f.name in model.generic_calls
                        and isinstance(f.arg, A.Sym) and f.arg.name != var
                        and f.arg.name not in model.defs):
                    return (f"{f.name}({f.arg.name}) is differentiated by something other than "
                            f"{f.arg.name}, and the document does not say how {f.arg.name} "
                            "depends on it")
    return ""


def _generic_misuse(model: Model, node: A.Node) -> str:
    """Reason a step cannot be read with a generic loss, or ''."""
    def inside(n: A.Node, depth: int) -> str:
        if isinstance(n, A.Sym) and n.name in model.generic and depth == 0:
            return f"{n.name} is not defined (only its first derivatives are read)"
        if isinstance(n, A.Deriv):
            if depth >= 1 and any(isinstance(x, A.Sym) and x.name in model.generic
                                  for x in A.walk(n.f)):
                return f"higher derivatives of the undefined {n.f} are not read"
            return inside(n.f, depth + 1)
        for c in A.children(n):
            r = inside(c, depth)
            if r:
                return r
        return ""
    return inside(node, 0)


def _restatements(model: Model, specs: list[StepSpec], pick: Callable[[StepSpec], Checker],
                  budget: Budget, decided: dict[int, _Decision],
                  onehot: Checker | None = None) -> dict[int, Skipped]:
    """``L = …`` again in a later section: a restatement that agrees is a step like any other
    (its decision goes into ``decided``, not made twice), and so is one that agrees for the
    one-hot targets the document states (``L = -log p_c``: needs-condition, stated); one that
    differs (or cannot be read) names L anew for that section, so it is listed as skipped and
    every later step that uses L is not read (``model.redefined``); under a heading of its
    own, check_document then reads that section as a part of its own instead."""
    out: dict[int, Skipped] = {}
    for spec in specs:
        if not spec.claim.startswith("restates:"):
            continue
        name = spec.claim.split(":", 1)[1]
        verdict = "unreadable"
        if spec.lhs_node is not None and spec.rhs_node is not None:
            try:
                d = budget.run(_decide, pick(spec), spec)  # type: ignore[arg-type]
                verdict = d.verdict
            except (Unreadable, TimeLimit, RecursionError, ArithmeticError, ValueError,
                    TypeError):
                verdict = "unreadable"
        if verdict == "ok":
            decided[id(spec)] = d
            continue
        hot = (_onehot_retry(onehot, spec) if verdict == "wrong" and onehot is not None
               and model.onehot else _HotRetry())
        if hot.reason and not hot.case_only:
            decided[id(spec)] = _Decision("needs-condition", hot.reason, d.counterexample,
                                          d.checked, d.restriction_used)
            continue
        line = spec.rhs.rel_line or spec.rhs.line
        model.redefined.setdefault(name, spec.lhs.line)
        out[id(spec)] = Skipped(line, f"{_shown(spec.lhs.text)} = {_shown(spec.rhs.text)}",
                                f"defines {name} anew in this section (it differs from line "
                                f"{model.defs[name].line}); later steps that use {name} are "
                                "not read")
    return out


def _undefined_scalars(model: Model, spec: StepSpec) -> list[str]:
    """Scalar names of the step that nothing defines and that are not a variable the step
    differentiates by or applies a function to (``x`` of ``g(x)``), nor K or e; and the
    numbered scalars and unknown predictions (p̂ of -Σ p log p̂) it reaches."""
    names: set[str] = set()
    bound: set[str] = {"e", "K", model.count_name, "Xi"}
    for node in (spec.lhs_node, spec.rhs_node):
        for x in A.walk(node):  # type: ignore[arg-type]
            if isinstance(x, A.Sym):
                names.add(x.name)
            elif isinstance(x, A.Idx) and x.base in model.free:
                names.add(x.base)
            elif isinstance(x, A.Deriv) and isinstance(x.var, A.Sym):
                bound.add(x.var.name)
            elif isinstance(x, A.Apply) and isinstance(x.arg, A.Sym):
                bound.add(x.arg.name)
    numbered = reach(model, spec.lhs_node, spec.rhs_node) & (model.numbered
                                                             | model.unknown_predictions)
    return sorted({n for n in names - bound if n not in model.defs and (
        n not in model.indexed or n in model.free) and n not in model.generic
        and n not in model.functions} | numbered)


def _numbered_scalars(model: Model, specs: list[StepSpec]) -> set[str]:
    """``x_4 = Z_i - max Z``, ``x_1 = c_1 / x_2``: a name the document writes only with numbers
    as subscripts, and sets one of them equal to something, names scalars one by one; they
    are not the entries of an input vector, so no step is judged on random values of them."""
    lettered: set[str] = set()
    numbered: set[str] = set()
    for spec in specs:
        for m in (spec.lhs, spec.rhs):
            lettered |= set(re.findall(r"(?<![\\a-zA-Z])([a-zA-Z])_\{?\s*[a-zA-Z]", m.text))
        head = re.fullmatch(r"\s*([a-zA-Z])_\{?\s*\d+\s*\}?\s*", spec.lhs.text)
        if head and head.group(1) not in model.defs and head.group(1) != model.logits:
            numbered.add(head.group(1))
    return numbered - lettered


def _shown(text: str) -> str:
    """Member text as the author wrote it (the masked = of an indicator restored; a row index
    blanked by rows.py leaves no gap: z_{i,j} is shown z_{j}; nor does a label labels.py
    dropped: Y_{\\text{pred}}^{(j)} is shown Y_{j})."""
    text = re.sub(r"(\}|[A-Za-z]) {3,}(?=[^\s])", r"\1 ", text.replace(IND_EQ, "="))
    text = re.sub(r"(\}|[A-Za-z]) (?=[})])", r"\1", text)
    return re.sub(r"_\{\s+", "_{", text)


def _generic_one_sided(model: Model, spec: StepSpec) -> str:
    """'' unless an undefined loss L appears on one side only: dL/dz_i = y_i - t_i states a
    closed form, true for some losses and not others, so it cannot be decided without L's
    definition (dL/dz_i = sum_k dL/dy_k dy_k/dz_i, L on both sides, holds for every L)."""
    def names(node: A.Node | None) -> set[str]:
        return {x.name for x in A.walk(node) if isinstance(x, A.Sym)} if node else set()
    left, right = names(spec.lhs_node), names(spec.rhs_node)
    for name in model.generic:
        if (name in left) != (name in right):
            return (f"{name} is not defined, and only one side mentions it: its closed form "
                    "cannot be checked without its definition")
    left, right = _calls(model, spec.lhs_node), _calls(model, spec.rhs_node)
    for name in sorted(model.generic_calls):
        if (name in left) != (name in right):
            # dg(x_j)/dx_i = e^{x_i}: a value for the author's g, which the document never
            # writes (f(x) = g(x)/h(x) on the other side names g through f's definition)
            return (f"{name}(...) is not defined, and only one side uses it: which function "
                    "is meant is not said")
    return ""


def _calls(model: Model, node: A.Node | None) -> set[str]:
    """The functions a side applies, with those its defined functions' formulas apply."""
    out: set[str] = set()
    todo = [node] if node is not None else []
    while todo:
        for x in A.walk(todo.pop()):
            if isinstance(x, A.Apply) and x.name not in out:
                out.add(x.name)
                if x.name in model.functions:
                    todo.append(model.functions[x.name][1])
    return out


@dataclass(frozen=True)
class _Decision:
    verdict: str
    reason: str
    counterexample: Counterexample | None
    checked: str
    restriction_used: bool


def _softmax_of_index(spec: StepSpec, **base: object) -> StepResult:
    """``p_j = e^j / Σ_i e^i`` called softmax: the exponent is the class number, so the value
    is the same for all logits; at K = 2, j = 1 it is e/(e + e²) while softmax(0, 0)_1 = 1/2."""
    assert isinstance(spec.rhs_node, A.Softmax)
    e1, e2 = math.e, math.e ** 2
    ce = Counterexample(2, ((spec.rhs_node.index, 1),),
                        ((spec.rhs_node.logits, (0.0, 0.0)),), e1 / (e1 + e2), 0.5, False)
    return StepResult(verdict="wrong", reason=(
        "called softmax, but e^{j} exponentiates the class number j, not a logit: the same "
        "value for every logits"), counterexample=ce,
        checked="at K = 2, j = 1: e/(e + e²) = 0.2689 for any logits, softmax(0, 0)_1 = 0.5",
        **base)  # type: ignore[arg-type]


def _arithmetic(arith: tuple[str, float, float, float] | None, **base: object) -> StepResult:
    """A step between numbers with rounded decimals, decided to the decimals written."""
    if arith is None:
        return StepResult(verdict="unreadable", reason="\\approx between numbers that could "
                          "not be evaluated", **base)  # type: ignore[arg-type]
    verdict, left, right, tol = arith
    if tol != tol:  # nan: more decimals than are weighed
        return StepResult(verdict="unreadable", reason=(
            f"more than {numbers.MAX_DECIMALS} decimals: their rounding is not weighed"),
            **base)  # type: ignore[arg-type]
    told = (f"left = {left:.10g}, right = {right:.10g}; the rounding of the decimals allows "
            f"{tol:.3g}")
    if verdict == "ok":
        return StepResult(verdict="ok", checked=f"numbers: {told}", **base)  # type: ignore[arg-type]
    if verdict == "wrong":
        return StepResult(verdict="wrong", reason="the two numbers differ by more than the "
                          "rounding of their decimals explains",
                          counterexample=Counterexample(0, (), (), left, right, False),
                          checked=f"numbers: {told}", **base)  # type: ignore[arg-type]
    return StepResult(verdict="unreadable", reason=f"the numbers agree only roughly ({told})",
                      **base)  # type: ignore[arg-type]


_DECIMAL = re.compile(r"\s*-?\s*\d+\.(\d+)\s*")


def _to_digits_shown(spec: StepSpec, lhs: float, rhs: float) -> str:
    """``-\\ln 0.245 = 1.406``: a side written as a decimal with d digits and a side of numbers
    only agree when they differ by at most half a unit of the d-th digit (the value rounded to
    what is written); how, or '' if they do not or the step has names in it."""
    for side, node in ((spec.lhs, spec.lhs_node), (spec.rhs, spec.rhs_node)):
        if not isinstance(node, A.Num) and not isinstance(node, A.Neg):
            continue
        m = _DECIMAL.fullmatch(side.text)
        if m is None:
            continue
        other = spec.rhs_node if side is spec.lhs else spec.lhs_node
        if other is None or any(isinstance(x, A.Idx | A.Sym | A.Softmax | A.Apply | A.Deriv
                                           | A.Sum) for x in A.walk(other)):
            # names, or a sum over the classes (its value depends on K): one point says nothing
            return ""
        digits = len(m.group(1))
        if abs(lhs - rhs) <= 0.5 * 10.0 ** -digits * (1 + 1e-9):
            return (f"equal to the {digits} decimal{'s' if digits > 1 else ''} written "
                    f"({lhs:.{digits + 4}g} and {rhs:.{digits + 4}g})")
    return ""


def _decide(checker: Checker, spec: StepSpec) -> _Decision:
    """Decide a step in every case first; fall back to its case (prose) only when needed."""
    if spec.restriction:
        try:
            out = checker.check_equal(spec.lhs_node, spec.rhs_node, ())  # type: ignore[arg-type]
            if out.verdict == "ok":
                return _Decision(*_fields(out), restriction_used=False)
        except Unreadable:
            pass
    out = checker.check_equal(spec.lhs_node, spec.rhs_node, spec.restriction)  # type: ignore[arg-type]
    return _Decision(*_fields(out), restriction_used=bool(spec.restriction))


def _recovers(checker: Checker, spec: StepSpec, start: StepSpec, error: int,
              budget: Budget) -> str:
    """After a wrong step a = b, a false step b = c whose right side is the value of the
    chain's start (a = c holds) is still wrong, and the report says that the two errors
    cancel: the chain's result is right though its steps are not."""
    if start.lhs_node is None or spec.rhs_node is None:
        return ""
    whole = replace(spec, lhs=start.lhs, lhs_node=start.lhs_node)
    try:
        out = budget.run(_decide, checker, whole)  # type: ignore[arg-type]
    except (Unreadable, TimeLimit, RecursionError, ArithmeticError, ValueError, TypeError):
        return ""
    if out.verdict != "ok":
        return ""
    return (f"; its right side is the value of the chain's start (line {start.lhs.line}): "
            f"it undoes the error at line {error}")


def _fields(out: Outcome) -> tuple[str, str, Counterexample | None, str]:
    return out.verdict, out.reason, out.counterexample, out.checked


def check_document(text: str, filename: str = "<text>", seed: int = 0,
                   symbolic: bool = True) -> CheckReport:
    """Check every step of a document's derivation; raises :class:`NoMath` if there is none."""
    budget = Budget()  # issue 10: per-step and per-document time limits
    ex = cap_equations(extract(text, filename))
    unreadable = [
        StepResult(line=line, kind="math", lhs=snippet, rhs="", verdict="unreadable", reason=why)
        for line, snippet, why in ex.problems
    ]
    loose_unread = [StepResult(line=line, kind="math", lhs=snippet, rhs="", verdict="unreadable",
                               reason=why)
                    for line, snippet, why, kind in ex.loose if kind == "unreadable"]
    loose_skipped = [Skipped(line, snippet, why)
                     for line, snippet, why, kind in ex.loose if kind == "skipped"]
    if not ex.chains and (unreadable or loose_unread):
        return CheckReport(filename, tuple(unreadable + loose_unread), (), (), (),
                           tuple(loose_skipped))
    if not ex.chains:
        raise NoMath("no equations found in the document" if ex.math_regions
                     else "no mathematics found in the document")
    pieces = sections.parts(ex.chains, ex.headings)
    results: list[StepResult] = []
    defs: list[DefinitionInfo] = []
    stated: list[str] = []
    notes: list[str] = list(ex.notes)
    skipped = list(loose_skipped)
    brace_sums, named = _brace_sums(text), _named_losses(text)
    queue: list[tuple[tuple, str, tuple[str, int] | None]] = [(c, w, None) for c, w in pieces]
    for _ in range(len(ex.chains) + len(queue)):  # each split leaves a part with fewer chains
        if not queue:
            break
        chains, why, anew = queue.pop(0)
        part = _check_part(chains, ex.prose, seed, symbolic, budget, ex.correct_class,
                           brace_sums, named, anew)
        cut = _redefinition_cut(part.redefined, chains, ex.headings)
        if cut is not None:
            name, line = cut
            queue[:0] = [(tuple(c for c in chains if c.members[0].line < line), why, anew),
                         (tuple(c for c in chains if c.members[0].line >= line),
                          f"line {line}: the section from here on defines {name} anew by "
                          "another formula; it is read on its own (earlier definitions do "
                          "not apply)", (name, part.redefined[name]))]
            continue
        notes += [why] if why else []
        results += part.results
        defs += part.defs
        stated += [c for c in part.stated if c not in stated]
        notes += part.notes
        skipped += part.skipped
    at_problem = {r.line for r in unreadable}  # the formula's own reason replaces its steps'
    results = [r for r in results if not (r.verdict == "unreadable" and r.line in at_problem)]
    results += unreadable + loose_unread
    return CheckReport(filename, tuple(sorted(results, key=lambda r: r.line)), tuple(defs),
                       tuple(stated), tuple(notes), tuple(sorted(skipped, key=lambda k: k.line)))


class _Checkers:
    """The checkers of one part: the part's, each example's K or targets, the one-hot one."""

    def __init__(self, model: Model, specs: list[StepSpec], seed: int, symbolic: bool) -> None:
        self.model, self.seed, self.symbolic = model, seed, symbolic
        self._as_softmax: dict[str, Checker] = {}
        self.checker = Checker(model, seed=seed, k=model.fixed_k, symbolic=symbolic)
        self.examples = {k: Checker(model, seed=seed, k=k, symbolic=symbolic)
                         for k in set(model.example_k.values()) | {s.k_only for s in specs}
                         if k is not None and 1 <= k <= 8}
        self.onehot: Checker | None = None
        if model.onehot and model.onehot[0] not in model.defs:
            name = model.onehot[0]
            hot = replace(model, defs={**model.defs, name: Definition(
                name, ("k",), A.Delta("k", _written(model, {"": 1})[""]), 0,
                f"{name}_k = delta_k1", "other")})
            self.onehot = Checker(hot, seed=seed, k=model.fixed_k, symbolic=symbolic)
        self.given = {name: Checker(replace(model, defs={**model.defs, name: Definition(
            name, ("k",), A.Delta("k", c), line, f"{name}_k = delta_k{c}", "other")}),
            seed=seed, k=k, symbolic=symbolic) for name, (c, k, line) in model.givens.items()}

    def as_softmax(self, name: str, line: int) -> Checker:
        """The checker of a chain that differentiates the targets' name by the logits: there
        the name is the softmax output (said in a note)."""
        model = self.model
        if name not in self._as_softmax:
            logits = model.logits or "z"
            self._as_softmax[name] = Checker(replace(
                model, defs={**model.defs, name: Definition(
                    name, ("i",), A.Softmax(logits, "i"), line,
                    f"{name}_i = softmax({logits})_i (on this line)", "softmax")},
                targets=model.targets - {name}, inputs=model.inputs - {name}),
                seed=self.seed, k=model.fixed_k, symbolic=self.symbolic)
        note = (f"line {line}: {name} is differentiated by the logits {model.logits}: read as "
                f"the softmax output there, {name}_i = softmax({model.logits})_i (the targets "
                "elsewhere)")
        if note not in model.notes:
            model.notes.append(note)
        return self._as_softmax[name]

    def pick(self, spec: StepSpec) -> Checker:
        """The checker a step is decided with: its example's targets or K, else the part's."""
        if spec.given in self.given:
            return self.given[spec.given]
        if self.model.fixed_k is None:
            return self.examples.get(spec.k_only, self.checker)
        return self.checker


@dataclass(frozen=True)
class _Part:
    results: list[StepResult]
    defs: tuple[DefinitionInfo, ...]
    stated: tuple[str, ...]
    notes: tuple[str, ...]
    skipped: list[Skipped]
    redefined: dict[str, int]  # name -> line where a later section defines it anew


def _check_part(chains: tuple, prose: str, seed: int, symbolic: bool, budget: Budget,
                correct_class: tuple[str, int] | None = None,
                brace_sums: tuple[tuple[int, str], ...] = (),
                named: tuple[tuple[int, str], ...] = (),
                anew: tuple[str, int] | None = None) -> _Part:
    """Learn the definitions of one part of the document and decide each of its steps;
    ``anew``: (name, line) the part starts with a new definition of the name, on that line."""
    model, specs = learn(chains, prose)
    _named_loss(model, named, chains)
    _onehot_from_prose(model, prose, correct_class)
    _stated_under_braces(model, brace_sums)
    _normaliser_name(model, specs)
    _generic_losses(model, specs)
    model.numbered = _numbered_scalars(model, specs)
    claims = _softmax_claims(model, specs, seed, symbolic, budget)
    checkers = _Checkers(model, specs, seed, symbolic)
    pick = checkers.pick
    restated = _restatements(model, specs, pick, budget, claims, checkers.onehot)
    results: list[StepResult] = []
    chain_of = {id(m): c for c in chains for m in c.members}
    set_aside = _set_aside(chains)
    two_way = _targets_by_logits(model, specs, chain_of)
    after_error: dict[object, tuple[StepSpec, int]] = {}  # member -> (chain start, error line)
    named_hot: set[str] = set()  # letters a one-hot collapse named the hot class
    split = {(m.line, m.text) for c in chains if any(_OR_MEMBER.search(x.text) for x in c.members)
             for m in c.members}  # chains that go on in two cases ("= a \text{or} b")
    for spec in specs:
        if id(spec) in restated:
            continue
        if spec.kind == "step" and spec.lhs in after_error:
            after_error[spec.rhs] = after_error[spec.lhs]
        restr = tuple(f"{a} {'=' if op == 'eq' else '≠'} {b}" for op, a, b in spec.restriction)
        base = dict(line=spec.rhs.rel_line or spec.rhs.line,  # the line of the relation
                    kind=spec.kind, lhs=_shown(spec.lhs.text), rhs=_shown(spec.rhs.text),
                    restriction=restr, relation=_RELATION_SHOWN.get(spec.rel, "="))
        if spec.kind == "definition":
            base["line"] = spec.lhs.line
        if spec.lhs_node is None or spec.rhs_node is None:
            results.append(StepResult(verdict="unreadable",
                                      reason=_unread_cause(model, spec.reason), **base))
            continue
        if spec.claim == "softmax-of-index":
            results.append(_softmax_of_index(spec, **base))
            continue
        arith = numbers.compare(spec.lhs_node, spec.lhs.text, spec.rhs_node, spec.rhs.text)
        if arith is not None or spec.claim == "approx":
            results.append(_arithmetic(arith, **base))
            continue
        why = (_depends_on_unread(model, spec) or _capital_index(model, spec)
               or _before_new_definition(anew, spec))
        if why:
            results.append(StepResult(verdict="unreadable", reason=why, **base))
            continue
        why = (_generic_misuse(model, spec.lhs_node) or _generic_misuse(model, spec.rhs_node)
               or _generic_one_sided(model, spec) or _generic_by_other(model, spec))
        if why:
            results.append(StepResult(verdict="unreadable", reason=why, **base))
            continue
        hot_class = False  # decided with the hot class the loss's index names (L = -log p_c)
        try:
            own = two_way.get(id(chain_of.get(id(spec.lhs))))
            checker = checkers.as_softmax(own, spec.lhs.line) if own else pick(spec)
            out = claims.get(id(spec)) or budget.run(_decide, checker, spec)  # type: ignore[arg-type]
            if out.restriction_used is False:
                base["restriction"] = ()  # holds in every case: no restriction needed
        except (Unreadable, TimeLimit) as exc:
            hot = _at_hot_class(checkers.onehot, spec, exc, budget)
            alg = None if hot is not None else _as_algebra(checkers, spec, exc, budget)
            if hot is None and alg is None:
                results.append(StepResult(verdict="unreadable", reason=_unread_cause(
                    model, str(exc)), **base))
                continue
            if alg is not None:
                if isinstance(alg, str):
                    results.append(StepResult(verdict="unreadable", reason=alg, **base))
                    continue
                out = alg
            else:
                out, hot_class = hot, True  # type: ignore[assignment]
        except (RecursionError, ArithmeticError, ValueError, TypeError) as exc:
            results.append(StepResult(verdict="unreadable", reason=(
                f"could not evaluate ({type(exc).__name__}: {exc})"), **base))
            continue
        why = _readings_disagree(pick(spec), spec, out, budget)
        if why:
            results.append(StepResult(verdict="unreadable", reason=why, **base))
            continue
        loose = _undefined_scalars(model, spec) if out.verdict in (
            "wrong", "needs-condition") else []
        if loose:
            # a claim false for generic values of names nobody defined may hold for the
            # values the author meant: not wrong, not read
            results.append(StepResult(verdict="unreadable", reason=(
                f"depends on {', '.join(loose)}, which the document does not define (it fails "
                "for some values of them; the intended ones are unknown)"), **base))
            continue
        aside = _set_aside_holds(checkers, spec, set_aside, budget) if out.verdict == "wrong" \
            else ""
        if aside:
            results.append(StepResult(verdict="unreadable", reason=aside, **base))
            continue
        if out.verdict in ("wrong", "needs-condition") and spec.example:
            results.append(StepResult(verdict="unreadable", reason=(
                "a step of a numeric example (its chain ends in the example's numbers): it "
                "fails for other values; the example's values are not read"), **base))
            continue
        if out.verdict == "wrong" and out.counterexample is not None:
            shown = _to_digits_shown(spec, out.counterexample.lhs, out.counterexample.rhs)
            if shown:
                out = _Decision("ok", "", None, shown, out.restriction_used)
        hot_stated = hot_class  # needs-condition for the one-hot targets the document states
        if out.verdict == "wrong" and checkers.onehot is not None and model.onehot:
            hot = _onehot_retry(checkers.onehot, spec, named_hot,
                                (spec.lhs.line, spec.lhs.text) in split)
            named_hot |= {hot.named} - {""}
            if hot.case_only:
                results.append(StepResult(verdict="unreadable", reason=hot.reason, **base))
                continue
            retry = hot.reason
            hot_stated = bool(retry)
            if retry and spec.given:  # decided with the example's one-hot targets
                retry = retry.replace("the counterexample has general targets",
                                      "in the counterexample that class is not the hot one")
            if retry:
                out = _Decision("needs-condition", retry, out.counterexample, out.checked,
                                out.restriction_used)
        if out.verdict == "wrong" and spec.kind == "step":
            out = _with_line_values(pick(spec), spec, budget) or out
        if out.verdict == "wrong" and spec.kind == "step":
            named = _letter_classes(spec, checkers.model, seed, symbolic, budget)
            if named is not None:
                out = named
        if out.verdict == "wrong" and spec.kind == "step":
            why = _off_diagonal(pick(spec), spec, specs, budget)
            if why:
                results.append(StepResult(verdict="unreadable", reason=why, **base))
                continue
            why = _bare_sum_range(pick(spec), spec, budget) or _literal_coincidence(
                checkers.model, spec, specs, seed, symbolic, budget)
            if why:
                results.append(StepResult(verdict="unreadable", reason=why, **base))
                continue
            if spec.lhs in after_error:
                back = _recovers(pick(spec), spec, *after_error[spec.lhs], budget)
                out = replace(out, reason=out.reason + back) if back else out
            after_error.setdefault(spec.rhs, (after_error.get(spec.lhs, (spec, 0))[0],
                                              base["line"]))  # type: ignore[arg-type]
        reason = out.reason
        if spec.kind == "definition" and out.verdict == "wrong":
            reason = ("called cross-entropy, but differs from -sum_k t_k ln y_k"
                      if spec.claim == "cross-entropy"
                      else "called the Jacobian, but differs from dy_i/dz_j"
                      if spec.claim == "jacobian"
                      else "called softmax, but differs from e^{z_i}/sum_k e^{z_k}")
            if spec.claim == "softmax" and not isinstance(spec.lhs_node, A.Idx):
                reason += (" (the right side uses an index the left side does not name: it "
                           "would not depend on the index defined)")
        stated = None
        if out.verdict == "needs-condition":
            stated = bool(model.simplex_stated) or hot_stated
            reason += ("" if hot_stated and not model.simplex_stated else
                       " (the document states it: " + "; ".join(model.simplex_stated) + ")"
                       if stated else " (the document does not state this)")
        results.append(StepResult(verdict=out.verdict, reason=reason,
                                  counterexample=out.counterexample, condition_stated=stated,
                                  checked=out.checked, **base))
    defs = tuple(DefinitionInfo(d.name, d.params, d.line, _shown(d.text), d.role)
                 for d in model.defs.values())
    skipped = [Skipped(line, _shown(text), why) for line, text, why in model.skipped]
    skipped += restated.values()
    return _Part(results, defs, tuple(model.simplex_stated), tuple(model.notes), skipped,
                 dict(model.redefined))


def _redefinition_cut(redefined: dict[str, int], chains: tuple,
                      headings: tuple[int, ...]) -> tuple[str, int] | None:
    """(name, heading line) where a part should start anew: a loss defined again by another
    formula (the restatement disagrees, run once) under a heading after the part's first
    chain; None when there is none (the later steps are then not read)."""
    first = chains[0].members[0].line if chains else 0
    for name, line in sorted(redefined.items(), key=lambda kv: kv[1]):
        before = [h for h in headings if first < h <= line]
        if before and any(c.members[0].line < before[-1] for c in chains):
            return name, before[-1]
    return None


_BARE_SUM_RE = re.compile(r"\\(?:sum|Sigma)(?![a-zA-Z])(?!\s*(?:_|\^|\\limits|\\nolimits))")


def _bare_sum_range(checker: Checker, spec: StepSpec, budget: Budget) -> str:
    """A false step with a sum written without its range (``- \\Sigma \\frac{y_j}{A_j} ...``
    after the j = i term): if it holds with the sum over j != i, the range the author meant
    is not known, so the step is not read (neither reading is the written one)."""
    if not _BARE_SUM_RE.search(spec.lhs.text + " " + spec.rhs.text):
        return ""
    free = sorted(A.free_indices(spec.lhs_node) | A.free_indices(spec.rhs_node))  # type: ignore[arg-type]

    def skipping(node: A.Node, i: str) -> A.Node:
        def sub(n: A.Node) -> A.Node:
            if isinstance(n, A.Sum) and n.lo is None and n.hi is None and not n.skip:
                return A.Sum(n.var, None, None, (i,), sub(n.body))
            return replace_children(n, [sub(c) for c in A.children(n)])
        return sub(node)
    for i in free:
        other = replace(spec, lhs_node=skipping(spec.lhs_node, i),  # type: ignore[arg-type]
                        rhs_node=skipping(spec.rhs_node, i))  # type: ignore[arg-type]
        if other == spec:
            continue
        try:
            alt = budget.run(_decide, checker, other)
        except (Unreadable, TimeLimit, RecursionError, ArithmeticError, ValueError, TypeError):
            continue
        if alt.verdict == "ok":
            return (f"a sum is written without its range: over all values it fails, but it "
                    f"holds with the sum skipping {i}; which one is meant is not written")
    return ""


def _softmax_claims(model: Model, specs: list[StepSpec], seed: int, symbolic: bool,
                    budget: Budget) -> dict[int, _Decision]:
    """Decide each definition called softmax first; one that is not softmax is flagged, and
    the rest of the document is read with the softmax its author meant (said in a note)."""
    out: dict[int, _Decision] = {}
    for spec in specs:
        if spec.kind != "definition" or spec.claim != "softmax" or spec.lhs_node is None:
            continue
        try:
            d = budget.run(_decide, Checker(model, seed=seed, k=model.fixed_k,
                                            symbolic=symbolic), spec)
        except (Unreadable, TimeLimit, RecursionError, ArithmeticError, ValueError,
                TypeError):
            continue  # decided (or refused) again in the main loop, with the reason
        out[id(spec)] = d
        name = spec.lhs_node.base if isinstance(spec.lhs_node, A.Idx) else None
        if d.verdict == "wrong" and name in model.defs and isinstance(spec.rhs_node, A.Softmax):
            old = model.defs[name]
            model.defs[name] = Definition(name, old.params, A.Softmax(spec.rhs_node.logits,
                                                                      old.params[0]),
                                          old.line, old.text, "softmax", old.implicit)
            model.notes.append(f"line {old.line}: {old.text} is called softmax but is not; the "
                               f"rest is read with {name}_{old.params[0]} = "
                               f"softmax({spec.rhs_node.logits})_{old.params[0]}")
    return out


def _brace_sums(text: str) -> tuple[tuple[int, str], ...]:
    """(line, X) for each ``\\underbrace{X}_{=1}`` of the document (the author's note that X
    is 1), X as written."""
    out: list[tuple[int, str]] = []
    for m in re.finditer(r"\\underbrace\s*(\{)", text):
        end = match_brace(text, m.start(1))
        if end > 0 and re.match(r"\s*_\s*\{\s*=\s*1\s*\}", text[end + 1:]):
            out.append((text.count("\n", 0, m.start()) + 1, text[m.start(1) + 1: end]))
    return tuple(out)


_NAMED_LOSS_RE = re.compile(
    r"(?<![a-z])(?<!binary )(?<!binary-)(?<!sigmoid )"
    r"(?:cross[- ]?entropy|log[- ]loss|negative log[- ]likelihood)(?:\s{1,3}(?:loss|error|cost))?"
    r"(?:\s{1,3}function)?,?(?:\s{1,3}(?:denoted|called|written|by|as)){0,2}\s{0,3}\$([^$\n]{1,24})\$",
    re.I)


def _named_losses(text: str) -> tuple[tuple[int, str], ...]:
    """(line, X) for each "the cross-entropy loss $X$" of the document (X as written)."""
    return tuple((text.count("\n", 0, m.start(1)) + 1, m[1])
                 for m in _NAMED_LOSS_RE.finditer(text))


def _named_loss(model: Model, named: tuple[tuple[int, str], ...], chains: tuple) -> None:
    """"The cross-entropy loss $L$" with L never defined (nor unreadable) in this part, the
    softmax y and one target name t known: L = −Σ_k t_k log y_k, and a note says so."""
    first = min((c.members[0].line for c in chains), default=0)
    last = max((c.members[-1].line for c in chains), default=0)
    for line, text in named:
        try:
            node = parse_member_bounded(text)
        except Unreadable:
            continue
        if not (isinstance(node, A.Sym) and first - 40 <= line <= last) or model.softmax is None:
            continue
        name = node.name
        if name in model.defs or name in model.unread or name in model.indexed:
            continue
        candidates = sorted(t for t in model.targets & model.inputs
                            if t not in model.defs and t != model.softmax)
        if len(candidates) != 1:
            continue
        t, y = candidates[0], model.softmax
        model.defs[name] = Definition(name, (), cross_entropy(t, y), line,
                                      f"{name} = -sum_k {t}_k log {y}_k (named in prose)", "loss")
        model.notes.append(f"line {line}: {name} is called the cross-entropy loss and not "
                           f"defined: read as {name} = -sum_k {t}_k log {y}_k")
        return


def _stated_under_braces(model: Model, brace_sums: tuple[tuple[int, str], ...]) -> None:
    """``\\underbrace{\\sum_j y_j}_{=1}`` over the targets states that they sum to 1."""
    for line, content in brace_sums:
        try:
            node = parse_member_bounded(content)
        except Unreadable:
            continue
        if (isinstance(node, A.Sum) and isinstance(node.body, A.Idx)
                and node.body.base in model.targets):
            model.simplex_stated.append(f"line {line}: {content.strip()} = 1 (under a brace)")
            model.stated_targets.add(node.body.base)


def _onehot_from_prose(model: Model, prose: str, correct_class: tuple[str, int] | None) -> None:
    """"The correct class is k" and "one-hot" targets in the prose: the targets are one-hot at
    class k (y_k = 1), as "y_k = 1" written in the math would say; so does the correct class
    named beside an example that gives the targets one-hot by value (y = (0, 1, 0))."""
    if model.onehot is not None:
        return
    if not re.search(ONE_HOT_WORDS, prose, re.I):
        raw = sorted(t for t in model.givens if t in model.targets and t not in model.defs)
        if len(raw) == 1 and correct_class is not None:
            model.onehot = (raw[0], correct_class[0], correct_class[1])
        return
    raw = sorted(t for t in model.targets if t not in model.defs and not t.startswith("hat_")
                 and t != model.logits)
    if len(raw) == 1 and correct_class is not None:
        model.onehot = (raw[0], correct_class[0], correct_class[1])
    elif len(raw) == 1 and any(re.search(ONE_HOT_WORDS, s, re.I) for s in model.simplex_stated
                               if s.startswith("prose:")):
        # "the target one-hot vector y", no class named: a step's one free letter names it
        model.onehot = (raw[0], "", 0)


def _literal_classes(node: A.Node | None) -> set[int]:
    """Class numbers written in the node (y_1, sum_{k != 1}, delta_{k2})."""
    out: set[int] = set()
    for x in A.walk(node) if node is not None else ():
        idx = (x.indices if isinstance(x, A.Idx) else (x.a, x.b) if isinstance(x, A.Delta)
               else x.skip if isinstance(x, A.Sum) else ())
        out |= {i for i in idx if isinstance(i, int)}
    return out


@dataclass(frozen=True)
class _HotRetry:
    """A wrong step under the one-hot targets: the reason it holds ('' when it does not),
    whether it holds in one case the document does not name (then it is not read), and the
    letter it names the hot class (a collapse onto y_m names m for the later steps)."""

    reason: str = ""
    case_only: bool = False
    named: str = ""


def _ok_with(checker: Checker, lhs: A.Node, rhs: A.Node, restriction: tuple,
             budget: Budget) -> Outcome | None:
    """The checker's outcome for lhs = rhs when it is ok; None when not (or not decided)."""
    try:
        out = budget.run(checker.check_equal, lhs, rhs, restriction)
    except (Unreadable, TimeLimit, RecursionError, ArithmeticError, ValueError, TypeError):
        return None
    return out if out.verdict == "ok" else None


def _with_line_values(checker: Checker, spec: StepSpec, budget: Budget) -> _Decision | None:
    """"$y_1 = 0$, so $\\hat y_1 - y_1 = \\hat y_1$": a wrong step that holds with the values its
    own line states for the entries it uses is ok, and says so; None otherwise."""
    table = {**checker.model.line_values.get(spec.lhs.line, {}),
             **checker.model.line_values.get(spec.rhs.line, {})}
    used = {k: v for k, v in table.items()
            if any(x == k for n in (spec.lhs_node, spec.rhs_node) for x in A.walk(n))}  # type: ignore[arg-type]
    if not used:
        return None
    lhs, rhs = (replace_nodes(n, used) for n in (spec.lhs_node, spec.rhs_node))  # type: ignore[arg-type]
    out = _ok_with(checker, lhs, rhs, spec.restriction, budget)
    if out is None:
        return None
    said = ", ".join(f"{k.base}_{''.join(map(str, k.indices))} = {v.value}"
                     for k, v in used.items())
    return _Decision("ok", "", None, f"with {said}, as its line states: {out.checked}", False)


def _with_classes(checker: Checker, put: dict[str, int]) -> Checker:
    """The checker with each definition's implicit letter in put set to its class (L = -log p_c
    with c -> 1); the same checker when no definition leaves one of them open."""
    put = _written(checker.model, put)
    defs = {n: replace(d, body=_put_all(d.body, {c: v for c, v in put.items() if c in d.implicit}),
                       implicit=tuple(i for i in d.implicit if i not in put))
            for n, d in checker.model.defs.items() if set(d.implicit) & set(put)}
    if not defs:
        return checker
    return Checker(replace(checker.model, defs={**checker.model.defs, **defs}), seed=checker.seed,
                   k=checker.k, symbolic=checker.symbolic)


def _written(model: Model, put: dict[str, int]) -> dict[str, int]:
    """Classes 1 (the hot one), 2 (another) as the document writes them: c - 1 where it numbers
    classes from 0 (the builder reads a written class c as the (c+1)-th there)."""
    shift = int(model.zero_based)
    return {c: v - shift for c, v in put.items()}


def _put_all(node: A.Node, put: dict[str, int]) -> A.Node:
    for letter, value in put.items():
        node = substitute_index(node, letter, value)
    return node


def _holds_with(checker: Checker, spec: StepSpec, put: dict[str, int]) -> bool:
    """Does the step hold with each letter of put set to its class (1: the hot class, 2: a
    class that is not the hot one) in the one-hot model?"""
    lhs, rhs = (_put_all(n, _written(checker.model, put))  # type: ignore[arg-type]
                for n in (spec.lhs_node, spec.rhs_node))
    checker = _with_classes(checker, put)  # L = -log p_c: its c is the hot class too
    restriction = tuple(c for c in spec.restriction if not set(c[1:]) & set(put))
    # class 2 stands for "a class that is not the hot one": it exists from K = 2 on, so each
    # K = 2..7 is decided on its own (at K = 1 there is no other class)
    checkers = [checker] if 2 not in put.values() or checker.k is not None else [
        Checker(checker.model, seed=checker.seed, k=k, symbolic=checker.symbolic)
        for k in range(2, 8)]
    for ch in checkers:
        try:
            out = ch.check_equal(lhs, rhs, restriction)  # type: ignore[arg-type]
        except (Unreadable, RecursionError, ArithmeticError, ValueError, TypeError):
            return False
        if out.verdict != "ok":
            return False
    return True


_OR_MEMBER = re.compile(r"\\(?:text|mathrm|textrm)\s*\{\s*or\s*\}|\\(?:q?quad)\s*or\b")


def _onehot_retry(checker: Checker, spec: StepSpec, named_hot: set[str] | None = None,
                  split: bool = False) -> _HotRetry:
    """What the one-hot targets the document states make of a wrong step (:class:`_HotRetry`).

    By symmetry of the classes the hot class is class 1 (t -> 1, y_k = delta_k1); a case
    "i = t" puts i at 1 too and a case "i != t" puts i at class 2, a representative of the
    other classes.  With no class named, a step that holds in one case only is wrong (its
    letter is any class), unless its chain goes on in two cases ("= a \\text{or} b": split),
    which names no case: that step is not read; an earlier step that named a letter the hot
    class (named_hot) names it for the later steps too.
    """
    name, cls, line = checker.model.onehot  # type: ignore[misc]
    where = f"on line {line}" if line else "in its prose"
    case_only = False
    if _literal_classes(spec.lhs_node) or _literal_classes(spec.rhs_node):
        return _HotRetry()  # sum_{k != 1}: class 1 is not like the others, so no symmetry argument
    letters = A.free_indices(spec.lhs_node) | A.free_indices(spec.rhs_node)  # type: ignore
    put = {cls: 1}
    for op, a, b in spec.restriction:
        other = b if a == cls else a if b == cls else None
        if other is not None and other != cls:
            put.setdefault(other, 1 if op == "eq" else 2)
    if cls in letters and checker.model.cold.get(spec.lhs.line) == cls and len(put) == 1:
        # "y_i = 0: ∂L/∂z_i = p_i": on this line i is a class that is not the hot one
        if not _holds_with(checker, spec, {cls: 2}):
            return _HotRetry()
        return _HotRetry(_off_class(name, cls, spec.lhs.line, where))
    named = cls
    if cls not in letters and len(put) == 1:
        # "for j ≠ c: ∂L/∂z_j = p_j" where an earlier step named c the hot class
        case = [(h, b if a == h else a, op) for op, a, b in spec.restriction
                for h in sorted(named_hot or ()) if h in (a, b) and h not in letters]
        if len(case) == 1 and case[0][1] in letters:
            hot, other, op = case[0]
            if not _holds_with(checker, spec, {other: 1 if op == "eq" else 2}):
                return _HotRetry()
            return _HotRetry(_at_class(name, hot, where))
        if len(letters) == 2 and (hot := _hot_letter(checker, spec, letters)):
            return _HotRetry(_at_class(name, hot, where), named=hot)
        if len(letters) != 1:
            return _HotRetry()
        # "C = -sum_j t_j ln y_j = -ln y_i" with one-hot t stated at class I: the step's one
        # free letter names the hot class
        named = next(iter(letters))
        if not cls and all(named in A.free_indices(n) for n in (spec.lhs_node, spec.rhs_node)):  # type: ignore[arg-type]
            # one-hot targets stated with no class named: only a step that brings the letter
            # in (-sum_i y_i log p_i = -log p_m) names the hot class by it; a step that holds
            # only when its letter is the hot class is that case, which it does not name
            if named not in (named_hot or ()) and not split:
                return _HotRetry()  # any class, or another letter named hot before
            case_only = named not in (named_hot or ())
        # "... = 0 (since y_j = 0)": the step's letter is a class that is not the hot one
        put[named] = 2 if checker.model.cold.get(spec.lhs.line) == named else 1
    if case_only:
        holds = [v for v in (1, 2) if _holds_with(checker, spec, {**put, named: v})]
        if holds == [1, 2]:
            return _HotRetry(f"holds only when the targets are one-hot (the document states it "
                             f"{where}); the counterexample has general targets")
        if not holds:
            return _HotRetry()
        case = "is" if holds[0] == 1 else "is not"
        return _HotRetry(f"holds only when {named} {case} the hot class ({name}_{named} = "
                         f"{2 - holds[0]}); the document states one-hot targets {where} without "
                         "naming the hot class, so which case the step means is not said (it "
                         "fails in the other)", case_only=True)
    if not _holds_with(checker, spec, put):
        return _HotRetry()
    if named != cls and put[named] == 2:
        return _HotRetry(_off_class(name, named, spec.lhs.line, where))
    if named != cls:
        return _HotRetry(_at_class(name, named, where), named=named)
    return _HotRetry(f"holds only when the targets are one-hot at class {cls} ({name}_{cls} = "
                     f"1, as the document states on line {line}); the counterexample has "
                     "general targets")


def _at_class(name: str, c: str, where: str) -> str:
    """Why a step holds with the targets one-hot at class c (name_c = 1), one-hot stated."""
    return (f"holds only when the targets are one-hot at class {c} ({name}_{c} = 1; the "
            f"document states one-hot targets {where}); the counterexample has general targets")


def _off_class(name: str, c: str, line: int, where: str) -> str:
    """Why a step holds with c a class that is not the hot one (name_c = 0 on its line)."""
    return (f"holds only when the targets are one-hot ({name}_{c} = 0, as the document states "
            f"on line {line}; one-hot {where}); the counterexample has general targets")


def _hot_letter(checker: Checker, spec: StepSpec, letters: set[str]) -> str:
    """The letter c of a two-letter step about ∂/∂z_j (−(1/p_c) ∂p_c/∂z_j) that is no
    derivative's variable and makes the step hold as the hot class, with j both the hot class
    and another one (as far as the step's case i = j / i ≠ j allows); '' when there is none."""
    wrt = {x.var.indices[0] for n in (spec.lhs_node, spec.rhs_node) for x in A.walk(n)  # type: ignore[arg-type]
           if isinstance(x, A.Deriv) and isinstance(x.var, A.Idx) and len(x.var.indices) == 1}
    cands = sorted(letters - wrt)
    if len(cands) != 1 or not wrt & letters:
        return ""
    hot, other = cands[0], next(iter(letters - {cands[0]}))
    values = [1, 2]
    for op, a, b in spec.restriction:
        if {a, b} == {hot, other}:
            values = [1] if op == "eq" else [2]
    return hot if all(_holds_with(checker, spec, {hot: 1, other: v}) for v in values) else ""


def _diagonal_line(specs: list[StepSpec], line: int, other_letter: str) -> int:
    """The line of a step about ∂y_i/∂z_i (one letter for both; also ∂(e^{z_i}/Σ)/∂z_i)
    after line `line`, or before it when the off-diagonal step brings in a letter of its own
    ("for the other items, denote one by z"); 0 when there is none."""
    for other in specs:
        if other.lhs.line == line or other.lhs_node is None:
            continue
        node = other.lhs_node
        if not (isinstance(node, A.Deriv) and isinstance(node.var, A.Idx)
                and len(node.var.indices) == 1 and isinstance(node.var.indices[0], str)
                and A.free_indices(node.f) == {node.var.indices[0]}):
            continue
        if other.lhs.line > line or other_letter not in A.free_indices(node) | (
                A.free_indices(other.rhs_node) if other.rhs_node is not None else set()):
            return other.lhs.line
    return 0


def _off_diagonal(checker: Checker, spec: StepSpec, specs: list[StepSpec],
                  budget: Budget) -> str:
    """'' unless a step about ∂y_j/∂z_i (no δ, no cases) fails only where i = j while the
    document derives ∂y_i/∂z_i on its own (before or after): the author means i ≠ j without
    saying so, which is not assumed; the step is not decided (neither wrong nor ok)."""
    if spec.restriction or spec.lhs_node is None or spec.rhs_node is None:
        return ""
    free = A.free_indices(spec.lhs_node) | A.free_indices(spec.rhs_node)
    by = next((x.var.indices[0] for n in (spec.lhs_node, spec.rhs_node) for x in A.walk(n)
               if isinstance(x, A.Deriv) and isinstance(x.var, A.Idx)
               and len(x.var.indices) == 1), None)
    if len(free) != 2 or by not in free:
        return ""
    b = by
    a = next(iter(free - {b}))
    if any(isinstance(x, A.Delta | A.Cases) for n in (spec.lhs_node, spec.rhs_node)
           for x in A.walk(n)):
        return ""  # δ_ij or cases: a formula for every i, j
    diag = _diagonal_line(specs, spec.lhs.line, a)  # the case i = j derived on its own
    if not diag:
        return ""
    try:
        off = budget.run(_decide, checker, replace(spec, restriction=(("ne", a, b),)))  # type: ignore[arg-type]
    except (Unreadable, TimeLimit, ArithmeticError, ValueError, TypeError):
        return ""
    if off.verdict != "ok":
        return ""
    return (f"holds only where {a} ≠ {b}; the document derives the case {a} = {b} on its own "
            f"(line {diag}), so it may mean {a} ≠ {b} here, but does not say so: not decided")


def _at_hot_class(onehot: Checker | None, spec: StepSpec, exc: Exception,
                  budget: Budget) -> _Decision | None:
    """``L = -log p_c`` (c the true class) and ``∂L/∂z_i = p_i - y_i`` with the targets stated
    one-hot at c (``y_c = 1``): the step, which does not fix c, is decided with c the hot
    class and y_k = δ_kc (the part's one-hot checker); when it then holds it needs that
    condition, which the document states (needs-condition, stated). None when that is not
    the case."""
    if onehot is None or not isinstance(exc, Unreadable):
        return None
    name, cls = onehot.model.onehot[0], onehot.model.onehot[1]  # type: ignore[index]
    if not isinstance(cls, str) or not cls or f"depends on the index {cls}," not in str(exc):
        return None
    hot = _with_classes(onehot, {cls: 1})
    one = _written(onehot.model, {cls: 1})[cls]
    lhs, rhs = (substitute_index(n, cls, one) for n in (spec.lhs_node, spec.rhs_node))  # type: ignore[arg-type]
    out = _ok_with(hot, lhs, rhs, spec.restriction, budget)
    if out is None:
        return None
    return _Decision("needs-condition", f"holds for the one-hot targets {name}_{cls} = 1 the "
                     f"document states (with {cls} the hot class, as the loss's index names it)",
                     None, out.checked, False)


def _literal_coincidence(model: Model, spec: StepSpec, specs: list[StepSpec], seed: int,
                         symbolic: bool, budget: Budget) -> str:
    """'' unless a step in one free letter j and literal classes (∂e^{z_j}/∂z_1 = 0) fails only
    where j is one of them and holds for a class none of them names, while the document
    derives ∂y_j/∂z_j on its own: it treats z_1 and z_j as different entries without saying
    j ≠ 1, which is not assumed; the step is not decided (neither wrong nor ok)."""
    if spec.restriction or spec.lhs_node is None or spec.rhs_node is None:
        return ""
    free = (A.free_indices(spec.lhs_node) | A.free_indices(spec.rhs_node)) - {model.count_name}
    literal = _literal_classes(spec.lhs_node) | _literal_classes(spec.rhs_node)
    last = any(isinstance(x, A.Idx) and model.count_name in x.indices
               for n in (spec.lhs_node, spec.rhs_node) for x in A.walk(n))  # z_K, the last
    if len(free) != 1 or not (literal or last) or not _diagonal_line(specs, 0, ""):
        return ""
    (a,) = free
    other = max(literal, default=0) + 1  # a class no literal names: by symmetry, any such
    lhs, rhs = (substitute_index(n, a, other) for n in (spec.lhs_node, spec.rhs_node))
    for k in range(max(other + last, 2), 8):
        at_k = Checker(model, seed=seed, k=k, symbolic=symbolic)
        if _ok_with(at_k, lhs, rhs, (), budget) is None:
            return ""
    named = ", ".join([str(c) for c in sorted(literal)] + [model.count_name] * last)
    return (f"holds only where {a} ≠ {named}; the document "
            f"writes the entries apart and derives ∂y_{a}/∂z_{a} on its own, so it may mean "
            f"{a} ≠ {named} here, but does not say so: not decided")


def _readings_disagree(checker: Checker, spec: StepSpec, out: _Decision, budget: Budget) -> str:
    """'' when the step's text reads one way, or its readings get the same verdict; else why
    it is not decided.  The readings: a sum closed before the factor that uses its index
    (``spec.alternative``, from definitions), and ∂/∂x f g with the operator on the whole
    product or on f alone (the quotient rule's numerator, :func:`narrow_reading`)."""
    readings: list[tuple[tuple[A.Node | None, A.Node | None], str]] = []
    sides = [narrow_reading(spec.lhs.text), narrow_reading(spec.rhs.text)]
    if sides != [None, None]:
        readings.append(((sides[0] or spec.lhs_node, sides[1] or spec.rhs_node),
                         "ambiguous: with the operator on the whole product the step is {a}, on "
                         "its first factor alone it is {b}; put the operand in parentheses"))
    if spec.alternative is not None:
        readings.append((spec.alternative, spec.alternative_why))
    sums = [brace_sum_reading(spec.lhs.text), brace_sum_reading(spec.rhs.text)]
    if sums != [None, None]:
        readings.append(((sums[0] or spec.lhs_node, sums[1] or spec.rhs_node),
                         "ambiguous: with the sum over its whole {{…}} group the step is {a}, "
                         "with the sum of the first term only (as it renders) it is {b}; put "
                         "the sum's terms in parentheses"))
    for (lhs, rhs), why in readings:
        try:
            alt = budget.run(_decide, checker, replace(spec, lhs_node=lhs, rhs_node=rhs))  # type: ignore[arg-type]
        except (Unreadable, TimeLimit, ArithmeticError, ValueError, TypeError):
            return why.format(a=out.verdict, b="not read")
        if alt.verdict != out.verdict:
            return why.format(a=out.verdict, b=alt.verdict)
    return ""


def _enumerated_letters(node: A.Node | None) -> tuple[str, ...]:
    """('a', 'b', 'c') when node holds e^{z_a} + e^{z_b} + e^{z_c}: the same term for the
    consecutive class letters a, b, c, … (the classes named by letters), else ()."""
    for x in A.walk(node) if node is not None else ():
        if not isinstance(x, A.Add) or len(x.terms) < 2:
            continue
        free = [A.free_indices(t) for t in x.terms]
        if not all(len(f) == 1 for f in free):
            continue
        letters = tuple(f.pop() for f in free)
        if letters != tuple("abcdefgh"[: len(letters)]):
            continue
        shape = {substitute_index(t, v, 0) for t, v in zip(x.terms, letters, strict=True)}
        if len(shape) == 1:
            return letters
    return ()


def _letter_classes(spec: StepSpec, model: Model, seed: int, symbolic: bool,
                    budget: Budget) -> _Decision | None:
    """'three classes a, b, c': Σ e^z = e^{z_a} + e^{z_b} + e^{z_c} holds at K = 3 with the
    letters the classes 1, 2, 3; the step is decided so (None when no side lists them)."""
    letters = _enumerated_letters(spec.lhs_node) or _enumerated_letters(spec.rhs_node)
    if not letters or spec.lhs_node is None or spec.rhs_node is None:
        return None
    lhs, rhs = spec.lhs_node, spec.rhs_node
    for n, v in enumerate(letters, 1):
        lhs, rhs = substitute_index(lhs, v, n), substitute_index(rhs, v, n)
    fixed = replace(spec, lhs_node=lhs, rhs_node=rhs)
    try:
        out = budget.run(_decide, Checker(model, seed=seed, k=len(letters), symbolic=symbolic),
                         fixed)
    except (Unreadable, TimeLimit, ArithmeticError, ValueError, TypeError):
        return None
    named = ", ".join(f"{v} = {n}" for n, v in enumerate(letters, 1))
    return replace(out, checked=f"the classes named by letters ({named}), K = {len(letters)}: "
                   + out.checked)


def _targets_by_logits(model: Model, specs: list[StepSpec], chain_of: dict[int, object]
                       ) -> dict[int, str]:
    """Chains that differentiate a name the document reads as the targets by the logits
    (``∂y_i/∂x_j`` where ``-y_c log ŷ_c`` makes y the targets): there y is the softmax output,
    elsewhere the targets (id(chain) -> that name)."""
    out: dict[int, str] = {}
    for spec in specs:
        for node in (spec.lhs_node, spec.rhs_node):
            hit = next((x.f.base for x in A.walk(node) if node is not None  # type: ignore[arg-type]
                        and isinstance(x, A.Deriv) and isinstance(x.f, A.Idx)
                        and x.f.base in model.targets and x.f.base not in model.defs
                        and x.f.base not in model.unread
                        and isinstance(x.var, A.Idx) and x.var.base == model.logits), None)
            chain = chain_of.get(id(spec.lhs))
            if hit and chain is not None and model.logits is not None:
                out[id(chain)] = hit
    return out


def _capital_index(model: Model, spec: StepSpec) -> str:
    """A free capital index other than the class count (z_L, a_L: the last layer) labels a
    whole vector, not one entry: ``dL/dz_L = dL/da_L da_L/dz_L`` is the Jacobian product,
    which is not read entry by entry."""
    nodes = (spec.lhs_node, spec.rhs_node)
    caps = {i for n in nodes if n is not None for i in A.free_indices(n)
            if i.isupper() and i != model.count_name}
    if not caps:
        return ""
    return (f"the index {', '.join(sorted(caps))} is a capital letter, not the class count: "
            "read as the label of a whole vector (a layer), not as one entry")


_RELATION_SHOWN = {"approx": "≈", "propto": "∝"}
_UNDEFINED_RE = re.compile(r"([A-Za-z_]+) is not defined \(nor an input of a definition\)")


def _as_algebra(checkers: _Checkers, spec: StepSpec, exc: Exception, budget: Budget
                ) -> Outcome | str | None:
    """A step without derivatives over names nothing defines (``\frac{1}{T}(\frac{1+z_i/T}{k}
    - …) = \frac{1}{kT^2}(z_i - v_i)`` with z never defined): algebra, true for every value of
    them or not read.  Its outcome when it holds for random values of those names; the reason
    it is not read when it fails for some (the intended values are unknown); None when the
    step is not such algebra."""
    model = checkers.model
    if not _UNDEFINED_RE.search(str(exc)) or any(
            isinstance(x, A.Deriv | A.Softmax) for node in (spec.lhs_node, spec.rhs_node)
            for x in A.walk(node)):  # type: ignore[arg-type]
        return None
    names = {x.base for node in (spec.lhs_node, spec.rhs_node)
             for x in A.walk(node) if isinstance(x, A.Idx)} - set(model.defs) - model.inputs - {  # type: ignore[arg-type]
        model.logits, model.softmax}
    if not names or names & set(model.unread):
        return None
    loose = replace(model, inputs=model.inputs | names, free=model.free | names)
    try:
        out = budget.run(_decide, Checker(loose, seed=checkers.seed, k=model.fixed_k,
                                          symbolic=checkers.symbolic), spec)
    except (Unreadable, TimeLimit, RecursionError, ArithmeticError, ValueError, TypeError):
        return None
    if out.verdict == "ok":
        return out
    return (f"depends on {', '.join(sorted(names))}, which the document does not define (it "
            "fails for some values of them; the intended ones are unknown)")


def _unread_cause(model: Model, why: str) -> str:
    """'P is not defined' where P's definition was written but not read: 'depends on P (line
    16), whose definition could not be read: …' (the cause, not its consequence)."""
    m = re.match(r"([A-Za-z_]+) (?:is not defined|does not depend on)", why)
    if m and m[1] in model.unread:
        line, cause = model.unread[m[1]]
        return f"depends on {m[1]} (line {line}), whose definition could not be read: {cause}"
    return why


_SET_ASIDE_RE = re.compile(
    r"(?:暂时忽略|忽略|暂不考虑|先不考虑|\bignor(?:e|ing)\b|\bset(?:ting)?\s{1,3}aside\b)"
    r"\s{0,6}(?:the\s{1,3}(?:temperature\s{1,3})?)?(?:\$|\\\()\s{0,3}\\?([A-Za-z])\s{0,3}"
    r"(?:\$|\\\))", re.I)


def _set_aside(chains: tuple) -> dict[str, int]:
    """Scalars the prose sets aside ("让我们暂时忽略 $T$", "ignoring $T$ for now"): name -> the
    line of the first formula after the sentence."""
    out: dict[str, int] = {}
    for c in chains:
        for m in _SET_ASIDE_RE.finditer(c.context):
            out.setdefault(m.group(1), c.members[0].line)
    return out


def _set_aside_holds(checkers: _Checkers, spec: StepSpec, aside: dict[str, int],
                     budget: Budget) -> str:
    """A wrong step after "ignore T" that holds with T = 1 (the temperature set aside): not
    judged for other T (why), '' when none is set aside or it fails with T = 1 too."""
    model = checkers.model
    for name, line in aside.items():
        if spec.lhs.line < line or not any(
                isinstance(x, A.Sym) and x.name == name
                for d in model.defs.values() for x in A.walk(d.body)):
            continue
        one = {name: A.Num(Fraction(1))}
        fixed = replace(model, defs={n: replace(d, body=replace_symbols(d.body, one))
                                     for n, d in model.defs.items()})
        step = replace(spec, lhs_node=replace_symbols(spec.lhs_node, one),  # type: ignore[arg-type]
                       rhs_node=replace_symbols(spec.rhs_node, one))  # type: ignore[arg-type]
        try:
            out = budget.run(_decide, Checker(fixed, seed=checkers.seed, k=model.fixed_k,
                                              symbolic=checkers.symbolic), step)
        except (Unreadable, TimeLimit, ArithmeticError, ValueError, TypeError):
            return ""
        if out.verdict == "ok":
            return (f"holds with {name} = 1: the document sets {name} aside (from line {line} on), "
                    f"so it is not judged for other {name}")
    return ""


def _before_new_definition(anew: tuple[str, int] | None, spec: StepSpec) -> str:
    """A step of a section that defines L anew only after the step (an aside ``L = ½Σ(y -
    t)²`` below the derivation): the step may use the earlier L or the new one ('' if not)."""
    if anew is None or spec.lhs.line >= anew[1] or not _mentions(spec, anew[0]):
        return ""
    return (f"uses {anew[0]}, which this section defines anew only on line {anew[1]}, after "
            "this step: the earlier definition may be the one meant")


def _mentions(spec: StepSpec, name: str) -> bool:
    """Does either side of the step use the name (bare or with an index)?"""
    return any((isinstance(x, A.Sym) and x.name == name)
               or (isinstance(x, A.Idx) and x.base == name)
               for node in (spec.lhs_node, spec.rhs_node) if node is not None
               for x in A.walk(node))


def _depends_on_unread(model: Model, spec: StepSpec) -> str:
    """'depends on E (line 35), whose definition could not be read: ...' or ''."""
    for name, line in model.redefined.items():
        if spec.lhs.line >= line and any(
                (isinstance(x, A.Sym) and x.name == name) or (isinstance(x, A.Idx)
                                                              and x.base == name)
                for node in (spec.lhs_node, spec.rhs_node) if node is not None
                for x in A.walk(node)):
            return (f"uses {name}, which a new section defines anew on line {line} (that "
                    "definition is not read)")
    for name, (line, why) in {**model.unread, **model.unread_defs}.items():
        d = model.defs.get(name)
        if d is not None and line <= spec.lhs.line < d.line and _mentions(spec, name):
            # L = … (not read) on line 103, the step on 109, another L = … on 154: the step
            # may use either
            return (f"depends on {name} (line {line}), whose definition could not be read: "
                    f"{why} (the definition on line {d.line} comes after this step)")
    for name, (line, why) in model.unread.items():
        if (name in model.defs or line == spec.lhs.line or name == model.logits
                or name in model.targets or (name in model.wrt and name not in model.unread_heads)):
            continue  # logits, targets and the class count need no definition
        for node in (spec.lhs_node, spec.rhs_node):
            if node is not None and any(
                    (isinstance(x, A.Sym) and x.name == name)
                    or (isinstance(x, A.Idx) and x.base == name) for x in A.walk(node)):
                return f"depends on {name} (line {line}), whose definition could not be read: {why}"
    return ""

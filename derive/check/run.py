"""``check_document``: text in, :class:`CheckReport` out (no click, no I/O)."""

from __future__ import annotations

from dataclasses import dataclass

from derive.check import ast as A
from derive.check.definitions import Definition, Model, StepSpec, learn
from derive.check.extract import extract
from derive.check.limits import Budget, TimeLimit, cap_equations
from derive.check.parser import Unreadable
from derive.check.results import CheckReport, Counterexample, DefinitionInfo, StepResult
from derive.check.verify import Checker, Outcome, OutOfRange


class NoMath(ValueError):
    """The document contains no mathematics to check."""


def _generic_losses(model: Model, specs: list[StepSpec]) -> None:
    """An undefined loss L seen only as dL/d(...) becomes L := sum_k g_k y_k (g free)."""
    if model.softmax is None:
        return
    for spec in specs:
        for node in (spec.lhs_node, spec.rhs_node):
            if node is None:
                continue
            for n in A.walk(node):
                if (isinstance(n, A.Deriv) and isinstance(n.f, A.Sym)
                        and n.f.name not in model.defs and n.f.name not in model.indexed
                        and n.f.name not in ("K", "e")):
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


@dataclass(frozen=True)
class _Decision:
    verdict: str
    reason: str
    counterexample: Counterexample | None
    checked: str
    restriction_used: bool


def _decide(checker: Checker, spec: StepSpec) -> _Decision:
    """Decide a step in every case first; fall back to its case (prose) only when needed."""
    if spec.restriction:
        try:
            out = checker.check_equal(spec.lhs_node, spec.rhs_node, ())  # type: ignore[arg-type]
            if out.verdict == "ok":
                return _Decision(*_fields(out), restriction_used=False)
        except (Unreadable, OutOfRange):
            pass
    out = checker.check_equal(spec.lhs_node, spec.rhs_node, spec.restriction)  # type: ignore[arg-type]
    return _Decision(*_fields(out), restriction_used=bool(spec.restriction))


def _fields(out: Outcome) -> tuple[str, str, Counterexample | None, str]:
    return out.verdict, out.reason, out.counterexample, out.checked


def check_document(text: str, filename: str = "<text>", seed: int = 0,
                   symbolic: bool = True) -> CheckReport:
    """Check every step of a document's derivation; raises :class:`NoMath` if there is none."""
    budget = Budget()  # issue 10: per-step and per-document time limits
    ex = cap_equations(extract(text))
    unreadable = [
        StepResult(line=line, kind="math", lhs=snippet, rhs="", verdict="unreadable", reason=why)
        for line, snippet, why in ex.problems
    ]
    if not ex.chains and unreadable:
        return CheckReport(filename, tuple(unreadable), (), (), ())
    if not ex.chains:
        raise NoMath("no equations found in the document" if ex.math_regions
                     else "no mathematics found in the document")
    model, specs = learn(ex.chains, ex.prose)
    _generic_losses(model, specs)
    checker = Checker(model, seed=seed, k=model.fixed_k, symbolic=symbolic)
    example_checkers = {k: Checker(model, seed=seed, k=k, symbolic=symbolic)
                        for k in set(model.example_k.values()) if 1 <= k <= 8}
    results: list[StepResult] = []
    for spec in specs:
        restr = tuple(f"{a} {'=' if op == 'eq' else '≠'} {b}" for op, a, b in spec.restriction)
        base = dict(line=spec.rhs.line, kind=spec.kind, lhs=spec.lhs.text, rhs=spec.rhs.text,
                    restriction=restr)
        if spec.kind == "definition":
            base["line"] = spec.lhs.line
        if spec.lhs_node is None or spec.rhs_node is None:
            results.append(StepResult(verdict="unreadable", reason=spec.reason, **base))
            continue
        why = _generic_misuse(model, spec.lhs_node) or _generic_misuse(model, spec.rhs_node)
        if why:
            results.append(StepResult(verdict="unreadable", reason=why, **base))
            continue
        try:
            out = budget.run(_decide, example_checkers.get(spec.k_only, checker)
                             if model.fixed_k is None else checker, spec)  # type: ignore[arg-type]
            if out.restriction_used is False:
                base["restriction"] = ()  # holds in every case: no restriction needed
        except (Unreadable, OutOfRange, TimeLimit) as exc:
            results.append(StepResult(verdict="unreadable", reason=str(exc), **base))
            continue
        except (RecursionError, ArithmeticError, ValueError, TypeError) as exc:
            results.append(StepResult(verdict="unreadable", reason=(
                f"could not evaluate ({type(exc).__name__}: {exc})"), **base))
            continue
        reason = out.reason
        if spec.kind == "definition" and out.verdict == "wrong":
            reason = ("called cross-entropy, but differs from -sum_k t_k ln y_k"
                      if spec.claim == "cross-entropy"
                      else "called softmax, but differs from e^{z_i}/sum_k e^{z_k}")
        stated = None
        if out.verdict == "needs-condition":
            stated = bool(model.simplex_stated)
            reason += (" (the document states it: " + "; ".join(model.simplex_stated) + ")"
                       if stated else " (the document does not state this)")
        results.append(StepResult(verdict=out.verdict, reason=reason,
                                  counterexample=out.counterexample, condition_stated=stated,
                                  checked=out.checked, **base))
    defs = tuple(DefinitionInfo(d.name, d.params, d.line, d.text, d.role)
                 for d in model.defs.values())
    at_problem = {r.line for r in unreadable}  # the formula's own reason replaces its steps'
    results = [r for r in results if not (r.verdict == "unreadable" and r.line in at_problem)]
    results += unreadable
    return CheckReport(filename, tuple(sorted(results, key=lambda r: r.line)), defs,
                       tuple(model.simplex_stated), tuple(model.notes))

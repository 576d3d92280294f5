"""Exercises: a derivation with planted errors (a student version) and its answer key.

Errors are planted by the operators of `derive.docs.mutations`. A candidate is kept only when
the exact engine (`verify_step`) decides the planted step wrong, every other step of the
student version still verifies, and a numeric counterexample is found. A slip in the middle of
a chain is carried through the chain's later lines (each later step then still follows from the
one before, so only the planted step is wrong); a slip that cannot be carried through is only
planted on a chain's last line.
"""

from __future__ import annotations

import itertools
import random
import re
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import sympy as sp

from derive.math.model import SUM_TARGETS_ONE

from .mutations import MUTATIONS, Mutation
from .steps import RULES, Chain, Derivation, Step
from .symbols import Ctx, to_latex
from .verify import VerificationError, free_indices, verify_step
from .worked import Z_EXAMPLE

MAX_PLANT = 5
NOT_PLANTED = ("explicit matrix", "shorthand", "write out the sum")  # matrices; definitions


class ExerciseError(ValueError):
    """No exercise with the requested number of planted errors can be made."""


@dataclass(frozen=True)
class Planted:
    """One planted error: where, which slip, the true and the planted line, a counterexample."""

    number: int  # the step's number in the document
    mutation: Mutation
    rule: str
    original: str  # LaTeX of the true line
    planted: str  # LaTeX of the planted line ('' for a dropped condition)
    condition: str  # LaTeX of the dropped condition ('' otherwise)
    counterexample: str  # prose with $…$ math
    carried: tuple[int, ...] = ()  # later steps whose lines carry the slip (each still follows)


@dataclass
class Exercise:
    """A derivation, the lines to print instead of the true ones, and the answer key."""

    derivation: Derivation
    planted: list[Planted]
    lines: dict[int, Any] = field(default_factory=dict)  # step number → planted after
    dropped_distinct: set[int] = field(default_factory=set)  # chain numbers
    dropped_conditions: set[int] = field(default_factory=set)  # step numbers


def _distinct(ctx: Ctx, chain: Chain) -> tuple[tuple[sp.Symbol, sp.Symbol], ...]:
    names = {s.name: s for s in (ctx.i, ctx.j, ctx.k, ctx.p)}
    return tuple((names[a], names[b]) for a, b in chain.distinct)


def _decide(ctx: Ctx, before: Any, after: Any, conditions: tuple[str, ...],
            distinct: tuple[tuple[sp.Symbol, sp.Symbol], ...]) -> str:
    """'wrong' when the exact engine refuses before = after, 'ok' when it verifies, else 'error'."""
    try:
        verify_step(ctx, before, after, conditions, distinct)
    except VerificationError:
        return "wrong"
    except Exception:  # noqa: BLE001 - a line the engine cannot take is not planted
        return "error"
    return "ok"


def _fails(ctx: Ctx, before: Any, after: Any, conditions: tuple[str, ...],
           distinct: tuple[tuple[sp.Symbol, sp.Symbol], ...]) -> bool:
    """True only when the exact engine decides before = after wrong."""
    return _decide(ctx, before, after, conditions, distinct) == "wrong"


def _holds(ctx: Ctx, before: Any, after: Any, conditions: tuple[str, ...],
           distinct: tuple[tuple[sp.Symbol, sp.Symbol], ...]) -> bool:
    """True only when the exact engine verifies before = after."""
    return _decide(ctx, before, after, conditions, distinct) == "ok"


# -- counterexamples ----------------------------------------------------------------------------
def _value(ctx: Ctx, expr: Any, K: int, ix: dict[sp.Symbol, int], z: np.ndarray, t: np.ndarray,
           g: np.ndarray) -> complex:
    e = ctx.unfold(expr)
    e = e.xreplace({ctx.Ksym: sp.Integer(K), **{s: sp.Integer(v) for s, v in ix.items()}})
    e = e.doit()
    subs: dict[Any, Any] = {}
    for m in range(1, K + 1):
        subs[ctx.z[m]] = sp.Float(z[m - 1], 30)
        subs[ctx.t[m]] = sp.Float(t[m - 1], 30)
        subs[ctx.g[m]] = sp.Float(g[m - 1], 30)
    return complex(sp.N(e.xreplace(subs), 30))


def counterexample(ctx: Ctx, before: Any, after: Any, conditions: tuple[str, ...],
                   distinct: tuple[tuple[sp.Symbol, sp.Symbol], ...]) -> str | None:
    """Prose naming K, the indices and the point where before ≠ after, with both values."""
    K = ctx.k_value or 3
    idx = free_indices(ctx, before, after)
    z = np.array(Z_EXAMPLE[:K])
    t_dist = np.arange(1, K + 1, dtype=float)
    t_dist /= t_dist.sum()
    targets = [t_dist] if SUM_TARGETS_ONE in conditions else [t_dist, 1.5 * t_dist]
    g = np.array([0.3, -0.7, 1.1, 0.4, -0.2, 0.9, -1.3, 0.6, 0.1, -0.5][:K])
    for t in targets:
        for values in itertools.product(range(1, K + 1), repeat=len(idx)):
            ix = dict(zip(idx, values, strict=True))
            if any(ix[a] == ix[b] for a, b in distinct if a in ix and b in ix):
                continue
            try:
                lhs = _value(ctx, before, K, ix, z, t, g).real
                rhs = _value(ctx, after, K, ix, z, t, g).real
            except (TypeError, ValueError, ZeroDivisionError):
                continue
            if abs(lhs - rhs) > 1e-9 * (1 + abs(lhs) + abs(rhs)):
                where = ", ".join(f"{to_latex(ctx, s)} = {v}" for s, v in ix.items())
                zz = ", ".join(f"{v:g}" for v in z)
                tt = ", ".join(f"{v:.4g}" for v in t)
                uses_t = any(ctx.t in x.atoms(sp.IndexedBase) or ctx.E in x.free_symbols
                             for x in (ctx.unfold(before), ctx.unfold(after)))
                uses_g = ctx.L in sp.sympify(before).free_symbols | sp.sympify(after).free_symbols
                parts = [f"${to_latex(ctx, ctx.Ksym)} = {K}$"] + ([f"${where}$"] if ix else [])
                parts.append(f"${to_latex(ctx, ctx.z)} = ({zz})$")
                if uses_t:
                    parts.append(f"${to_latex(ctx, ctx.t)} = ({tt})$"
                                 + (" (they sum to 1.5)" if t is not t_dist else ""))
                if uses_g:
                    gg = ", ".join(f"{v:g}" for v in g)
                    parts.append(f"$\\partial L/\\partial {to_latex(ctx, ctx.y)} = ({gg})$")
                return (f"at {', '.join(parts)} the line before this step equals {lhs:.6g} "
                        f"but the step's line equals {rhs:.6g}")
    return None


# -- planting ------------------------------------------------------------------------------------
def _chains(d: Derivation) -> list[tuple[int, Chain, int]]:
    """(chain number, chain, number of its first step) in document order."""
    out, number = [], 1
    for sec in d.sections:
        for ch in sec.chains:
            out.append((len(out), ch, number))
            number += len(ch.steps)
    return out


def _try(d: Derivation, ch: Chain, first: int, n: int, mutation: Mutation,
         ex: Exercise) -> Planted | None:
    """Plant `mutation` at step n of chain `ch` (carried through later lines), or None."""
    ctx = d.ctx
    step: Step = ch.steps[n]
    if step.rule in NOT_PLANTED:
        return None
    distinct = _distinct(ctx, ch)
    number = first + n
    before = ch.start if n == 0 else ch.steps[n - 1].after
    if mutation.drops_condition:
        if step.conditions:
            users = [s for s in d.steps if set(s.conditions) & set(step.conditions)]
            if len(users) != 1 or not _fails(ctx, before, step.after, (), distinct):
                return None
            cond = ", ".join(_cond_latex(ctx, c) for c in step.conditions)
            why = counterexample(ctx, before, step.after, (), distinct)
            if why is None:
                return None
            ex.dropped_conditions.add(number)
            return Planted(number, mutation, step.rule, to_latex(ctx, step.after), "", cond, why)
        if not distinct:
            return None
        if not _fails(ctx, before, step.after, step.conditions, ()):
            return None
        for m, other in enumerate(ch.steps):  # every other step must hold without i ≠ j
            prev = ch.start if m == 0 else ch.steps[m - 1].after
            if m != n and not _holds(ctx, prev, other.after, other.conditions, ()):
                return None
        why = counterexample(ctx, before, step.after, step.conditions, ())
        if why is None:
            return None
        ex.dropped_distinct.add(_chains(d).index(next(c for c in _chains(d) if c[1] is ch)))
        cond = ", ".join(f"{a} \\neq {b}" for a, b in ch.distinct)
        return Planted(number, mutation, step.rule, to_latex(ctx, step.after), "", cond, why)
    idx = free_indices(ctx, before, step.after)
    planted = mutation.apply(step.after, idx)
    if planted is None or to_latex(ctx, planted) == to_latex(ctx, step.after):
        return None
    if not _fails(ctx, before, planted, step.conditions, distinct):
        return None
    lines = {number: planted}
    prev = planted
    for m in range(n + 1, len(ch.steps)):  # carry the slip through the later lines
        later = ch.steps[m]
        carried = mutation.apply(later.after, free_indices(ctx, prev, later.after))
        if carried is None or not _holds(ctx, prev, carried, later.conditions, distinct):
            return None
        lines[first + m] = carried
        prev = carried
    why = counterexample(ctx, before, planted, step.conditions, distinct)
    if why is None:
        return None
    ex.lines.update(lines)
    return Planted(number, mutation, step.rule, to_latex(ctx, step.after),
                   to_latex(ctx, planted), "", why, tuple(sorted(lines))[1:])


def _cond_latex(ctx: Ctx, name: str) -> str:
    if name == SUM_TARGETS_ONE:
        return to_latex(ctx, ctx.sum(lambda k: ctx.t[k])) + " = 1"
    return name


def make_exercise(d: Derivation, plant: int, seed: int) -> Exercise:
    """Plant `plant` errors in distinct chains of d, chosen by `seed`; ExerciseError if too few."""
    if not 1 <= plant <= MAX_PLANT:
        raise ExerciseError(f"--plant {plant}: between 1 and {MAX_PLANT} errors")
    rng = random.Random(seed)
    chains = _chains(d)
    candidates = [(c, n, m) for c, ch, _ in chains for n in range(len(ch.steps))
                  for m in MUTATIONS]
    rng.shuffle(candidates)
    ex = Exercise(d, [])
    used: set[int] = set()
    kinds: set[str] = set()
    tried: set[tuple[int, int, str]] = set()
    for varied in (True, False):  # first every slip at most once, then any
        for c, n, mutation in candidates:
            if len(ex.planted) == plant:
                break
            if c in used or (varied and mutation.name in kinds) or (c, n, mutation.name) in tried:
                continue
            tried.add((c, n, mutation.name))
            _, ch, first = chains[c]
            got = _try(d, ch, first, n, mutation, ex)
            if got is not None:
                ex.planted.append(got)
                used.add(c)
                kinds.add(mutation.name)
    if len(ex.planted) < plant:
        raise ExerciseError(f"{d.name}: only {len(ex.planted)} independent errors can be planted "
                            f"(asked for {plant}; one per equation chain)")
    ex.planted.sort(key=lambda p: p.number)
    return ex


_BOX = re.compile(r"\\boxed\{")


def unbox(latex: str) -> str:
    r"""latex without \boxed{…} wrappers (a student version marks no result as right)."""
    while True:
        m = _BOX.search(latex)
        if not m:
            return latex
        depth, end = 1, m.end()
        while end < len(latex) and depth:
            depth += {"{": 1, "}": -1}.get(latex[end], 0)
            end += 1
        latex = latex[:m.start()] + latex[m.end():end - 1] + latex[end:]


def rule_words(name: str) -> str:
    """The words of a rule."""
    return RULES[name].words


# -- printing ------------------------------------------------------------------------------------
def _fmt_math(latex: str, fmt: str) -> str:
    from .render import md_math

    return latex if fmt == "tex" else md_math(latex)


def command(ex: Exercise, plant: int, seed: int) -> str:
    """The command that makes this exercise again."""
    d = ex.derivation
    k = f" --k {d.k}" if d.k is not None else ""
    return f"derive exercise {d.name}{k} --plant {plant} --seed {seed}"


def student_view(ex: Exercise, fmt: str, cmd: str, title: str | None = None,
                 author: str | None = None) -> dict[str, Any]:
    """The derivation's view with the planted lines, no verdicts, boxes or verification."""
    from .render import says_math, title_text, view

    d = ex.derivation
    data = view(d, fmt, None, author, "none")
    heading = f"Exercise: {d.title}"
    if title:
        data["title"] = title_text(title, fmt)
    elif fmt == "html":
        from .html import prose

        data["title"] = prose(heading)
    else:
        data["title"] = _fmt_math(heading, fmt)
    data["title_plain"] = title or heading.replace("$", "")
    from .render import needs_cjk

    data["cjk"] = needs_cjk(title, author)
    data["command"] = cmd
    n = len(ex.planted)
    data["instructions"] = [
        f"This derivation contains {n} error{'s' if n != 1 else ''}. Find each wrong step (by "
        f"its number), say why it is wrong, and give values at which its two sides differ."]
    sections = [s for s in data["sections"] if not s["title"].startswith("Worked example")]
    chain_no = 0
    for sec in sections:
        sec["display"] = [unbox(x) for x in sec["display"]]
        for ch in sec["chains"]:
            if chain_no in ex.dropped_distinct:  # the case is stated nowhere: not in the
                ch["distinct"] = []  # chain, its heading or the prose before it
                sec["title"] = f"Differentiating ${ch['start']}$"
                sec["intro"] = []
            chain_no += 1
            for step in ch["steps"]:
                step["mark"] = ""
                step["boxed"] = False
                if step["number"] in ex.lines:
                    step["after"] = _fmt_math(to_latex(d.ctx, ex.lines[step["number"]]), fmt)
                step["shown"] = step["after"]
                if step["number"] in ex.dropped_conditions:  # and no prose about it
                    step["conditions"] = []
                    step["says_math"] = says_math(step["says"], fmt)
                    step["note"] = says_math(f"({step['number']}) {step['says']}", fmt)
                    sec["intro"], sec["outro"] = [], []
    data["sections"] = sections
    if ex.dropped_conditions:
        data["conditions"] = []
    data["steps"] = [s for sec in sections for ch in sec["chains"] for s in ch["steps"]]
    return data


def answer_view(ex: Exercise, fmt: str, cmd: str) -> dict[str, Any]:
    """The answer key: for each planted step, the slip, the true line and a counterexample."""
    d = ex.derivation
    items = []
    for p in ex.planted:
        items.append({
            "number": p.number,
            "mutation": p.mutation.name,
            "describes": p.mutation.describes,
            "rule_text": RULES[p.rule].words,
            "rule_formula": _fmt_math(RULES[p.rule].formula, fmt),
            "original": _fmt_math(p.original, fmt),
            "planted": _fmt_math(p.planted, fmt),
            "condition": _fmt_math(p.condition, fmt),
            "counterexample": p.counterexample if fmt == "tex"
            else _fmt_math(p.counterexample, fmt),
            "carried": list(p.carried),
        })
    title = f"Answer key: {d.title}"
    out: dict[str, Any] = {"name": d.name, "command": cmd, "title": _fmt_math(title, fmt),
                           "title_plain": title.replace("$", ""), "items": items,
                           "count": len(items)}
    if fmt == "html":
        from .html import RENDER_SCRIPT, katex_assets, prose

        css, js = katex_assets()
        out.update(title=prose(title), katex_css=css, katex_js=js, render_script=RENDER_SCRIPT)
    return out


def print_exercise(ex: Exercise, fmt: str, cmd: str, template_dir: str | None = None,
                   title: str | None = None, author: str | None = None) -> tuple[str, str]:
    """(student version, answer key) as text in fmt (tex, md or html)."""
    from .render import render_view

    student = render_view(student_view(ex, fmt, cmd, title, author), fmt,
                          [f"exercise.{fmt}.j2", f"derivation.{fmt}.j2"], template_dir)
    key = render_view(answer_view(ex, fmt, cmd), fmt, [f"answers.{fmt}.j2"], template_dir)
    return student, key

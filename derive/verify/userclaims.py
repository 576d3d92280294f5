"""Your own identities: claims read from Markdown/LaTeX or TOML, decided like the catalogue's.

A claims file is read by the same reader as `derive check` (its definitions, its stated
conditions); each display that holds exactly one `=` and is not a definition is a claim, named
by the heading above it or its `\\label{}`. TOML keeps claims in a config:

    [[claim]]
    name = "cross-entropy gradient"
    lhs = "\\frac{\\partial}{\\partial z_j} \\Big(-\\sum_k t_k \\ln y_k\\Big)"
    rhs = "y_j \\sum_k t_k - t_j"
    given = []                      # or ["sum-targets-one"]
    definitions = []                # extra LaTeX definitions, e.g. "E = -\\sum_k t_k \\ln y_k"

(y_i = e^{z_i} / Σ_k e^{z_k} is defined for TOML claims.) Each claim is decided by
`derive.math.decide.decide` for symbolic K and the K values asked for; a claim true only under
Σ_k t_k = 1 that the file does not state is refuted, naming the missing condition.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass

from derive.check import ast as A
from derive.check.builders import to_builder
from derive.check.definitions import Model, StepSpec, learn
from derive.check.extract import extract
from derive.check.parser import Unreadable
from derive.check.run import _generic_losses
from derive.errors import UserError
from derive.math.conditions import CONDITIONS, SUM_TARGETS_ONE
from derive.math.decide import FAILS, HOLDS, NEEDS_CONDITION, Context, Witness, decide
from derive.math.notation import Notation
from derive.verify.prove import PROVEN, REFUTED, UNKNOWN, PartResult, Result

_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+(.+?)\s*#*\s*$|\\(?:sub)*section\*?\{([^}]*)\}")
_LABEL = re.compile(r"\\label\{([^}]*)\}")
SOFTMAX_DEFINITION = r"$$y_i = \frac{e^{z_i}}{\sum_{k=1}^{K} e^{z_k}}$$"


@dataclass(frozen=True)
class UserClaim:
    """One identity from a user's file: where it is, its two sides, the document's model."""

    name: str
    source: str
    line: int
    lhs_text: str
    rhs_text: str
    spec: StepSpec
    model: Model
    stated: tuple[str, ...]  # conditions the file states (Σ_k t_k = 1)

    @property
    def statement(self) -> str:
        return f"{self.lhs_text} = {self.rhs_text}"


def _name(lines: list[str], line: int, display: str, used: dict[str, int]) -> str:
    label = _LABEL.search(display)
    if label:
        base = label.group(1)
    else:
        base = f"line {line}"
        for text in reversed(lines[:max(0, line - 1)]):
            m = _HEADING.search(text)
            if m:
                base = (m.group(1) or m.group(2)).strip()
                break
    used[base] = used.get(base, 0) + 1
    return base if used[base] == 1 else f"{base} ({used[base]})"


def claims_from_text(text: str, source: str) -> list[UserClaim]:
    """Every one-relation display of a document that is not a definition, as a claim."""
    ex = extract(text)
    model, specs = learn(ex.chains, ex.prose)
    _generic_losses(model, specs)
    single = {c.members[0].line for c in ex.chains if len(c.members) == 2 and c.display}
    stated = (SUM_TARGETS_ONE,) if model.simplex_stated else ()
    lines = text.splitlines()
    used: dict[str, int] = {}
    out = []
    for spec in specs:
        if spec.kind != "step" or spec.lhs.line not in single:
            continue
        display = "\n".join(lines[spec.lhs.line - 1:spec.rhs.line])
        out.append(UserClaim(_name(lines, spec.lhs.line, display, used), source, spec.lhs.line,
                             spec.lhs.text.strip(), spec.rhs.text.strip(), spec, model, stated))
    return out


def claims_from_toml(text: str, source: str) -> list[UserClaim]:
    """[[claim]] tables (name, lhs, rhs, given, definitions) as claims."""
    import tomllib

    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        raise UserError(f"{source}: not valid TOML ({err})") from None
    out = []
    for n, entry in enumerate(data.get("claim", []), start=1):
        if not isinstance(entry, dict) or not all(isinstance(entry.get(k), str)
                                                  for k in ("lhs", "rhs")):
            raise UserError(f"{source}: [[claim]] number {n} needs string fields lhs and rhs")
        given = entry.get("given", [])
        unknown = [g for g in given if g not in CONDITIONS]
        if unknown:
            raise UserError(f"{source}: claim {n}: unknown condition {unknown[0]!r} "
                            f"(known: {', '.join(CONDITIONS)})")
        defs = "\n\n".join(f"$${d}$$" for d in entry.get("definitions", []))
        doc = f"{SOFTMAX_DEFINITION}\n\n{defs}\n\n$${entry['lhs']} = {entry['rhs']}$$\n"
        found = claims_from_text(doc, source)
        if not found:
            raise UserError(f"{source}: claim {n} is not an identity the reader can take")
        c = found[-1]
        name = str(entry.get("name") or f"claim {n}")
        stated = tuple(dict.fromkeys((*c.stated, *given)))
        out.append(UserClaim(name, source, n, entry["lhs"], entry["rhs"], c.spec, c.model,
                             stated))
    return out


def read_claims(text: str, source: str) -> list[UserClaim]:
    """Claims of a file, by its kind: TOML, or Markdown/LaTeX."""
    if source.endswith(".toml"):
        return claims_from_toml(text, source)
    return claims_from_text(text, source)


def verify_user_claim(claim: UserClaim, k: int | None, notation: Notation | None = None,
                      points: int = 6, seed: int = 0) -> Result:
    """Decide one user claim for K = k (None: every K), as a catalogue-shaped Result."""
    start = time.perf_counter()
    spec = claim.spec
    stated = tuple(CONDITIONS[c] for c in claim.stated)
    if spec.lhs_node is None or spec.rhs_node is None:
        return _unknown(claim, k, f"could not read it: {spec.reason}", stated, start, points,
                        seed)
    letters = tuple(sorted(A.free_indices(spec.lhs_node) | A.free_indices(spec.rhs_node)))
    distinct = tuple((a, b) for op, a, b in spec.restriction if op != "eq")
    equal = tuple((a, b) for op, a, b in spec.restriction if op == "eq")
    offer = () if SUM_TARGETS_ONE in claim.stated else (SUM_TARGETS_ONE,)
    ctx = Context(letters, distinct, equal, claim.stated, offer, k, notation or Notation(),
                  points, seed, claim.name)
    try:
        d = decide(to_builder(spec.lhs_node, claim.model), to_builder(spec.rhs_node, claim.model),
                   ctx)
    except (Unreadable, IndexError, ValueError, TypeError, ArithmeticError) as err:
        return _unknown(claim, k, f"could not evaluate it: {err}", stated, start, points, seed)
    if d.verdict == HOLDS:
        verdict, method = PROVEN, d.method + (f" ({d.covers})" if d.covers not in
                                                ("", "every K") else "")
    elif d.verdict == NEEDS_CONDITION:
        verdict = REFUTED
        method = (f"true only under {CONDITIONS[d.condition or SUM_TARGETS_ONE]}, which "
                  f"{claim.source} does not state")
    elif d.verdict == FAILS:
        verdict, method = REFUTED, d.method
    else:
        verdict, method = UNKNOWN, f"{d.method}; {d.reason}"
    ce = d.counterexample if verdict != PROVEN else None
    part = PartResult(claim.name, claim.statement, verdict, method, d.entries, d.witness, ce)
    return Result(claim.name, f"{claim.source}:{claim.line}", claim.statement, k, verdict,
                  _assumptions(letters, k), stated, time.perf_counter() - start, (part,))


def _assumptions(letters: tuple[str, ...], k: int | None) -> tuple[str, ...]:
    if k is not None:
        return (f"K = {k}",)
    return ("K >= 1 an integer", *(f"1 <= {n} <= K" for n in letters))


def _unknown(claim: UserClaim, k: int | None, why: str, stated: tuple[str, ...], start: float,
             points: int, seed: int) -> Result:
    part = PartResult(claim.name, claim.statement, UNKNOWN, why, 0,
                      Witness((), points, 0, seed, 0.0))
    return Result(claim.name, f"{claim.source}:{claim.line}", claim.statement, k, UNKNOWN, (),
                  stated, time.perf_counter() - start, (part,))

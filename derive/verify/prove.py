"""`derive verify`: each part of a catalogue claim decided by `derive.math.decide.decide`.

Verdicts: `proven` (the decider's HOLDS: the exact proof and the independent witness agree),
`refuted` (FAILS: the exact proof fails and the witness shows a counterexample), `unknown`
(anything else, with the reason), never `proven` without both.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field, replace

from derive.math.claims import Claim, Part
from derive.math.conditions import CONDITIONS
from derive.math.decide import FAILS, HOLDS, Context, Counterexample, Witness, decide
from derive.math.decide import UNKNOWN as UNKNOWN_DECISION
from derive.math.model import MAX_K
from derive.math.notation import Notation

PROVEN, REFUTED, UNKNOWN = "proven", "refuted", "unknown"
VERDICTS = {HOLDS: PROVEN, FAILS: REFUTED, UNKNOWN_DECISION: UNKNOWN}
__all__ = ["PROVEN", "REFUTED", "UNKNOWN", "Counterexample", "Witness", "Result", "verify_claim"]


@dataclass(frozen=True)
class PartResult:
    """Verdict for one part: exact method (or where it failed), entries, witness."""

    part: str
    statement: str
    verdict: str
    symbolic: str
    entries: int
    witness: Witness
    counterexample: Counterexample | None = None


@dataclass(frozen=True)
class Result:
    """Verdict for one claim at one K (`k is None`: every K)."""

    claim: str
    title: str
    statement: str
    k: int | None
    verdict: str
    assumptions: tuple[str, ...]
    conditions: tuple[str, ...]
    seconds: float
    parts: tuple[PartResult, ...]
    without_conditions: Result | None = field(default=None)

    @property
    def method(self) -> str:
        return "; ".join(f"{p.part}: {p.symbolic}" for p in self.parts)

    @property
    def counterexample(self) -> Counterexample | None:
        return next((p.counterexample for p in self.parts if p.counterexample), None)


def _verify_part(claim: Claim, part: Part, k: int | None, notation: Notation, points: int,
                 seed: int) -> tuple[PartResult, list[str]]:
    """One part decided by the shared decider; verdicts mapped to proven/refuted/unknown."""
    ctx = Context(part.indices, part.distinct, (), claim.conditions, (), k, notation, points,
                  seed, part.name)
    d = decide(part.lhs, part.rhs, ctx)
    verdict = VERDICTS.get(d.verdict, UNKNOWN)
    method = d.method if not d.reason or verdict != UNKNOWN else f"{d.method}; {d.reason}"
    if k is None:
        names = [n for n in part.indices]
        assumptions = ["K >= 1 an integer"] + [f"1 <= {n} <= K" for n in names]
        if d.covers and d.covers != "every K":
            assumptions.append(f"covers {d.covers}")
    else:
        assumptions = [f"K = {k}; {notation.logits} real"]
    ce = d.counterexample if verdict != PROVEN else None
    return PartResult(part.name, part.text(notation), verdict, method, d.entries, d.witness,
                      ce), assumptions


def verify_claim(
    claim: Claim,
    k: int | None,
    notation: Notation | None = None,
    points: int = 6,
    seed: int = 0,
    check_conditions: bool = True,
) -> Result:
    """Prove `claim` for K = k (or every K when k is None) and witness it numerically."""
    notation = notation or Notation()
    if k is not None and not 1 <= k <= MAX_K:
        raise ValueError(f"K must be an integer from 1 to {MAX_K}, got {k}")
    if claim.only_k is not None:
        k = claim.only_k
    start = time.perf_counter()
    parts: list[PartResult] = []
    assumptions: list[str] = []
    for part in claim.parts:
        result, stated = _verify_part(claim, part, k, notation, points, seed)
        parts.append(result)
        assumptions.extend(stated)
    verdicts = {p.verdict for p in parts}
    verdict = REFUTED if REFUTED in verdicts else UNKNOWN if UNKNOWN in verdicts else PROVEN
    result = Result(
        claim.name,
        claim.title,
        claim.statement(notation),
        k,
        verdict,
        tuple(dict.fromkeys(assumptions)),
        tuple(CONDITIONS[c] for c in claim.conditions),
        time.perf_counter() - start,
        tuple(parts),
    )
    if check_conditions and claim.conditions:
        bare = verify_claim(claim.without_conditions(), k, notation, points, seed, False)
        result = replace(result, without_conditions=bare,
                         seconds=time.perf_counter() - start)
    return result

"""Prove a catalogue claim for one K or for every K, with a numeric witness for each verdict.

Verdicts: `proven` needs the exact proof and the witness to agree; `refuted` needs the exact proof
to fail and the witness to show a counterexample; anything else is `unknown`, never `proven`.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass, field, replace

import numpy as np

from derive.math import indices
from derive.math.claims import Claim, Part
from derive.math.concrete import prove_concrete
from derive.math.model import CONDITIONS, MAX_K, SymbolicKModel
from derive.math.notation import Notation
from derive.math.numeric import ATOL, RTOL, NumericModel, compare

PROVEN, REFUTED, UNKNOWN = "proven", "refuted", "unknown"
WITNESS_KS = (1, 2, 3, 4, 6)  # K values at which a symbolic-K result is witnessed numerically
MAX_WITNESS_ENTRIES = 200  # index assignments evaluated numerically per part (all when fewer)


@dataclass(frozen=True)
class Counterexample:
    """A point where the two sides differ: K, index values, logits, targets, both sides."""

    K: int
    part: str
    indices: dict[str, int]
    z: tuple[float, ...]
    t: tuple[float, ...] | None
    lhs: float
    rhs: float
    difference: float | None = None  # lhs − rhs in 50-digit arithmetic, when float64 is blind


@dataclass(frozen=True)
class Witness:
    """The numeric check of one part: how many points and entries, and the worst disagreement."""

    ks: tuple[int, ...]
    points: int
    entries: int
    seed: int
    max_excess: float
    rtol: float = RTOL
    atol: float = ATOL
    counterexample: Counterexample | None = None

    @property
    def agrees(self) -> bool:
        return self.counterexample is None


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


def _assignments(part: Part, K: int) -> Iterator[dict[str, int]]:
    return indices.assignments(part.indices, K, part.distinct)


def _count(part: Part, K: int) -> int:
    return indices.count(part.indices, K, part.distinct)


def _sample(part: Part, K: int, rng: np.random.Generator, limit: int) -> list[dict[str, int]]:
    """All assignments when at most `limit`, else a seeded sample that includes diagonal ones."""
    return indices.sample(part.indices, K, rng, limit, part.distinct)


def witness(
    part: Part,
    ks: tuple[int, ...],
    points: int,
    seed: int,
    conditions: tuple[str, ...],
    must_include: dict[str, int] | None = None,
) -> Witness:
    """Evaluate both sides numerically at seeded points for each K in `ks`; keep the worst."""
    rng = np.random.default_rng(seed)
    worst, entries, cex = 0.0, 0, None
    for K in ks:
        model = NumericModel.sample(K, points, seed + K, conditions)
        chosen = _sample(part, K, rng, MAX_WITNESS_ENTRIES)
        if must_include is not None and must_include not in chosen:
            chosen.append(must_include)
        for ix in chosen:
            entries += 1
            with np.errstate(all="ignore"):
                d = compare(part.lhs(model, ix), part.rhs(model, ix), points)
            if d.excess > worst:
                worst = d.excess
                if d.excess > 1:
                    t = tuple(float(v) for v in model.t_[d.point])
                    cex = Counterexample(
                        K, part.name, ix, tuple(float(v) for v in model.z[d.point]), t, d.lhs, d.rhs
                    )
    return Witness(ks, points, entries, seed, worst, counterexample=cex)


def _prove_part_concrete(part: Part, K: int, conditions: tuple[str, ...], notation: Notation,
                         seed: int) -> tuple[str | None, dict[str, int] | None, int]:
    """(method or None, the first entry not proven, number of entries) for one K."""
    proof = prove_concrete(part.lhs, part.rhs, part.indices, K, conditions, notation, seed,
                           part.distinct)
    return proof.method, proof.failed, proof.entries


def _prove_part_symbolic(part: Part, conditions: tuple[str, ...],
                         notation: Notation) -> tuple[str | None, SymbolicKModel]:
    model = SymbolicKModel(notation, conditions)
    ix = {name: model.index(name) for name in part.indices}
    distinct = tuple((ix[a], ix[b]) for a, b in part.distinct)
    diff = part.lhs(model, ix) - part.rhs(model, ix)
    return model.is_zero(diff, distinct), model


def _verdict(exact_ok: bool, exact_failed_disagreement: bool, w: Witness) -> str:
    if exact_ok and w.agrees:
        return PROVEN
    if not exact_ok and not exact_failed_disagreement and not w.agrees:
        return REFUTED
    return UNKNOWN


def _verify_part(
    claim: Claim, part: Part, k: int | None, notation: Notation, points: int, seed: int
) -> tuple[PartResult, list[str]]:
    """Exact proof, numeric witness (and, when only the exact proof fails, a 50-digit one)."""
    if k is not None:
        method, failed, n = _prove_part_concrete(part, k, claim.conditions, notation, seed)
        ks: tuple[int, ...] = (k,)
        w = witness(part, ks, points, seed, claim.conditions, failed)
        assumptions = [f"K = {k}; {notation.logits} real"]
    else:
        method, model = _prove_part_symbolic(part, claim.conditions, notation)
        n, failed = 1, None
        ks = tuple(K for K in WITNESS_KS if _count(part, K) > 0)
        w = witness(part, ks, points, seed, claim.conditions)
        assumptions = model.stated_assumptions()
    if method is None and w.agrees:
        # float64 cannot see a difference below ~1e-9: look again with 50 digits
        precise = precise_witness(part, ks, seed, claim.conditions, failed)
        if precise is not None:
            w = replace(w, counterexample=precise)
    disagreement = method is not None and method.startswith("symengine and sympy disagree")
    exact_ok = method is not None and not disagreement
    verdict = _verdict(exact_ok, disagreement, w)
    if method is None:
        where = f" at {_fmt_ix(failed)}" if failed else ""
        method = f"not proven{where}: the difference does not simplify to 0"
    ce = w.counterexample if verdict != PROVEN else None
    return PartResult(part.name, part.text(notation), verdict, method, n, w, ce), assumptions


PRECISE_DIGITS = 50
PRECISE_RTOL = 1e-35  # 50-digit evaluation of a true identity agrees to ~1e-48


def precise_witness(
    part: Part,
    ks: tuple[int, ...],
    seed: int,
    conditions: tuple[str, ...],
    entry: dict[str, int] | None = None,
) -> Counterexample | None:
    """A counterexample found in 50-digit mpmath (complex step, h = 1e-30), or None.

    Used only when the exact proof failed but float64 saw no difference, so that a claim that
    is off by, say, 1e-15 is refuted rather than left unknown.
    """
    import mpmath

    from derive.crosscheck.models import MpmathModel, mp_real

    rng = np.random.default_rng(seed)
    with mpmath.workdps(PRECISE_DIGITS):
        for K in ks:
            base = NumericModel.sample(K, 2, seed + K, conditions)
            model = MpmathModel(base.z, base.t_, base.loss, base.c)
            entries = [entry] if entry is not None else _sample(part, K, rng, 20)
            for ix in entries:
                lhs = np.broadcast_to(mp_real(part.lhs(model, ix)), (2,))
                rhs = np.broadcast_to(mp_real(part.rhs(model, ix)), (2,))
                for p, (a, b) in enumerate(zip(lhs, rhs, strict=True)):
                    if abs(a - b) > PRECISE_RTOL * (abs(a) + abs(b)) + mpmath.mpf(10) ** -45:
                        t = tuple(float(v) for v in base.t_[p])
                        return Counterexample(K, part.name, ix, tuple(float(v) for v in base.z[p]),
                                              t, float(a), float(b), float(a - b))
    return None


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
        try:
            result, stated = _verify_part(claim, part, k, notation, points, seed)
        except IndexError:  # a builder named a literal index that this K does not have
            result = PartResult(
                part.name, part.text(notation), UNKNOWN,
                "could not evaluate: the part names an index outside 1..K", 0,
                Witness((), points, 0, seed, 0.0),
            )
            stated = []
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


def _fmt_ix(ix: dict[str, int] | None) -> str:
    return ", ".join(f"{a} = {v}" for a, v in (ix or {}).items()) or "the only entry"

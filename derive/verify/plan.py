"""What `derive verify` will decide: one job per (claim, K), catalogue claims and user claims."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from derive.errors import UserError
from derive.io import read_document
from derive.math.claims import Claim
from derive.math.notation import Notation
from derive.verify.prove import Result, verify_claim
from derive.verify.userclaims import read_claims, verify_user_claim

Job = Callable[[], Result]


def plan(catalogue: list[Claim], files: tuple[str, ...], ks: list[int | None],
         notation: Notation, points: int, seed: int) -> list[Job]:
    """Every (claim, K) to decide, in order; a claim about one K is decided once, at it."""
    jobs: list[Job] = []
    for claim in catalogue:
        done: set[int | None] = set()
        for k in ks:
            effective = claim.only_k if claim.only_k is not None else k
            if effective not in done:
                done.add(effective)
                jobs.append(partial(verify_claim, claim, k, notation, points, seed))
    for path in files:
        text, name = read_document(path)
        found = read_claims(text, name)
        if not found:
            raise UserError(f"{name}: no claims found (a claim is a display holding one '=', "
                            "or a TOML [[claim]] table)")
        for uc in found:
            jobs += [partial(verify_user_claim, uc, k, notation, points, seed) for k in ks]
    return jobs

"""`derive crosscheck`: the numeric cross-check as a command."""

from __future__ import annotations

import click
import numpy as np

from derive.cli.base import Command, InputError
from derive.cli.params import Finite, IntIn, Seed

BACKEND_CHOICES = ("lambdify", "fd", "complex-step", "mpmath", "torch", "jax")
WARN_BYTES = 2 * 2**30
MAX_SCALE = 1e300  # uniform(−scale, scale) needs 2·scale to be a finite float64
INPUT_BYTES_PER_VALUE = 6 * 8  # z, t, three loss arrays and a working copy, float64
MAX_INPUT_BYTES = 4 * 2**30


def _parse_z(values: tuple[str, ...]) -> np.ndarray | None:
    if not values:
        return None
    rows = []
    for raw in values:
        try:
            row = [float(v) for v in raw.replace(" ", "").split(",") if v]
        except ValueError:
            raise InputError(f"--z {raw!r}: logits must be numbers separated by commas, "
                             "like 1,2.5,-3 (nan and inf are accepted and reported)") from None
        if not row:
            raise InputError(f"--z {raw!r}: no logits given")
        rows.append(row)
    if len({len(r) for r in rows}) != 1:
        raise InputError("--z: every point must have the same number of logits (K)")
    return np.array(rows, dtype=float)


def _fmt_point(z: tuple[float, ...]) -> str:
    shown = ", ".join(f"{v:.6g}" for v in z[:6])
    return f"z = ({shown}{', …' if len(z) > 6 else ''})"


@click.command("crosscheck", cls=Command,
               short_help="Check catalogue identities numerically by independent routes.")
@click.option("--claim", "claims", multiple=True, metavar="NAME",
              help="Claim to check (repeatable; default: all). See `derive list`.")
@click.option("--k", "k", type=IntIn(1, None, " (softmax needs a class)", noun="K "), default=5,
              show_default=True,
              help="Number of classes K (1..2000; claims about one K use theirs).")
@click.option("--points", type=IntIn(1, None, " (need at least 1 point)"), default=200,
              show_default=True,
              help="Seeded random points (mpmath uses 4 of them).")
@click.option("--seed", type=Seed(), default=0, show_default=True,
              help="Seed of the points (0 to 2^63 - 1).")
@click.option("--scale", default=5.0, show_default=True,
              type=Finite(0, MAX_SCALE, f"the logit range must be a positive number up to "
                                        f"{MAX_SCALE:g}"),
              help="Logits lie in [−scale, scale]; 1e4 exercises the stable evaluation.")
@click.option("--backend", "backends", multiple=True, type=click.Choice(BACKEND_CHOICES),
              help="Route to check with (repeatable; default: all, optional ones skipped "
                   "when not installed).")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="Text, or JSON rows for scripts.")
@click.option("--z", "z_values", multiple=True, metavar="Z1,Z2,…",
              help="Check at these logits instead of random ones (repeatable; sets K).")
@click.option("--jobs", type=IntIn(0, 256), default=0, show_default=True,
              help="Worker processes for the backends (0: one per CPU; 1: this process). "
                   "The rows are the same for any number.")
def crosscheck(claims: tuple[str, ...], k: int, points: int, seed: int, scale: float,
               fmt: str,
               backends: tuple[str, ...], z_values: tuple[str, ...], jobs: int) -> None:
    """Check catalogue identities numerically by independent routes.

    For each claim, part and backend, prints the max absolute and relative error between the
    two sides, the tolerance and the worst point. Sides agree when
    |lhs − rhs| <= atol + rtol·max(|lhs|, |rhs|). Backends (rtol, atol):

    \b
      lambdify      1e-9, 1e-12  both sides of the exact proof's entries as NumPy
                                 functions (checks the symbolic derivative)
      fd            1e-6, 1e-8   central differences of softmax / the loss, h = 6e-6;
                                 atol widened by the route's own rounding estimate
      complex-step  1e-9, 1e-12  Im f(z + ih e_j)/h, h = 1e-20: exact to ~1e-15
      mpmath        1e-40, 1e-40 50 digits, softmax as written, 4 points and <= 200
                                 entries per part; reports the float64 error too
      torch, jax    1e-9, 1e-12  forward-mode autodiff in float64 (optional extras:
                                 pip install 'derive[torch]'; skipped if missing)

    FD is far less accurate than the complex step (error ~ε^{2/3} vs ~ε), hence its looser
    tolerance. Softmax is evaluated as e^{z − max z}/Σe^{z_k − max z} (proven shift
    invariance) so logits up to |z| = 1e4 pass, except that softmax(z + c·1) is always
    evaluated as written: points where that overflows are reported and left to mpmath.
    Logits more than 350 below their row's maximum are raised to max − 350 (y changes by
    < 1e-150), so no float64 route meets ln 0 or 0/0; this is reported per row.
    Per-entry backends evaluate at most 2000 index values per part (seeded sample);
    lambdify evaluates every entry while K^indices × points <= 5e7, beyond that a seeded
    sample with each orbit's least member. NaN/inf logits given with --z are reported, not
    evaluated. Large runs (points × K >= 2e5) run groups of backends in --jobs worker
    processes (POSIX fork); the rows and their order do not depend on --jobs.

    Exit status: 0 all agree (skips allowed), 1 any disagreement or non-finite input,
    2 bad input (e.g. --points 0, --scale nan, --seed -1, --backend torch without torch,
    K > 2000, or points × K too large for memory).
    """
    from derive.crosscheck.run import (
        INSTALL,
        OPTIONAL,
        build_seconds_estimate,
        memory_estimate,
    )
    from derive.crosscheck.run import crosscheck as run
    from derive.math.claims import UnknownClaimError, get_claims
    from derive.math.model import MAX_K

    z = _parse_z(z_values)
    if z is not None:
        k, points = z.shape[1], z.shape[0]
    if k < 1:
        raise InputError(f"--k {k}: K must be at least 1 (softmax needs a class)")
    if k > MAX_K:
        need = memory_estimate(k) / 2**30
        raise InputError(f"--k {k}: K above {MAX_K} is refused (K = {k} would need about "
                         f"{need:.1f} GiB for the K² entries and take minutes)")
    try:
        selected = get_claims(claims)
    except UnknownClaimError as err:
        raise InputError(err.args[0]) from None
    for name in backends:
        if name in OPTIONAL and not OPTIONAL[name]():
            raise InputError(f"--backend {name}: {name} is not installed ({INSTALL[name]}); "
                             "leave --backend out to skip it")
    inputs = points * k * INPUT_BYTES_PER_VALUE
    if inputs > MAX_INPUT_BYTES:
        raise InputError(f"--points {points} with K = {k}: the sampled inputs alone would take "
                         f"{inputs / 2**30:.1f} GiB (limit {MAX_INPUT_BYTES / 2**30:.0f} GiB); "
                         "use fewer points")
    chosen = backends or BACKEND_CHOICES
    if "lambdify" in chosen and (memory_estimate(k) > WARN_BYTES or build_seconds_estimate(k) > 10):
        click.echo(f"warning: K = {k}: lambdify builds K² = {k * k} entries per two-index part, "
                   f"about {build_seconds_estimate(k):.0f} s and "
                   f"{memory_estimate(k) / 2**30:.1f} GiB each", err=True)
    from derive.parallel import resolve_jobs

    rows = run(selected, k, points, seed, scale, chosen, z, resolve_jobs(jobs))
    if fmt == "json":
        import dataclasses
        import json

        click.echo(json.dumps([dataclasses.asdict(r) for r in rows], indent=2,
                              ensure_ascii=False, default=str))
        raise SystemExit(1 if any(r.failed for r in rows) else 0)
    missing = {r.backend: r.notes[0] for r in rows if r.status == "skipped" and not r.points
               and r.backend in OPTIONAL and not OPTIONAL[r.backend]()}
    for r in rows:
        if r.backend in missing and r.status == "skipped":
            continue  # summarised in one line below
        head = f"{r.claim} · {r.part} · K = {r.K} · {r.backend}: {r.status}"
        if r.status == "skipped" and not r.points:
            click.echo(f"{head} ({'; '.join(r.notes)})")
            continue
        entries = f"{r.entries}" if r.entries == r.entries_total else \
            f"{r.entries} of {r.entries_total}"
        click.echo(f"{head}  [{r.points} points × {entries} entries, {r.seconds:.2f} s]")
        click.echo(f"    max abs err {r.max_abs:.2e}, max rel err {r.max_rel:.2e}, "
                   f"worst/tolerance {r.max_excess:.2e} (rtol {r.rtol:g}, atol {r.atol:g})")
        if r.worst is not None:
            ix = ", ".join(f"{a} = {v}" for a, v in r.worst.indices.items()) or "the only entry"
            click.echo(f"    worst: point {r.worst.point}, {ix}: lhs {r.worst.lhs:.17g}, "
                       f"rhs {r.worst.rhs:.17g}; {_fmt_point(r.worst.z)}")
        for note in r.notes:
            click.echo(f"    note: {note}")
    bad = [r for r in rows if r.failed]
    nonfinite = 0 if z is None else int((~np.isfinite(z)).any(axis=1).sum())
    skipped = sum(r.status == "skipped" for r in rows)
    incomplete = sum(r.status == "incomplete" for r in rows)
    for backend, why in missing.items():
        count = sum(r.backend == backend for r in rows)
        click.echo(f"{backend}: skipped for all {count} parts ({why})")
    click.echo(f"{len(rows) - len(bad) - skipped} agree, {len(bad) - incomplete} disagree, "
               f"{incomplete} incomplete (non-finite input), {skipped} skipped")
    if nonfinite:
        click.echo(f"{nonfinite} of {len(z)} given point(s) have NaN/inf logits and were not "
                   "evaluated: exit 1")
    raise SystemExit(1 if bad or nonfinite else 0)

"""Command line: parse, call the library, write the result. No feature imports this package."""

from __future__ import annotations

import importlib
import re

import click

from derive import __version__
from derive.cli.base import Command, InputError
from derive.io import write_output

# Subcommands that live in their own modules, imported only when used (keeps start-up fast).
LAZY_COMMANDS: dict[str, str] = {
    "check": "derive.cli.check:check",
    "crosscheck": "derive.cli.crosscheck:crosscheck",
    "doc": "derive.cli.doc:doc",
    "exercise": "derive.cli.exercise:exercise",
}




class LazyGroup(click.Group):
    """A group whose extra commands are imported on first use."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted([*super().list_commands(ctx), *LAZY_COMMANDS])

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name in LAZY_COMMANDS:
            module, attr = LAZY_COMMANDS[name].split(":")
            return getattr(importlib.import_module(module), attr)
        return super().get_command(ctx, name)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="derive")
def main() -> None:
    """Prove, explain and check the derivative of softmax."""


_RANGE = re.compile(r"\s*(-?\d+)\s*\.\.\s*(-?\d+)\s*\Z")


def parse_ks(values: tuple[str, ...], max_k: int) -> list[int]:
    """`3`, `2..8` (inclusive) → sorted distinct K values, each 1 <= K <= max_k."""
    ks: list[int] = []
    for raw in values:
        m = _RANGE.match(raw)
        if m:
            lo, hi = int(m.group(1)), int(m.group(2))
            if lo > hi:
                raise InputError(f"--k {raw}: empty range (the first value exceeds the last)")
            bounds = [lo, hi]
        elif re.fullmatch(r"\s*[+-]?\d+\s*", raw):
            lo = hi = int(raw)
            bounds = [lo]
        else:
            raise InputError(f"--k {raw!r}: K must be a whole number like 3 or a range like 2..8")
        for b in bounds:
            if b < 1:
                raise InputError(f"--k {raw}: K must be at least 1 (softmax needs a class)")
            if b > max_k:
                raise InputError(
                    f"--k {raw}: K above {max_k} is refused (exact proofs grow as K²; "
                    f"the documented limit is {max_k})"
                )
        ks.extend(range(lo, hi + 1))
    return sorted(set(ks))


@main.command("list", cls=Command)
def list_claims() -> None:
    """List the catalogue of claims with their statements."""
    from derive.math.claims import CATALOGUE
    from derive.math.model import CONDITIONS
    from derive.math.notation import Notation

    n = Notation()
    for claim in CATALOGUE.values():
        click.echo(f"{claim.name}: {claim.title}")
        for part in claim.parts:
            click.echo(f"    {part.name}: {part.text(n)}")
        if claim.conditions:
            click.echo(f"    given: {'; '.join(CONDITIONS[c] for c in claim.conditions)}")
        if claim.only_k:
            click.echo(f"    only for K = {claim.only_k}")


@main.command(cls=Command)
@click.option("--k", "ks", multiple=True, metavar="K|A..B",
              help="Class count to prove for (repeatable; a range A..B is inclusive).")
@click.option("--all-k", is_flag=True, help="Prove for symbolic K (every K at once).")
@click.option("--claim", "claims", multiple=True, metavar="NAME",
              help="Claim to verify (repeatable; default: all). See `derive list`.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="Report format on standard output.")
@click.option("--junit", "junit_path", metavar="FILE", help="Also write JUnit XML to FILE.")
@click.option("--notation", type=click.Choice(["default", "blog"]), default="default",
              show_default=True, help="Letters in statements: z,y,t,E,K or a,S,t,E,N.")
@click.option("--points", default=6, show_default=True, type=click.IntRange(1, 1000),
              help="Random points per entry for the numeric witness.")
@click.option("--seed", default=0, show_default=True, type=int, help="Seed of the witness points.")
def verify(ks: tuple[str, ...], all_k: bool, claims: tuple[str, ...], fmt: str,
           junit_path: str | None, notation: str, points: int, seed: int) -> None:
    """Prove softmax identities for chosen K and/or symbolic K.

    Each verdict is `proven` only when the exact proof and an independent numeric witness
    agree; `refuted` comes with a counterexample. With no --k and no --all-k, proves every
    claim for symbolic K and for K = 3.

    Exit status: 0 all proven, 1 any refuted or unknown, 2 bad input.
    """
    from derive.math.claims import UnknownClaimError, get_claims
    from derive.math.model import MAX_K
    from derive.math.notation import PRESETS
    from derive.verify import report
    from derive.verify.prove import PROVEN, verify_claim

    k_values: list[int | None] = list(parse_ks(ks, MAX_K))
    try:
        selected = get_claims(claims)
    except UnknownClaimError as err:
        raise InputError(err.args[0]) from None
    if all_k or not ks:
        k_values.insert(0, None)
    if not ks and not all_k:
        k_values.append(3)
    results = []
    for claim in selected:
        done: set[int | None] = set()
        for k in k_values:
            effective = claim.only_k if claim.only_k is not None else k
            if effective in done:
                continue
            done.add(effective)
            results.append(verify_claim(claim, k, PRESETS[notation], points, seed))
    if junit_path:
        write_output(junit_path, report.junit(results))
    click.echo(report.to_json(results) if fmt == "json" else report.text(results), nl=fmt == "json")
    raise SystemExit(0 if all(r.verdict == PROVEN for r in results) else 1)


if __name__ == "__main__":  # pragma: no cover
    main()

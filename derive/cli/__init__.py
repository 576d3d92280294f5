"""Command line: parse, call the library, write the result. No feature imports this package."""

from __future__ import annotations

import importlib

import click

from derive import __version__
from derive.cli.base import Command, InputError, one_line
from derive.cli.params import IntIn, KRange, OutputFile, Seed
from derive.io import write_output

# Subcommands that live in their own modules, imported only when used (keeps start-up fast),
# with the one-line summary `derive --help` shows for them without importing them.
LAZY_COMMANDS: dict[str, tuple[str, str]] = {
    "check": ("derive.cli.check:check",
              "Check each step of a softmax derivation (Markdown/LaTeX)."),
    "crosscheck": ("derive.cli.crosscheck:crosscheck",
                   "Check catalogue identities numerically by independent routes."),
    "doc": ("derive.cli.doc:doc",
            "Write verified step-by-step derivations (tex, md, pdf, html)."),
    "exercise": ("derive.cli.exercise:exercise",
                 "Write an exercise with planted errors and its answer key."),
}


class LazyGroup(click.Group):
    """A group whose extra commands are imported on first use; usage errors are one line."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted([*super().list_commands(ctx), *LAZY_COMMANDS])

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name in LAZY_COMMANDS:
            module, attr = LAZY_COMMANDS[name][0].split(":")
            return getattr(importlib.import_module(module), attr)
        return super().get_command(ctx, name)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """The command table, with lazy commands summarised from LAZY_COMMANDS (no import)."""
        rows = []
        for name in self.list_commands(ctx):
            if name in LAZY_COMMANDS:
                rows.append((name, LAZY_COMMANDS[name][1]))
                continue
            cmd = super().get_command(ctx, name)
            if cmd is not None and not cmd.hidden:
                rows.append((name, cmd.get_short_help_str(formatter.width - 6 - len(name))))
        if rows:
            with formatter.section("Commands"):
                formatter.write_dl(rows)

    def make_context(self, info_name, args, parent=None, **extra):  # type: ignore[override]
        try:
            return super().make_context(info_name, args, parent=parent, **extra)
        except click.UsageError as err:
            if type(err).__name__ == "NoArgsIsHelpError":
                raise
            raise one_line(err) from None

    def resolve_command(self, ctx: click.Context, args: list[str]):  # type: ignore[override]
        try:
            return super().resolve_command(ctx, args)
        except click.UsageError as err:
            raise one_line(err) from None


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="derive")
def main() -> None:
    """Prove, explain and check the derivative of softmax."""


def _max_k() -> int:
    from derive.math.model import MAX_K

    return MAX_K


@main.command("list", cls=Command)
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="Text, or JSON for scripts.")
def list_claims(fmt: str) -> None:
    """List the catalogue of claims with their statements."""
    from derive.math.claims import CATALOGUE
    from derive.math.model import CONDITIONS
    from derive.math.notation import Notation

    n = Notation()
    if fmt == "json":
        import json

        click.echo(json.dumps([{
            "name": c.name, "title": c.title, "conditions": [CONDITIONS[x] for x in c.conditions],
            "only_k": c.only_k, "tags": list(c.tags),
            "parts": [{"name": p.name, "statement": p.text(n), "indices": list(p.indices)}
                      for p in c.parts]} for c in CATALOGUE.values()], indent=2,
            ensure_ascii=False))
        return
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
              type=KRange(_max_k, " (exact proofs grow as K²; the documented limit)"),
              help="Class count to prove for (repeatable; a range A..B is inclusive).")
@click.option("--all-k", is_flag=True, help="Prove for symbolic K (every K at once).")
@click.option("--claim", "claims", multiple=True, metavar="NAME",
              help="Claim to verify (repeatable; default: all). See `derive list`.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="Report format on standard output.")
@click.option("--junit", "junit_path", metavar="FILE|-", type=OutputFile(),
              help="Also write JUnit XML to FILE (- : to standard output, and the report "
                   "to standard error).")
@click.option("--notation", type=click.Choice(["default", "blog"]), default="default",
              show_default=True, help="Letters in statements: z,y,t,E,K or a,S,t,E,N.")
@click.option("--points", default=6, show_default=True, type=IntIn(1, 1000),
              help="Random points per entry for the numeric witness.")
@click.option("--seed", default=0, show_default=True, type=Seed(),
              help="Seed of the witness points (0 to 2^63 - 1).")
@click.option("--claims", "claim_files", multiple=True, metavar="FILE",
              type=click.Path(exists=True, dir_okay=False),
              help="Your own identities: a Markdown/LaTeX file (each display with one '=') "
                   "or a TOML file ([[claim]] name, lhs, rhs, given). Repeatable.")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar on the terminal.")
def verify(ks: tuple[tuple[int, ...], ...], all_k: bool, claims: tuple[str, ...], fmt: str,
           junit_path: str | None, notation: str, points: int, seed: int,
           claim_files: tuple[str, ...], quiet: bool) -> None:
    """Prove softmax identities (the catalogue's, or your own) for chosen K and symbolic K.

    Each verdict is `proven` only when the exact proof and an independent numeric witness
    agree; `refuted` comes with a counterexample. With no --k and no --all-k, proves every
    claim for symbolic K and for K = 3. With --claims, proves the identities of the files
    (and catalogue claims only when named with --claim); an identity true only under a
    condition the file does not state (Σ_k t_k = 1) is refuted, naming it.

    Results stream as they are decided; on a terminal a progress bar goes to standard
    error (not with --quiet or when redirected) and verdicts are coloured (not with
    NO_COLOR set).

    Exit status: 0 all proven, 1 any refuted or unknown, 2 bad input.
    """
    from derive.cli.progress import jobs_with_progress, wants_colour
    from derive.math.claims import UnknownClaimError, get_claims
    from derive.math.notation import PRESETS
    from derive.verify import report
    from derive.verify.plan import plan

    try:
        selected = get_claims(claims) if claims or not claim_files else []
    except UnknownClaimError as err:
        raise InputError(err.args[0]) from None
    k_values: list[int | None] = sorted({k for group in ks for k in group})
    if all_k or not ks:
        k_values.insert(0, None)
    if not ks and not all_k:
        k_values.append(3)
    jobs = plan(selected, claim_files, k_values, PRESETS[notation], points, seed)
    stream = fmt == "text"
    colour = stream and wants_colour(junit_path == "-")
    results = []
    for job in jobs_with_progress(jobs, quiet):
        results.append(job())
        if stream:
            click.echo(report.block(results[-1], colour), nl=False, err=junit_path == "-",
                       color=colour)
    # the report first: a JUnit file that cannot be written after all does not lose it
    click.echo(report.summary(results) if stream else report.to_json(results),
               nl=not stream, err=junit_path == "-")
    if junit_path:
        write_output(junit_path, report.junit(results))
    raise SystemExit(0 if all(r.verdict == report.PROVEN for r in results) else 1)


if __name__ == "__main__":  # pragma: no cover
    main()

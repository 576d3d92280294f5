"""The ``derive check`` click command (registered by the main CLI)."""

from __future__ import annotations

import click

from derive.check.report import render_annotated, render_json, render_text
from derive.check.run import NoMath, check_document
from derive.cli.base import Command
from derive.errors import UserError
from derive.io import read_document, write_output


@click.command("check", cls=Command)
@click.argument("file", type=str)
@click.option("--format", "fmt", type=click.Choice(["text", "json", "annotate"]),
              default="text", show_default=True, help="Report format.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True),
              help="Write the report here instead of standard output.")
@click.option("--annotate", "annotate", metavar="FILE",
              help="Also write a copy of the document with each step marked ✓ ✗ ⚠ ? and why.")
@click.option("--seed", type=int, default=0, show_default=True,
              help="Seed of the random sample points.")
@click.option("--no-symbolic", is_flag=True, help="Skip the exact SymPy confirmation (K=2).")
def check(file: str, fmt: str, output: str | None, annotate: str | None, seed: int,
          no_symbolic: bool) -> None:
    """Check every step of a softmax derivation written in Markdown/LaTeX.

    FILE is a Markdown or LaTeX document ('-' reads standard input).  Each equation
    chain A = B = C is split into steps; definitions such as y_i = e^{z_i}/sum_k e^{z_k}
    and E = -sum_k t_k ln y_k are learned and substituted, and each step is decided for
    K = 2..5 and every assignment of its free indices (restricted by case prose such as
    "when i = j") at seeded random logits and targets, with an exact SymPy check at K = 2.

    --annotate FILE also writes a copy of the document with a note after each formula:
    ✓ ok, ✗ wrong, ⚠ needs a condition, ? unreadable, and the reason.

    Verdicts: ok, wrong (with a counterexample), needs-condition (true only when the
    targets sum to 1), unreadable (with the reason).  Exit status: 0 when no step is
    wrong, 1 when a step is wrong, 2 for a usage error, a file without mathematics, or a
    file none of whose steps could be read.
    """
    text, name = read_document(file)
    try:
        report = check_document(text, name, seed=seed, symbolic=not no_symbolic)
    except NoMath as exc:
        raise UserError(f"{name}: {exc}") from None
    annotated = ""
    if annotate or fmt == "annotate":
        annotated = render_annotated(report, text, latex=name.endswith((".tex", ".ltx")))
    if fmt == "annotate":
        rendered = annotated
    else:
        rendered = render_json(report) if fmt == "json" else render_text(report)
    if annotate:
        write_output(annotate, annotated)
    if output:
        write_output(output, rendered)
    else:
        click.echo(rendered, nl=False)
    if report.exit_code == 2:
        click.echo(f"Error: {name}: could not read any step (the reasons are listed above)",
                   err=True)
    click.get_current_context().exit(report.exit_code)

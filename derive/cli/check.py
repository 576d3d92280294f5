"""The ``derive check`` click command (registered by the main CLI)."""

from __future__ import annotations

import click

from derive.check.limits import describe as describe_limits
from derive.check.report import render_annotated, render_json, render_text
from derive.check.run import NoMath, check_document
from derive.cli.base import Command
from derive.cli.params import OutputFile, Seed, refuse
from derive.errors import UserError
from derive.io import STDOUT, check_output, read_document, same_file, write_output


@click.command("check", cls=Command,
               short_help="Check each step of a softmax derivation (Markdown/LaTeX).")
@click.argument("file", type=str)
@click.option("--format", "fmt", type=click.Choice(["text", "json", "annotate"]),
              default="text", show_default=True, help="Report format.")
@click.option("-o", "--output", type=OutputFile(), metavar="FILE|-",
              help="Write the report here (- : standard output, the default).")
@click.option("--annotate", "annotate", type=OutputFile(), metavar="FILE|-",
              help="Also write a copy of the document with each step marked ✓ ✗ ⚠ ? and why "
                   "(never over FILE itself).")
@click.option("--seed", type=Seed(), default=0, show_default=True,
              help="Seed of the random sample points (0 to 2^63 - 1).")
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

    Limits (hostile input gets an answer in bounded time): a formula over a limit is
    unreadable with the reason, a step out of time is "unreadable: time limit", and the
    rest of the document is still checked.  Documents up to 5 MB are read.

    \b
    LIMITS
    """
    outputs = [(o, w) for o, w in ((output, "-o"), (annotate, "--annotate")) if o]
    for path, what in outputs:
        check_output(path, inputs=(file,), what=what)
    if output and annotate and (output == annotate or (
            STDOUT not in (output, annotate) and same_file(output, annotate))):
        raise refuse(f"-o {output} and --annotate {annotate}: the same file twice")
    if annotate == STDOUT and output in (None, STDOUT) and fmt != "annotate":
        raise refuse("--annotate - and the report would both go to standard output: "
                     "give -o FILE for the report (or use --format annotate)")
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
    if output and output != STDOUT:
        write_output(output, rendered)
    else:
        click.echo(rendered, nl=False)
    if report.exit_code == 2:
        click.echo(f"Error: {name}: could not read any step (the reasons are listed above)",
                   err=True)
    click.get_current_context().exit(report.exit_code)


# the limits table, indented like the docstring it goes into (click dedents it afterwards)
check.help = (check.help or "").replace(
    "LIMITS", "\n    ".join(line.strip() for line in describe_limits().splitlines()))

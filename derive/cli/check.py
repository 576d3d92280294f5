"""The ``derive check`` click command (registered by the main CLI)."""

from __future__ import annotations

import click

from derive.check.ci import Checked, exit_code, expand, github
from derive.check.ci import junit as ci_junit
from derive.check.limits import describe as describe_limits
from derive.check.report import render_annotated, render_json, render_text
from derive.check.run import NoMath, check_document
from derive.cli.base import Command
from derive.cli.params import OutputFile, Seed, refuse
from derive.errors import UserError
from derive.io import STDOUT, check_output, read_document, same_file, write_output


@click.command("check", cls=Command,
               short_help="Check each step of a softmax derivation (Markdown/LaTeX).")
@click.argument("files", nargs=-1, required=True, metavar="FILE|DIR|GLOB...")
@click.option("--format", "fmt", type=click.Choice(["text", "json", "annotate", "github"]),
              default="text", show_default=True,
              help="Report format (github: workflow annotations ::error file=…,line=…::).")
@click.option("--junit", "junit_path", type=OutputFile(), metavar="FILE|-",
              help="Also write JUnit XML: a testcase per step, failures for wrong steps, "
                   "skipped for unreadable ones.")
@click.option("--strict", is_flag=True,
              help="Unreadable and needs-condition steps fail too (exit 1): use this in CI.")
@click.option("-o", "--output", type=OutputFile(), metavar="FILE|-",
              help="Write the report here (- : standard output, the default).")
@click.option("--annotate", "annotate", type=OutputFile(), metavar="FILE|-",
              help="Also write a copy of the document with each step marked ✓ ✗ ⚠ ? and why "
                   "(never over FILE itself).")
@click.option("--seed", type=Seed(), default=0, show_default=True,
              help="Seed of the random sample points (0 to 2^63 - 1).")
@click.option("--no-symbolic", is_flag=True,
              help="Skip the exact proofs for symbolic K: steps are then decided at most by "
                   "the numeric witness (wrong with a counterexample, else undecided).")
def check(files: tuple[str, ...], fmt: str, junit_path: str | None, strict: bool,
          output: str | None, annotate: str | None, seed: int, no_symbolic: bool) -> None:
    """Check every step of softmax derivations written in Markdown/LaTeX.

    FILE is a Markdown or LaTeX document ('-' reads standard input); a folder means every
    .md/.tex/.txt file under it, and a glob ('notes/**/*.md') every file it matches.  Each
    equation chain A = B = C is split into steps; definitions such as
    y_i = e^{z_i}/sum_k e^{z_k} and E = -sum_k t_k ln y_k are learned and substituted, and
    each step is decided by the same decider as `derive verify`: for every K (symbolic K)
    where it can, at one K where the step is about one K, and always by an independent
    numeric witness at K = 1..7 and 10 (restricted by case prose such as "when i = j").

    --annotate FILE also writes a copy of the document with a note after each formula:
    ✓ ok, ✗ wrong, ⚠ needs a condition, ? unreadable, and the reason.

    Verdicts: ok, wrong (with a counterexample), needs-condition (true only when the
    targets sum to 1; it fails --strict only when the document does not state that),
    unreadable (with the reason).  Exit status: 0 when no step is
    wrong, 1 when a step is wrong (with --strict: or unreadable, or needs-condition that
    the document does not state), 2 for
    a usage error, a file without mathematics, or a file none of whose steps could be read.
    In CI use --strict, so that a wrong step hidden behind an unreadable definition fails.

    Limits (hostile input gets an answer in bounded time): a formula over a limit is
    unreadable with the reason, a step out of time is "unreadable: time limit", and the
    rest of the document is still checked.  Documents up to 5 MB are read.

    \b
    LIMITS
    """
    names = expand(files)
    if not names:
        raise refuse(f"{' '.join(files)}: no documents found")
    if len(names) > 1 and (annotate or fmt == "annotate"):
        raise refuse("--annotate and --format annotate take one document")
    outputs = [(o, w) for o, w in ((output, "-o"), (annotate, "--annotate"),
                                   (junit_path, "--junit")) if o]
    for path, what in outputs:
        check_output(path, inputs=tuple(names), what=what)
    if output and annotate and (output == annotate or (
            STDOUT not in (output, annotate) and same_file(output, annotate))):
        raise refuse(f"-o {output} and --annotate {annotate}: the same file twice")
    if annotate == STDOUT and output in (None, STDOUT) and fmt != "annotate":
        raise refuse("--annotate - and the report would both go to standard output: "
                     "give -o FILE for the report (or use --format annotate)")
    if junit_path == STDOUT and output in (None, STDOUT):
        raise refuse("--junit - and the report would both go to standard output: give -o FILE")
    docs, texts = [], {}
    for path in names:
        try:
            text, name = read_document(path)
            report = check_document(text, name, seed=seed, symbolic=not no_symbolic)
        except NoMath as exc:
            docs.append(Checked(path, None, f"{path}: {exc}"))
            continue
        except UserError as exc:
            if len(names) == 1:
                raise
            docs.append(Checked(path, None, str(exc)))
            continue
        texts[name] = text
        docs.append(Checked(name, report))
    if len(docs) == 1 and docs[0].report is None:
        raise UserError(docs[0].error)
    rendered = _render(docs, texts, fmt, strict)
    if annotate:
        d = docs[0]
        write_output(annotate, render_annotated(d.report, texts[d.name],  # type: ignore[arg-type]
                                                latex=d.name.endswith((".tex", ".ltx"))))
    if junit_path:
        write_output(junit_path, ci_junit(docs, strict))
    if output and output != STDOUT:
        write_output(output, rendered)
    else:
        click.echo(rendered, nl=False)
    for d in docs:
        if d.report is None:
            click.echo(f"Error: {d.error}", err=True)
        elif d.report.exit_code == 2:
            click.echo(f"Error: {d.name}: could not read any step (the reasons are listed "
                       "above)", err=True)
    click.get_current_context().exit(exit_code(docs, strict))


def _render(docs: list[Checked], texts: dict[str, str], fmt: str, strict: bool) -> str:
    """The report of every document in the chosen format."""
    if fmt == "github":
        return github(docs, strict)
    if fmt == "annotate":
        d = docs[0]
        return render_annotated(d.report, texts[d.name],  # type: ignore[arg-type]
                                latex=d.name.endswith((".tex", ".ltx")))
    reports = [d.report for d in docs if d.report is not None]
    if fmt == "json":
        if len(docs) == 1:
            return render_json(reports[0])
        return "[\n" + ",\n".join(render_json(r).rstrip() for r in reports) + "\n]\n"
    return "".join(render_text(r) for r in reports)


# the limits table, indented like the docstring it goes into (click dedents it afterwards)
check.help = (check.help or "").replace(
    "LIMITS", "\n    ".join(line.strip() for line in describe_limits().splitlines()))

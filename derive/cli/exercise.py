"""`derive exercise`: a derivation with planted errors for students, and its answer key."""

from __future__ import annotations

from pathlib import Path

import click

from derive.cli.base import Command, InputError
from derive.cli.params import IntIn, Seed
from derive.docs.generate import MAX_DOC_K, generate_exercise, notation_for
from derive.io import STDOUT, check_output, same_file, write_output

FORMATS = ("tex", "md", "pdf", "html")


@click.command("exercise", cls=Command,
               short_help="Write an exercise with planted errors and its answer key.")
@click.argument("name")
@click.option("--k", "k", type=IntIn(1, MAX_DOC_K, " for a document", noun="K "), metavar="K",
              help=f"Number of classes, 1..{MAX_DOC_K} (default: every K).")
@click.option("--plant", type=int, default=3, show_default=True, metavar="N",
              help="How many errors to plant (1..5, at most one per equation chain).")
@click.option("--seed", type=Seed(), default=0, show_default=True,
              help="Chooses which steps and which slips.")
@click.option("--format", "fmt", type=click.Choice(FORMATS),
              help="Output format (default: from the -o extension).")
@click.option("-o", "--output", required=True, metavar="FILE|-",
              help="The student version (- for standard output, with --answers FILE).")
@click.option("--answers", metavar="FILE",
              help="The answer key (default: FILE with -answers before the extension).")
@click.option("--template-dir", type=click.Path(file_okay=False), metavar="DIR",
              help="Templates here override the built-in ones by name (sandboxed).")
@click.option("--title", help="Title of the student version (escaped; $…$ math allowed).")
@click.option("--author", help="Author line (escaped).")
@click.option("--notation", type=click.Choice(["default", "blog"]), default="default",
              show_default=True, help="Letters: z,y,t,E,K or a,S,t,E,N.")
def exercise(name: str, k: int | None, plant: int, seed: int, fmt: str | None, output: str,
             answers: str | None, template_dir: str | None, title: str | None,
             author: str | None, notation: str) -> None:
    """Plant N errors in a verified derivation: a student version and an answer key.

    The slips are sign flips, a dropped factor, a wrong index, a doubled denominator and a
    dropped condition. Each planted step is decided wrong by the exact engine before anything
    is written, every other step still holds, and the key gives each planted step, why it is
    wrong and a counterexample. Exit status: 0 written, 2 bad input.
    """
    to_stdout = output == STDOUT
    out = Path(output)
    ext = "" if to_stdout else out.suffix.lstrip(".")
    if fmt is None:
        if ext not in FORMATS:
            raise InputError(f"-o {output}: give --format or an extension among "
                             f"{', '.join(FORMATS)}")
        fmt = ext
    elif ext in FORMATS and ext != fmt:
        raise InputError(f"--format {fmt} contradicts the extension of -o {output}")
    if to_stdout and not answers:
        raise InputError("-o - writes the student version to standard output: give "
                         "--answers FILE for the key")
    if answers == STDOUT and to_stdout:
        raise InputError("the answer key and the student version must be different files")
    key = answers or str(out.with_name(f"{out.stem}-answers{out.suffix}"))
    if not to_stdout and answers != STDOUT and same_file_or_name(output, key):
        raise InputError("the answer key and the student version must be different files")
    if template_dir is not None and not Path(template_dir).is_dir():
        raise InputError(f"--template-dir {template_dir}: not a directory")
    check_output(output, what="-o")
    check_output(key, what="--answers")
    from derive.docs.derivations import DERIVATIONS

    spec = DERIVATIONS.get(name)
    if k is None and spec is not None and spec.only_k is not None:
        k = spec.only_k
    chosen = notation_for(notation, {})
    student, key_data = generate_exercise(name, k, plant, seed, fmt, chosen, template_dir, title,
                                          author)
    write_output(output, student)
    write_output(key, key_data)
    click.echo(f"wrote {output} (student version) and {key} (answer key)", err=True)


def same_file_or_name(a: str, b: str) -> bool:
    """Whether two output paths name the same file (also before either exists)."""
    return Path(a).absolute() == Path(b).absolute() or same_file(a, b)

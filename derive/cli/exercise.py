"""`derive exercise`: a derivation with planted errors for students, and its answer key."""

from __future__ import annotations

from pathlib import Path

import click

from derive.cli.base import Command, InputError
from derive.docs.generate import MAX_DOC_K, generate_exercise, notation_for
from derive.io import write_output

FORMATS = ("tex", "md", "pdf", "html")


@click.command("exercise", cls=Command,
               short_help="Write an exercise with planted errors and its answer key.")
@click.argument("name")
@click.option("--k", "k", type=int, metavar="K", help="Number of classes (default: every K).")
@click.option("--plant", type=int, default=3, show_default=True, metavar="N",
              help="How many errors to plant (1..5, at most one per equation chain).")
@click.option("--seed", type=int, default=0, show_default=True,
              help="Chooses which steps and which slips.")
@click.option("--format", "fmt", type=click.Choice(FORMATS),
              help="Output format (default: from the -o extension).")
@click.option("-o", "--output", required=True, metavar="FILE",
              help="The student version.")
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
    out = Path(output)
    ext = out.suffix.lstrip(".")
    if fmt is None:
        if ext not in FORMATS:
            raise InputError(f"-o {output}: give --format or an extension among "
                             f"{', '.join(FORMATS)}")
        fmt = ext
    elif ext in FORMATS and ext != fmt:
        raise InputError(f"--format {fmt} contradicts the extension of -o {output}")
    if output == "-":
        raise InputError("-o -: an exercise is two files; give -o FILE")
    key = Path(answers) if answers else out.with_name(f"{out.stem}-answers{out.suffix}")
    if key.resolve() == out.resolve():
        raise InputError("the answer key and the student version must be different files")
    if k is not None and not 1 <= k <= MAX_DOC_K:
        raise InputError(f"--k {k}: K must be between 1 and {MAX_DOC_K} for a document")
    if template_dir is not None and not Path(template_dir).is_dir():
        raise InputError(f"--template-dir {template_dir}: not a directory")
    for p in (out, key):
        if p.is_dir():
            raise InputError(f"cannot write {p}: is a directory")
        if not p.parent.is_dir():
            raise InputError(f"cannot write {p}: {p.parent} is not a directory")
    from derive.docs.derivations import DERIVATIONS

    spec = DERIVATIONS.get(name)
    if k is None and spec is not None and spec.only_k is not None:
        k = spec.only_k
    chosen = notation_for(notation, {})
    student, key_data = generate_exercise(name, k, plant, seed, fmt, chosen, template_dir, title,
                                          author)
    write_output(str(out), student)
    write_output(str(key), key_data)
    click.echo(f"wrote {out} (student version) and {key} (answer key)", err=True)

"""`derive doc`: build verified derivations and write them as LaTeX, Markdown or PDF."""

from __future__ import annotations

import os
import sys
from functools import partial
from pathlib import Path

import click

from derive.cli.base import Command, InputError
from derive.cli.params import IntIn, Letter, refuse
from derive.docs.generate import (
    EXERCISES,
    MAX_DOC_K,
    TEXT_FORMATS,
    exercise_names,
    generate,
    generate_exercises,
    notation_for,
    output_names,
    standard_set,
)
from derive.errors import UserError
from derive.io import STDOUT, check_output, prepare_folder, write_output
from derive.parallel import fork_map, resolve_jobs

FORMAT_OF_SUFFIX = {".tex": "tex", ".ltx": "tex", ".md": "md", ".markdown": "md", ".pdf": "pdf",
                    ".html": "html", ".htm": "html"}


class LossLetter(Letter):
    """A loss letter: also ℓ (as \\ell)."""

    def convert(self, value, param, ctx):  # noqa: ANN001, ANN201
        return super().convert("ell" if value == "ℓ" else value, param, ctx)


def format_for(fmt: str | None, output: str) -> str:
    """The output format: --format, else the -o extension, else tex; a contradiction is an error."""
    suffix = Path(output).suffix.lower() if output != STDOUT else ""
    implied = FORMAT_OF_SUFFIX.get(suffix)
    if fmt is None:
        if implied is None and suffix and not os.path.exists(output):
            raise refuse(f"-o {output}: cannot tell the format from {suffix!r}: "
                         "give --format tex, md, pdf or html (or a .tex/.md/.pdf/.html name)")
        return implied or "tex"
    if implied is not None and implied != fmt:
        raise refuse(f"--format {fmt} contradicts -o {output} (a .{implied} name): "
                     "drop --format or rename the file")
    return fmt


def _check_folder(path: str) -> None:
    """The --all folder exists or can be created: its nearest existing ancestor is writable."""
    p = Path(path)
    if p.exists():
        if not p.is_dir():
            raise InputError(f"cannot write into {path}: it is a file, not a folder")
        if not os.access(p, os.W_OK | os.X_OK):
            raise InputError(f"cannot write into {path}: permission denied")
        return
    ancestor = p.absolute().parent
    while not ancestor.exists():
        ancestor = ancestor.parent
    if not ancestor.is_dir():
        raise InputError(f"cannot create the folder {path}: {ancestor} is a file")
    if not os.access(ancestor, os.W_OK | os.X_OK):
        raise InputError(f"cannot create the folder {path}: permission denied in {ancestor}")


@click.command("doc", cls=Command,
               short_help="Write verified step-by-step derivations (tex, md, pdf, html).")
@click.argument("name", required=False)
@click.option("--k", "k", type=IntIn(1, MAX_DOC_K, " for a document", noun="K "), metavar="K",
              help=f"Number of classes, 1..{MAX_DOC_K} (default: every K).")
@click.option("--all-k", is_flag=True, help="Every K at once, in index notation (the default).")
@click.option("--all", "all_docs", is_flag=True,
              help="The whole set (tex + md + html for K = 3 and every K, PDFs of the every-K "
                   "documents, two exercises with answer keys) into the folder -o (created if "
                   "missing).")
@click.option("--no-pdf", is_flag=True, help="With --all: skip the PDFs.")
@click.option("--format", "fmt", type=click.Choice(["tex", "md", "pdf", "html"]), default=None,
              help="Output format (default: from the -o extension, else tex).")
@click.option("-o", "--output", default=STDOUT, show_default=True, metavar="FILE|-|DIR",
              help="Output file, - for standard output, a folder with --all.")
@click.option("--template-dir", type=click.Path(file_okay=False), metavar="DIR",
              help="Templates here override the built-in ones by name (sandboxed).")
@click.option("--title", help="Document title (escaped; $…$ math allowed; {title} and {name} "
                               "stand for the document's own title and name, e.g. with --all).")
@click.option("--author", help="Author line (escaped).")
@click.option("--notation", type=click.Choice(["default", "blog"]), default="default",
              show_default=True, help="Letters: z,y,t,E,K or a,S,t,E,N.")
@click.option("--logits", type=Letter("logits"),
              help="Letter for the logits (one letter or a Greek name).")
@click.option("--outputs", type=Letter("outputs"), help="Letter for the softmax outputs.")
@click.option("--targets", type=Letter("targets"), help="Letter for the targets.")
@click.option("--loss", type=LossLetter("loss"),
              help="Letter for the cross-entropy loss (L and \\ell allowed).")
@click.option("--classes", type=Letter("classes"), help="Letter for the number of classes.")
@click.option("--verification", type=click.Choice(["table", "full", "none"]), default="table",
              show_default=True,
              help="How the document reports each step's verification: one compact table, a "
                   "sentence per step, or not at all.")
@click.option("--jobs", type=IntIn(0, 256), default=0, show_default=True,
              help="With --all: worker processes (0: one per CPU; 1: this process). The files "
                   "are the same for any number.")
def doc(name: str | None, k: int | None, all_k: bool, all_docs: bool, no_pdf: bool,
        fmt: str | None, output: str, template_dir: str | None, title: str | None,
        author: str | None, notation: str, logits: str | None, outputs: str | None,
        targets: str | None, loss: str | None, classes: str | None, verification: str,
        jobs: int) -> None:
    """Write a step-by-step derivation in which every step names its rule and is verified.

    NAME is one of: softmax-jacobian, cross-entropy-chain-rule, cross-entropy-log-sum-exp,
    softmax-backprop, softmax-sigmoid. Without --format the format follows the -o extension
    (.tex, .md, .pdf, .html); --format and a contradicting extension are an error. -o - writes to
    standard output. A step that fails verification stops the build: nothing is written.
    Exit status: 0 written, 2 bad input or an unverifiable document.
    """
    # every option and path is checked before any work
    if template_dir is not None and not Path(template_dir).is_dir():
        raise InputError(f"--template-dir {template_dir}: not a directory")
    if k is not None and all_k:
        raise InputError("--k and --all-k exclude each other")
    if all_docs:
        ignored = [opt for opt, given in (("NAME", name), ("--format", fmt), ("--k", k is not None),
                                          ("--all-k", all_k)) if given]
        if ignored:
            raise InputError(f"--all builds every derivation in every format: {ignored[0]} "
                             "is not used with it (leave it out)")
        if output == STDOUT:
            raise InputError("--all needs a folder: -o DIR")
        if title is not None and "{title}" not in title and "{name}" not in title:
            raise InputError("with --all, --title must contain {title} (each document's own "
                             "title) or {name}: otherwise every document gets the same title")
        _check_folder(output)
    else:
        if no_pdf:
            raise InputError("--no-pdf is used only with --all (leave it out, or give --all)")
        if not name:
            raise InputError("give a derivation NAME (see `derive doc --help`) or --all")
        fmt = format_for(fmt, output)
        check_output(output, what="-o")
        if output == STDOUT and fmt == "pdf" and sys.stdout.isatty():
            raise InputError("refusing to write a PDF to a terminal: use -o FILE.pdf")
    chosen = notation_for(notation, {"logits": logits, "outputs": outputs, "targets": targets,
                                     "loss": loss, "classes": classes})
    if all_docs:
        def document(doc_name: str, doc_k: int | None, pdf: bool) -> dict[str, bytes]:
            """The files of one document of the set."""
            formats = (*TEXT_FORMATS, "pdf") if pdf and not no_pdf else TEXT_FORMATS
            stem = output_names(doc_name, doc_k)
            made = generate(doc_name, doc_k, formats, chosen, template_dir, title, author,
                            verification)
            return {f"{stem}.{f}": data for f, data in made.items()}

        def exercise(ex_name: str, ex_k: int | None, plant: int, seed: int) -> dict[str, bytes]:
            """The files of one exercise and its answer key."""
            stem, key_stem = exercise_names(ex_name, ex_k)
            made = generate_exercises(ex_name, ex_k, plant, seed,
                                      (*TEXT_FORMATS, *(() if no_pdf else ("pdf",))), chosen,
                                      template_dir)
            return {name: data for f, (student, key) in made.items()
                    for name, data in ((f"{stem}.{f}", student), (f"{key_stem}.{f}", key))}

        tasks = [*(partial(document, *d) for d in standard_set()),
                 *(partial(exercise, *e) for e in EXERCISES)]
        parts = (fork_map(lambda task: task(), tasks, resolve_jobs(jobs))
                 or [task() for task in tasks])
        files = {name: data for part in parts for name, data in part.items()}
        prepare_folder(output)  # everything built and verified before the folder is made
        for fname, data in files.items():
            write_output(str(Path(output) / fname), data)
        click.echo(f"wrote {len(files)} files to {output}", err=True)
        return
    from derive.docs.derivations import DERIVATIONS

    spec = DERIVATIONS.get(name)  # type: ignore[arg-type]
    if k is None and spec is not None and spec.only_k is not None:
        k = spec.only_k
    assert fmt is not None
    try:
        data = generate(name, k, (fmt,), chosen, template_dir, title, author,  # type: ignore[arg-type]
                        verification)[fmt]
    except UserError as err:
        raise InputError(str(err)) from None
    write_output(output, data)

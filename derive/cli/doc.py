"""`derive doc`: build verified derivations and write them as LaTeX, Markdown or PDF."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from derive.cli.base import Command, InputError
from derive.docs.generate import (
    EXERCISES,
    MAX_DOC_K,
    TEXT_FORMATS,
    exercise_names,
    generate,
    generate_exercise,
    notation_for,
    output_names,
    standard_set,
)
from derive.io import write_output


def _check_dir(path: str) -> None:
    p = Path(path)
    if not p.is_dir():
        raise InputError(f"cannot write {path}: not a directory")
    if not os.access(p, os.W_OK):
        raise InputError(f"cannot write {path}: permission denied")


@click.command("doc", cls=Command,
               short_help="Write verified step-by-step derivations (tex, md, pdf, html).")
@click.argument("name", required=False)
@click.option("--k", "k", type=int, metavar="K", help="Number of classes (default: every K).")
@click.option("--all-k", is_flag=True, help="Every K at once, in index notation (the default).")
@click.option("--all", "all_docs", is_flag=True,
              help="The whole set (tex + md + html for K = 3 and every K, PDFs of the every-K "
                   "documents, exercises) into the folder -o.")
@click.option("--no-pdf", is_flag=True, help="With --all: skip the PDFs.")
@click.option("--format", "fmt", type=click.Choice(["tex", "md", "pdf", "html"]), default="tex",
              show_default=True, help="Output format.")
@click.option("-o", "--output", default="-", show_default=True, metavar="FILE|-|DIR",
              help="Output file, - for standard output, a folder with --all.")
@click.option("--template-dir", type=click.Path(file_okay=False), metavar="DIR",
              help="Templates here override the built-in ones by name (sandboxed).")
@click.option("--title", help="Document title (escaped; $…$ math allowed; {title} and {name} "
                               "stand for the document's own title and name, e.g. with --all).")
@click.option("--author", help="Author line (escaped).")
@click.option("--notation", type=click.Choice(["default", "blog"]), default="default",
              show_default=True, help="Letters: z,y,t,E,K or a,S,t,E,N.")
@click.option("--logits", help="Letter for the logits (one letter or a Greek name).")
@click.option("--outputs", help="Letter for the softmax outputs.")
@click.option("--targets", help="Letter for the targets.")
@click.option("--loss", help="Letter for the cross-entropy loss (L and ℓ allowed).")
@click.option("--classes", help="Letter for the number of classes.")
@click.option("--verification", type=click.Choice(["table", "full", "none"]), default="table",
              show_default=True,
              help="How the document reports each step's verification: one compact table, a "
                   "sentence per step, or not at all.")
def doc(name: str | None, k: int | None, all_k: bool, all_docs: bool, no_pdf: bool, fmt: str,
        output: str, template_dir: str | None, title: str | None, author: str | None,
        notation: str, logits: str | None, outputs: str | None, targets: str | None,
        loss: str | None, classes: str | None, verification: str) -> None:
    """Write a step-by-step derivation in which every step names its rule and is verified.

    NAME is one of: softmax-jacobian, cross-entropy-chain-rule, cross-entropy-log-sum-exp,
    softmax-backprop, softmax-sigmoid. A step that fails verification stops the build: nothing
    is written. Exit status: 0 written, 2 bad input or an unverifiable document.
    """
    if template_dir is not None and not Path(template_dir).is_dir():
        raise InputError(f"--template-dir {template_dir}: not a directory")
    chosen = notation_for(notation, {"logits": logits, "outputs": outputs, "targets": targets,
                                  "loss": loss, "classes": classes})
    if k is not None and all_k:
        raise InputError("--k and --all-k exclude each other")
    if k is not None and not 1 <= k <= MAX_DOC_K:
        raise InputError(f"--k {k}: K must be between 1 and {MAX_DOC_K} for a document")
    if all_docs:
        if name:
            raise InputError("--all builds every derivation: give no NAME")
        if title is not None and "{title}" not in title and "{name}" not in title:
            raise InputError("with --all, --title must contain {title} (each document's own "
                             "title) or {name}: otherwise every document gets the same title")
        if output == "-":
            raise InputError("--all needs a folder: -o DIR")
        _check_dir(output)
        files: dict[str, bytes] = {}
        for doc_name, doc_k, pdf in standard_set():
            formats = (*TEXT_FORMATS, "pdf") if pdf and not no_pdf else TEXT_FORMATS
            stem = output_names(doc_name, doc_k)
            made = generate(doc_name, doc_k, formats, chosen, template_dir, title, author,
                            verification)
            files.update({f"{stem}.{f}": data for f, data in made.items()})
        for ex_name, ex_k, plant, seed in EXERCISES:
            stem, key_stem = exercise_names(ex_name, ex_k)
            for f in (*TEXT_FORMATS, *(() if no_pdf else ("pdf",))):
                student, key = generate_exercise(ex_name, ex_k, plant, seed, f, chosen,
                                                 template_dir)
                files[f"{stem}.{f}"], files[f"{key_stem}.{f}"] = student, key
        for fname, data in files.items():  # everything built and verified before any write
            write_output(str(Path(output) / fname), data)
        click.echo(f"wrote {len(files)} files to {output}", err=True)
        return
    if not name:
        raise InputError("give a derivation NAME (see `derive doc --help`) or --all")
    from derive.docs.derivations import DERIVATIONS

    spec = DERIVATIONS.get(name)
    if k is None and spec is not None and spec.only_k is not None:
        k = spec.only_k
    if output != "-":
        parent = Path(output).parent
        if Path(output).is_dir():
            raise InputError(f"cannot write {output}: is a directory")
        _check_dir(str(parent))
    stdout = sys.stdout.buffer
    if output == "-" and fmt == "pdf" and stdout.isatty():
        raise InputError("refusing to write a PDF to a terminal: use -o FILE.pdf")
    data = generate(name, k, (fmt,), chosen, template_dir, title, author, verification)[fmt]
    if output == "-":
        if fmt == "pdf":
            stdout.write(data)
        else:
            click.echo(data.decode(), nl=False)
    else:
        write_output(output, data)

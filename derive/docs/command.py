"""`derive doc`: build verified derivations and write them as LaTeX, Markdown or PDF."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from derive.cli import InputError, write_atomic

MAX_DOC_K = 10  # concrete documents verify every index case exactly: cost grows as K² per step
REGENERATE = "derive doc --all -o outputs/"


def output_names(name: str, k: int | None) -> str:
    """File stem of a generated document: NAME-k3 or NAME-general."""
    return f"{name}-general" if k is None else f"{name}-k{k}"


def standard_set() -> list[tuple[str, int | None, bool]]:
    """(derivation, K, with PDF) for the committed outputs/: K = 3 and every K (PDF)."""
    from derive.docs.derivations import DERIVATIONS

    out: list[tuple[str, int | None, bool]] = []
    for spec in DERIVATIONS.values():
        if spec.only_k is not None:
            out.append((spec.name, spec.only_k, True))
        else:
            out += [(spec.name, 3, False), (spec.name, None, True)]
    return out


def generate(name: str, k: int | None, formats: tuple[str, ...], notation: object = None,
             template_dir: str | None = None, title: str | None = None,
             author: str | None = None) -> dict[str, bytes]:
    """Build, verify and print one derivation: {format: file content}; InputError on failure."""
    from derive.docs.derivations import UnknownDerivationError, build
    from derive.docs.render import RenderError, compile_pdf, render
    from derive.docs.steps import StepError

    try:
        derivation = build(name, k, notation)  # type: ignore[arg-type]
    except UnknownDerivationError as err:
        raise InputError(str(err)) from None
    except StepError as err:
        raise InputError(f"{name}: unverified step, document not built: {err}") from None
    out: dict[str, bytes] = {}
    try:
        texts = {f: render(derivation, f, template_dir, title, author)
                 for f in ("tex", "md") if f in formats or (f == "tex" and "pdf" in formats)}
        for f in ("tex", "md"):
            if f in formats:
                out[f] = texts[f].encode()
        if "pdf" in formats:
            out["pdf"] = compile_pdf(texts["tex"])
    except RenderError as err:
        raise InputError(str(err)) from None
    return out


def _notation(preset: str, overrides: dict[str, str | None]) -> object:
    from derive.docs.symbols import RESERVED
    from derive.notation import PRESETS, NotationError

    try:
        notation = PRESETS[preset].with_overrides(**overrides)
    except NotationError as err:
        raise InputError(str(err)) from None
    for role in ("logits", "outputs", "targets", "loss", "classes"):
        if getattr(notation, role).lstrip("\\") in RESERVED:
            raise InputError(f"invalid symbol name for {role}: {getattr(notation, role)!r} is "
                             f"reserved in documents (indices i, j, k, l; e; L; J; delta; sigma)")
    return notation


def _check_dir(path: str) -> None:
    p = Path(path)
    if not p.is_dir():
        raise InputError(f"cannot write {path}: not a directory")
    if not os.access(p, os.W_OK):
        raise InputError(f"cannot write {path}: permission denied")


@click.command("doc", short_help="Write verified step-by-step derivations (tex, md, pdf).")
@click.argument("name", required=False)
@click.option("--k", "k", type=int, metavar="K", help="Number of classes (default: every K).")
@click.option("--all-k", is_flag=True, help="Every K at once, in index notation (the default).")
@click.option("--all", "all_docs", is_flag=True,
              help="The whole set (tex + md for K = 3 and every K, PDFs of the every-K "
                   "documents) into the folder -o.")
@click.option("--no-pdf", is_flag=True, help="With --all: skip the PDFs.")
@click.option("--format", "fmt", type=click.Choice(["tex", "md", "pdf"]), default="tex",
              show_default=True, help="Output format.")
@click.option("-o", "--output", default="-", show_default=True, metavar="FILE|-|DIR",
              help="Output file, - for standard output, a folder with --all.")
@click.option("--template-dir", type=click.Path(file_okay=False), metavar="DIR",
              help="Templates here override the built-in ones by name (sandboxed).")
@click.option("--title", help="Document title (escaped).")
@click.option("--author", help="Author line (escaped).")
@click.option("--notation", type=click.Choice(["default", "blog"]), default="default",
              show_default=True, help="Letters: z,y,t,E,K or a,S,t,E,N.")
@click.option("--logits", help="Letter for the logits (one letter or a Greek name).")
@click.option("--outputs", help="Letter for the softmax outputs.")
@click.option("--targets", help="Letter for the targets.")
@click.option("--loss", help="Letter for the cross-entropy loss.")
@click.option("--classes", help="Letter for the number of classes.")
def doc(name: str | None, k: int | None, all_k: bool, all_docs: bool, no_pdf: bool, fmt: str,
        output: str, template_dir: str | None, title: str | None, author: str | None,
        notation: str, logits: str | None, outputs: str | None, targets: str | None,
        loss: str | None, classes: str | None) -> None:
    """Write a step-by-step derivation in which every step names its rule and is verified.

    NAME is one of: softmax-jacobian, cross-entropy-chain-rule, cross-entropy-log-sum-exp,
    softmax-backprop, softmax-sigmoid. A step that fails verification stops the build: nothing
    is written. Exit status: 0 written, 2 bad input or an unverifiable document.
    """
    if template_dir is not None and not Path(template_dir).is_dir():
        raise InputError(f"--template-dir {template_dir}: not a directory")
    chosen = _notation(notation, {"logits": logits, "outputs": outputs, "targets": targets,
                                  "loss": loss, "classes": classes})
    if k is not None and all_k:
        raise InputError("--k and --all-k exclude each other")
    if k is not None and not 1 <= k <= MAX_DOC_K:
        raise InputError(f"--k {k}: K must be between 1 and {MAX_DOC_K} for a document")
    if all_docs:
        if name:
            raise InputError("--all builds every derivation: give no NAME")
        if output == "-":
            raise InputError("--all needs a folder: -o DIR")
        _check_dir(output)
        files: dict[str, bytes] = {}
        for doc_name, doc_k, pdf in standard_set():
            formats = ("tex", "md", "pdf") if pdf and not no_pdf else ("tex", "md")
            stem = output_names(doc_name, doc_k)
            made = generate(doc_name, doc_k, formats, chosen, template_dir, title, author)
            files.update({f"{stem}.{f}": data for f, data in made.items()})
        for fname, data in files.items():  # everything built and verified before any write
            write_atomic(str(Path(output) / fname), data)
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
    data = generate(name, k, (fmt,), chosen, template_dir, title, author)[fmt]
    if output == "-":
        if fmt == "pdf":
            stdout.write(data)
        else:
            click.echo(data.decode(), nl=False)
    else:
        write_atomic(output, data)

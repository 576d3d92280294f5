"""Build, verify and print derivation documents: the library side of `derive doc`."""

from __future__ import annotations

from derive.errors import UserError

TEXT_FORMATS = ("tex", "md", "html")  # every committed document exists in each of these
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
             author: str | None = None, verification: str = "table") -> dict[str, bytes]:
    """Build, verify and print one derivation: {format: file content}; UserError on failure."""
    from derive.docs.derivations import UnknownDerivationError, build
    from derive.docs.steps import StepError
    from derive.docs.worked import ExampleError

    try:
        derivation = build(name, k, notation)  # type: ignore[arg-type]
    except UnknownDerivationError as err:
        raise UserError(str(err)) from None
    except StepError as err:
        raise UserError(f"{name}: unverified step, document not built: {err}") from None
    except ExampleError as err:
        raise UserError(f"{name}: {err}; document not built") from None
    return print_formats(derivation, formats, template_dir, own_title(title, derivation),
                         author, verification)


TITLE_FIELDS = ("{title}", "{name}")


def own_title(title: str | None, derivation: object) -> str | None:
    """--title with {title} (the document's own title) and {name} (its name) filled in."""
    if title is None or not any(f in title for f in TITLE_FIELDS):
        return title
    from derive.docs.render import tex_escape

    own = derivation.title  # type: ignore[attr-defined]
    tex_escape(own.replace("$", ""))  # the built-in titles are plain text with $…$ math
    return title.replace("{title}", own).replace("{name}",
                                                 derivation.name)  # type: ignore[attr-defined]


def print_formats(derivation: object, formats: tuple[str, ...], template_dir: str | None = None,
                  title: str | None = None, author: str | None = None,
                  verification: str = "table") -> dict[str, bytes]:
    """A built derivation in each of `formats` (tex, md, pdf, html); UserError on failure."""
    from derive.docs.html import AssetError
    from derive.docs.render import RenderError, compile_pdf, render

    out: dict[str, bytes] = {}
    try:
        texts = {f: render(derivation, f, template_dir, title, author,  # type: ignore[arg-type]
                           verification)
                 for f in ("tex", "md", "html")
                 if f in formats or (f == "tex" and "pdf" in formats)}
        for f in ("tex", "md", "html"):
            if f in formats:
                out[f] = texts[f].encode()
        if "pdf" in formats:
            out["pdf"] = compile_pdf(texts["tex"])
    except (RenderError, AssetError) as err:
        raise UserError(str(err)) from None
    return out


def notation_for(preset: str, overrides: dict[str, str | None]) -> object:
    """The preset with the overrides; UserError for a bad or reserved letter (ℓ is \\ell)."""
    from derive.docs.symbols import RESERVED
    from derive.math.notation import PRESETS, NotationError

    overrides = {k: ("ell" if v in ("ℓ", "\\ell") else v) for k, v in overrides.items()}
    try:
        notation = PRESETS[preset].with_overrides(**overrides)
    except NotationError as err:
        raise UserError(str(err)) from None
    for role in ("logits", "outputs", "targets", "loss", "classes"):
        name = getattr(notation, role).lstrip("\\")
        if name in RESERVED - ALLOWED_LOSS_LETTERS or (name in RESERVED and role != "loss"):
            raise UserError(f"invalid symbol name for {role}: {getattr(notation, role)!r} is "
                             f"reserved in documents (indices i, j, k, l; e; J; delta; sigma; "
                             f"L except as the loss)")
    return notation


# The cross-entropy letter may be L: the documents' generic loss L is a different object that
# appears only in softmax-backprop, which never prints the cross-entropy.
ALLOWED_LOSS_LETTERS = frozenset({"L"})


def generate_exercise(name: str, k: int | None, plant: int, seed: int, fmt: str,
                      notation: object = None, template_dir: str | None = None,
                      title: str | None = None, author: str | None = None) -> tuple[bytes, bytes]:
    """(student version, answer key) of derivation `name` with `plant` planted errors."""
    return generate_exercises(name, k, plant, seed, (fmt,), notation, template_dir, title,
                              author)[fmt]


def generate_exercises(name: str, k: int | None, plant: int, seed: int, formats: tuple[str, ...],
                       notation: object = None, template_dir: str | None = None,
                       title: str | None = None, author: str | None = None,
                       ) -> dict[str, tuple[bytes, bytes]]:
    """{format: (student version, answer key)}: the exercise is built and verified once."""
    from derive.docs.derivations import UnknownDerivationError, build
    from derive.docs.exercise import ExerciseError, command, make_exercise, print_exercise
    from derive.docs.html import AssetError
    from derive.docs.render import RenderError, compile_pdf
    from derive.docs.steps import StepError
    from derive.docs.worked import ExampleError

    try:
        derivation = build(name, k, notation)  # type: ignore[arg-type]
        ex = make_exercise(derivation, plant, seed)
        out: dict[str, tuple[bytes, bytes]] = {}
        for fmt in formats:
            text_fmt = "tex" if fmt == "pdf" else fmt
            student, key = print_exercise(ex, text_fmt, command(ex, plant, seed), template_dir,
                                          title, author)
            out[fmt] = ((compile_pdf(student), compile_pdf(key)) if fmt == "pdf"
                        else (student.encode(), key.encode()))
        return out
    except (UnknownDerivationError, ExerciseError, RenderError, AssetError) as err:
        raise UserError(str(err)) from None
    except (StepError, ExampleError) as err:
        raise UserError(f"{name}: unverified step, exercise not built: {err}") from None


# Exercises committed in outputs/: (derivation, K, planted errors, seed).
EXERCISES: tuple[tuple[str, int | None, int, int], ...] = (
    ("softmax-jacobian", 3, 3, 1),
    ("cross-entropy-chain-rule", 3, 3, 1),
)


def exercise_names(name: str, k: int | None) -> tuple[str, str]:
    """File stems of a committed exercise and its answer key."""
    stem = f"exercise-{output_names(name, k)}"
    return stem, f"{stem}-answers"

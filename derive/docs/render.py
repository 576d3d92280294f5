"""Print verified derivations through Jinja2 templates (LaTeX, Markdown) and compile PDFs.

Templates see plain data only (strings, numbers, lists, dicts), never Python objects, and are
rendered in a `SandboxedEnvironment` with a time budget, loading only regular files inside the
template folders; pdflatex runs confined to its folder. User text is escaped here for the format.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import stat
import subprocess
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import jinja2
from jinja2.loaders import split_template_path
from jinja2.sandbox import SandboxedEnvironment
from markupsafe import Markup

from derive.math.model import SUM_TARGETS_ONE
from derive.math.notation import GREEK
from derive.math.tolerance import shown_excess

from .steps import RULES, Chain, Derivation, Step
from .symbols import to_latex

FORMATS = ("tex", "md", "html")
PDFLATEX_HINT = (
    "pdflatex not found: install TeX Live (Debian/Ubuntu: "
    "apt-get install -y --no-install-recommends texlive-latex-base)"
)


RENDER_SECONDS = 10.0  # time budget for rendering one document's templates
MAX_RANGE = 10_000  # the largest range() a template may build
MAX_TEMPLATE_BYTES = 1_000_000  # a template file larger than this is refused


class RenderError(ValueError):
    """A template that cannot be loaded or rendered, or a PDF that does not compile."""


class RenderTimeout(RenderError):
    """Rendering ran past RENDER_SECONDS."""


class ConfinedLoader(jinja2.BaseLoader):
    """Load only regular files that are inside one of the folders once symlinks are resolved."""

    def __init__(self, folders: list[Path]) -> None:
        self.folders = [Path(f).resolve() for f in folders]

    def get_source(self, environment: jinja2.Environment,
                   template: str) -> tuple[str, str, Callable[[], bool]]:
        pieces = split_template_path(template)  # refuses '..' with TemplateNotFound
        for root in self.folders:
            candidate = root.joinpath(*pieces)
            if not os.path.lexists(candidate):
                continue
            real = candidate.resolve()
            if not real.is_relative_to(root):
                raise RenderError(f"template {template}: a link that leaves the template "
                                  f"folder is refused")
            return self._read(template, real)
        raise jinja2.TemplateNotFound(template)

    @staticmethod
    def _read(template: str, real: Path) -> tuple[str, str, Callable[[], bool]]:
        try:
            fd = os.open(real, os.O_RDONLY | os.O_NONBLOCK | os.O_NOFOLLOW)
        except OSError as err:
            raise RenderError(f"template {template}: cannot read ({err.strerror})") from None
        with os.fdopen(fd, "rb") as fh:
            info = os.fstat(fh.fileno())
            if not stat.S_ISREG(info.st_mode):
                raise RenderError(f"template {template}: not a regular file")
            if info.st_size > MAX_TEMPLATE_BYTES:
                raise RenderError(f"template {template}: larger than {MAX_TEMPLATE_BYTES} bytes")
            data = fh.read(MAX_TEMPLATE_BYTES + 1)
        try:
            source = data.decode("utf-8")
        except UnicodeDecodeError:
            raise RenderError(f"template {template}: not UTF-8 text") from None
        mtime = info.st_mtime
        return source, str(real), lambda: real.is_file() and real.stat().st_mtime == mtime


class _Deadline:
    """The end of the render budget; `check` raises RenderTimeout once it has passed."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.end = time.monotonic() + seconds

    def check(self) -> None:
        if time.monotonic() > self.end:
            raise RenderTimeout(f"template rendering stopped: over the {self.seconds:g} s "
                                f"time budget")


class BudgetedSandbox(SandboxedEnvironment):
    """Jinja2's sandbox with a render deadline checked at every call, attribute and range step."""

    deadline: _Deadline | None = None

    def _tick(self) -> None:
        if self.deadline is not None:
            self.deadline.check()

    def call(self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        self._tick()
        return super().call(__context, __obj, *args, **kwargs)

    def getattr(self, obj: Any, attribute: str) -> Any:
        self._tick()
        return super().getattr(obj, attribute)

    def getitem(self, obj: Any, argument: Any) -> Any:
        self._tick()
        return super().getitem(obj, argument)

    def budget_range(self, *args: int) -> Iterator[int]:
        """range(...) of at most MAX_RANGE items, checking the deadline as it goes."""
        r = range(*args)
        if len(r) > MAX_RANGE:
            raise RenderError(f"template range of {len(r)} items refused (at most {MAX_RANGE})")
        return self._stepping(r)

    def _stepping(self, r: range) -> Iterator[int]:
        for n, v in enumerate(r):
            if n % 256 == 0:
                self._tick()
            yield v


def _run_with_deadline(env: BudgetedSandbox, seconds: float, work: Callable[[], str]) -> str:
    """work() under a deadline: SIGALRM interrupts it in the main thread, hooks everywhere."""
    env.deadline = _Deadline(seconds)
    main = threading.current_thread() is threading.main_thread()
    previous: Any = None
    if main:
        def alarm(signum: int, frame: Any) -> None:  # noqa: ARG001
            raise RenderTimeout(f"template rendering stopped: over the {seconds:g} s "
                                f"time budget")
        previous = signal.signal(signal.SIGALRM, alarm)
        signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        return work()
    finally:
        if main:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)
        env.deadline = None


def template_dirs() -> list[Path]:
    """Built-in template folders: the checkout's templates/ or the wheel's derive/templates."""
    here = Path(__file__).resolve().parent.parent  # the derive package
    candidates = [here / "templates", here.parent / "templates"]
    found = [p for p in candidates if (p / "derivation.tex.j2").is_file()]
    if not found:
        raise RenderError("built-in templates not found (expected derive/templates or templates/)")
    return found[:1]


_TEX_SPECIAL = {
    "\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "$": r"\$", "&": r"\&", "#": r"\#",
    "^": r"\textasciicircum{}", "_": r"\_", "%": r"\%", "~": r"\textasciitilde{}",
    "<": r"\textless{}", ">": r"\textgreater{}", "|": r"\textbar{}",
}
_TEX_UNICODE = {
    "Σ": r"\ensuremath{\Sigma}", "δ": r"\ensuremath{\delta}", "σ": r"\ensuremath{\sigma}",
    "≡": r"\ensuremath{\equiv}", "≠": r"\ensuremath{\neq}", "≤": r"\ensuremath{\leq}",
    "≥": r"\ensuremath{\geq}", "∂": r"\ensuremath{\partial}", "·": r"\ensuremath{\cdot}",
    "×": r"\ensuremath{\times}", "−": "-", "–": "--", "—": "---", "…": r"\dots{}",
    "“": "``", "”": "''", "‘": "`", "’": "'", "²": r"\ensuremath{^2}", "½": r"\ensuremath{\frac12}",
}


def is_cjk(ch: str) -> bool:
    """Chinese/Japanese characters the CJK package's gbsn font shows (ideographs, kana, CJK
    punctuation, full-width forms)."""
    o = ord(ch)
    return (0x3000 <= o <= 0x30FF or 0x3400 <= o <= 0x4DBF or 0x4E00 <= o <= 0x9FFF
            or 0xF900 <= o <= 0xFAFF or 0xFF00 <= o <= 0xFFEF)


def needs_cjk(*texts: str | None) -> bool:
    """Whether any of the texts holds a CJK character (the PDF then uses the CJK package)."""
    return any(is_cjk(ch) for t in texts if t for ch in t)


def tex_escape(text: str) -> str:
    """Plain text → LaTeX text: specials escaped, known symbols mapped, CJK kept (the document
    then loads the CJK package); any other character a PDF font cannot show is a RenderError."""
    out = []
    for ch in text:
        if ch in _TEX_SPECIAL:
            out.append(_TEX_SPECIAL[ch])
        elif ch in _TEX_UNICODE:
            out.append(_TEX_UNICODE[ch])
        elif ch in "\n\r\t":
            out.append(" ")
        elif ord(ch) < 32 or 127 <= ord(ch) < 160:
            out.append(" ")
        elif ord(ch) > 255 and not is_cjk(ch):
            raise RenderError(
                f"{ch!r} (U+{ord(ch):04X}) cannot be typeset in the PDF: titles and authors may "
                f"use Latin-1, common math symbols and Chinese/Japanese (CJK package)")
        else:
            out.append(ch)
    return "".join(out)


def md_escape(text: str) -> str:
    """Plain text → Markdown text: Markdown/HTML specials and $ escaped, one line."""
    out = []
    for ch in " ".join(text.split()):
        if ch in "\\`*_{}[]()#+-!|$~":
            out.append("\\" + ch)
        elif ch in "<>&":
            out.append({"<": "&lt;", ">": "&gt;", "&": "&amp;"}[ch])
        else:
            out.append(ch)
    return "".join(out)


def _condition_latex(derivation: Derivation, name: str) -> str:
    c = derivation.ctx
    if name == SUM_TARGETS_ONE:
        return to_latex(c, c.sum(lambda k: c.t[k])) + " = 1"
    raise RenderError(f"no wording for condition {name!r}")


# Backslash-punctuation that GitHub strips in inline math: spacing becomes a plain space (math
# spacing is then TeX's own), braces and bars become word commands KaTeX and MathJax both read.
_MD_PUNCT = {",": " ", ";": " ", ":": " ", "!": " ", " ": " ",
             "{": r"\lbrace ", "}": r"\rbrace ", "|": r"\Vert "}
_MD_PUNCT_RE = re.compile(r"(?<!\\)((?:\\\\)*)\\([,;:!{} |])")


def md_math(latex: str) -> str:
    r"""LaTeX for Markdown/HTML: `\,` `\{` `\}` and other backslash-punctuation as word commands."""
    return _MD_PUNCT_RE.sub(lambda m: m.group(1) + _MD_PUNCT[m.group(2)], latex)


def _spaced(latex: str) -> str:
    r"""Matrices get row spacing (fractions in adjacent rows must not touch)."""
    if "\\begin{pmatrix}" not in latex:
        return latex
    return latex.replace(" \\\\ ", " \\\\[6pt] ")


def _text_in_math(text: str, fmt: str) -> str:
    """Plain text for \\text{…}: LaTeX-escaped for tex, brace-free for KaTeX."""
    if fmt == "tex":
        return tex_escape(text)
    return "".join(ch for ch in text if ch not in "\\{}$%&#_^~")


def says_math(text: str, fmt: str) -> str:
    """Prose with $…$ math → one \\text{…} note for the label column (math inline in it), so
    readers such as `derive check` see a row note, not a relation."""
    out = []
    for n, piece in enumerate(text.split("$")):
        if n % 2:
            out.append("$" + piece + "$")
        elif piece:
            out.append(_text_in_math(piece, fmt))
    body = "".join(out)
    return f"\\text{{\\small{{}}{body}}}" if fmt == "tex" else f"\\text{{{body}}}"


def _method(step: Step) -> str:
    """Short name of the exact check: every K (δ cases) or K = n with its case count."""
    v = step.verification
    used = ", $\\sum t = 1$" if SUM_TARGETS_ONE in step.conditions else ""
    if v.exact.startswith("symbolic K"):
        return "symbolic" + used
    m = re.search(r"all (\d+) (?:index cases|entries)", v.exact)
    cases = m.group(1) if m else ("1" if "single case" in v.exact else "")
    if not cases:
        return "exact" + used
    return f"exact, {cases} case{'s' if cases != '1' else ''}" + used


VERIFICATION_MODES = ("table", "full", "none")


def _step_view(d: Derivation, step: Step, number: int, fmt: str, last_boxed: bool) -> dict:
    spaced = _spaced if fmt == "tex" else str
    v = step.verification
    conditions = [_condition_latex(d, n) for n in step.conditions]
    says = step.says or RULES[step.rule].words
    says_m = says_math(says, fmt)
    if conditions:
        says = says + ", using " + ", ".join(f"${c}$" for c in conditions)
        says_m = says_math(says, fmt)
    note = says_math(f"({number}) {says}", fmt)  # one row note: number and what the step does
    after = spaced(to_latex(d.ctx, step.after))
    return {
        "number": number,
        "label": f"({number})",
        "before": spaced(to_latex(d.ctx, step.before)),
        "after": after,
        "shown": f"\\boxed{{{after}}}" if last_boxed else after,
        "boxed": last_boxed,
        "mark": "✓",
        "rule": step.rule,
        "rule_text": RULES[step.rule].words,
        "rule_formula": RULES[step.rule].formula,
        "says": says,
        "says_math": says_m,
        "note": note,
        "conditions": conditions,
        "exact": v.exact,
        "method": _method(step),
        "k_covered": ("all; " + ", ".join(map(str, v.witness_ks))
                      if v.exact.startswith("symbolic K") else ", ".join(map(str, v.witness_ks))),
        "witness_ks": list(v.witness_ks),
        "witness_cases": v.witness_cases,
        "witness_points": v.witness_points,
        "max_excess": tex_escape(shown_excess(v.max_excess)) if fmt == "tex"
        else shown_excess(v.max_excess),
    }


def _math_fields(obj: Any) -> Any:
    """Apply md_math to every string of a view (prose math and formulas alike)."""
    if isinstance(obj, str):
        return md_math(obj)
    if isinstance(obj, list):
        return [_math_fields(x) for x in obj]
    if isinstance(obj, dict):
        return {k: (v if k in ("title", "author", "command", "name") else _math_fields(v))
                for k, v in obj.items()}
    return obj


def view(d: Derivation, fmt: str, title: str | None = None,
         author: str | None = None, verification: str = "table") -> dict[str, Any]:
    """Everything a template may print, as plain data; user text escaped for `fmt`."""
    if verification not in VERIFICATION_MODES:
        raise RenderError(f"unknown verification mode {verification!r}")
    number = 0
    sections = []
    spaced = _spaced if fmt == "tex" else str
    for sec in d.sections:
        chains = []
        for chain in sec.chains:
            steps = []
            for n, step in enumerate(chain.steps):
                number += 1
                boxed = chain.boxed and n == len(chain.steps) - 1
                steps.append(_step_view(d, step, number, fmt, boxed))
            chains.append({"start": spaced(to_latex(d.ctx, chain.start)), "steps": steps,
                           "boxed": chain.boxed,
                           "distinct": [f"{a} \\neq {b}" for a, b in chain.distinct]})
        sections.append({"title": sec.title, "intro": list(sec.intro), "chains": chains,
                         "outro": list(sec.outro), "display": [spaced(x) for x in sec.display]})
    k_text = f"K = {d.k}" if d.k is not None else f"every K (index notation, {d.notation.classes})"
    n = d.notation
    out = {
        "name": d.name,
        "command": f"derive doc {d.name}" + (f" --k {d.k}" if d.k is not None else ""),
        "title": title_text(title, fmt) if title else d.title,
        "author": title_text(author, fmt) if author else "",
        "k": d.k,
        "k_text": k_text,
        "classes": to_latex(d.ctx, d.ctx.K),
        "notation": {role: n.latex(role) for role in
                     ("logits", "outputs", "targets", "loss", "classes")},
        "definitions": list(d.definitions),
        "conditions": list(d.conditions),
        "sections": sections,
        "step_count": number,
        "rules": {k: r.words for k, r in RULES.items()},
        "rule_formulas": {k: r.formula for k, r in RULES.items()},
        "verification": verification,
        "instructions": [],
        "cjk": needs_cjk(title, author),
        "steps": [s for sec in sections for ch in sec["chains"] for s in ch["steps"]],
    }
    if fmt == "tex":
        return out
    out = _math_fields(out)
    if fmt == "html":
        from .html import RENDER_SCRIPT, katex_assets, plain, prose

        css, js = katex_assets()
        out["title_plain"] = plain(title) if title else plain(d.title)
        out["title"] = out["title"] if title else prose(out["title"])
        out.update(katex_css=css, katex_js=js, render_script=RENDER_SCRIPT)
    return out


# Math a title may hold: these commands and plain characters, braces balanced, nothing that
# reads files, defines macros or changes catcodes.
TITLE_COMMANDS = frozenset(
    GREEK | {"nabla", "partial", "sum", "prod", "int", "frac", "dfrac", "tfrac", "sqrt", "cdot",
             "times", "top", "mathsf", "mathbf", "mathrm", "mathcal", "mathbb", "operatorname",
             "ln", "log", "exp", "sin", "cos", "tanh", "ell", "infty", "in", "leq", "geq", "neq",
             "approx", "to", "mid", "odot", "otimes", "left", "right", "langle", "rangle", "dots",
             "ldots", "cdots", "hat", "bar", "tilde", "vec", "prime", "quad", "lVert",
             "rVert", "Vert", "le", "ge", "ne"})
_TITLE_MATH_CHARS = re.compile(r"[A-Za-z0-9 _^{}()\[\]+\-=*/,.'|<>!:;]*\Z")
_COMMAND = re.compile(r"\\([A-Za-z]+|.)")
MAX_TITLE = 300


def title_math(latex: str) -> str:
    """latex if it is safe title math (whitelisted commands, balanced braces); else RenderError."""
    plain = _COMMAND.sub(" ", latex)
    for m in _COMMAND.finditer(latex):
        if m.group(1) not in TITLE_COMMANDS:
            raise RenderError(f"title math may not use \\{m.group(1)} (allowed: Greek letters, "
                              f"\\nabla, \\partial, \\frac, \\sum, \\mathbf, … )")
    if not _TITLE_MATH_CHARS.match(plain):
        bad = next(ch for ch in plain if not _TITLE_MATH_CHARS.match(ch))
        raise RenderError(f"title math may not contain {bad!r}")
    depth = 0
    for ch in plain:
        depth += {"{": 1, "}": -1}.get(ch, 0)
        if depth < 0:
            break
    if depth != 0:
        raise RenderError("title math has unbalanced braces")
    return latex


def title_text(text: str, fmt: str) -> str:
    """User text (title, author) for `fmt`: escaped, with $…$ math kept when it is safe."""
    if len(text) > MAX_TITLE:
        raise RenderError(f"title longer than {MAX_TITLE} characters")
    pieces = text.split("$")
    if len(pieces) % 2 == 0:  # an odd number of $: no math, every $ is text
        pieces = [text]
    for n in range(1, len(pieces), 2):
        title_math(pieces[n])
    if fmt == "html":
        from .html import prose

        return prose(text)

    def escape(piece: str) -> str:
        if fmt == "tex":
            return tex_escape(piece)
        body = md_escape(piece)  # one line; keep the spaces around the math
        lead = " " if piece[:1].isspace() and body else ""
        trail = " " if piece[-1:].isspace() and body else ""
        return lead + body + trail

    out = []
    for n, piece in enumerate(pieces):
        out.append(escape(piece) if n % 2 == 0 else
                   "$" + (piece if fmt == "tex" else md_math(piece)) + "$")
    return "".join(out)


_BUILT_IN: dict[str, BudgetedSandbox] = {}  # per format: compiled built-in templates, reused


def environment(fmt: str, template_dir: str | None = None) -> BudgetedSandbox:
    """A sandboxed environment for `fmt`; `template_dir` overrides built-in templates by name.

    Without a template folder the environment (and the templates it compiled) is made once per
    format and process; a user's folder gets a fresh environment each time."""
    if template_dir is None:
        if fmt not in _BUILT_IN:
            _BUILT_IN[fmt] = _environment(fmt, None)
        return _BUILT_IN[fmt]
    return _environment(fmt, template_dir)


def _environment(fmt: str, template_dir: str | None) -> BudgetedSandbox:
    dirs = ([Path(template_dir)] if template_dir else []) + template_dirs()
    options: dict[str, Any] = {
        "loader": ConfinedLoader(dirs),
        "undefined": jinja2.StrictUndefined,
        "autoescape": False,
        "keep_trailing_newline": True,
        "trim_blocks": True,
        "lstrip_blocks": True,
    }
    if fmt == "html":
        options["autoescape"] = True
    if fmt == "tex":
        options.update(
            block_start_string="((*", block_end_string="*))",
            variable_start_string="(((", variable_end_string=")))",
            comment_start_string="((=", comment_end_string="=))",
            line_statement_prefix=None, line_comment_prefix=None,
        )
    env = BudgetedSandbox(**options)
    env.globals["range"] = env.budget_range
    if fmt == "html":
        from .html import math_span, prose

        env.filters["prose"] = prose
        env.globals["math"] = lambda latex, display=False: Markup(math_span(latex, display))
    return env


def render(d: Derivation, fmt: str, template_dir: str | None = None, title: str | None = None,
           author: str | None = None, verification: str = "table") -> str:
    """The document text in `fmt` (tex or md); RenderError on any template problem."""
    if fmt not in FORMATS:
        raise RenderError(f"unknown format {fmt!r}")
    names = [f"{d.name}.{fmt}.j2", f"derivation.{fmt}.j2"]
    return render_view(view(d, fmt, title, author, verification), fmt, names, template_dir)


def render_view(data: dict[str, Any], fmt: str, names: list[str],
                template_dir: str | None = None) -> str:
    """The first of the template `names` found, rendered with `data` in the sandbox."""
    env = environment(fmt, template_dir)
    try:
        return _run_with_deadline(env, RENDER_SECONDS,
                                  lambda: env.select_template(names).render(data))
    except RenderError:
        raise
    except RecursionError:
        raise RenderError("template failed: recursion too deep") from None
    except jinja2.TemplateSyntaxError as err:
        where = f"{Path(err.filename or err.name or '?').name}, line {err.lineno}"
        raise RenderError(f"template syntax error in {where}: {err.message}") from None
    except jinja2.exceptions.SecurityError as err:
        raise RenderError(f"template refused by the sandbox: {err}") from None
    except jinja2.TemplateNotFound as err:
        raise RenderError(f"template not found: {err}") from None
    except jinja2.TemplateError as err:
        raise RenderError(f"template error: {type(err).__name__}: {err}") from None
    except Exception as err:  # noqa: BLE001 - any template failure is bad input
        raise RenderError(f"template failed: {type(err).__name__}: {err}") from None


# pdflatex reads and writes only inside its working folder (no absolute paths, no '..', no
# dot files) and runs no program; dates are fixed so PDFs are reproducible.
PDFLATEX_ENV = {"openin_any": "p", "openout_any": "p", "shell_escape": "f",
                "SOURCE_DATE_EPOCH": "0", "FORCE_SOURCE_DATE": "1"}


CJK_HINT = ("a Chinese/Japanese title needs the LaTeX CJK package and its gbsn font "
            "(Debian/Ubuntu: apt-get install -y --no-install-recommends latex-cjk-chinese "
            "latex-cjk-chinese-arphic-gbsn00lp)")


def _has_tex_file(pdflatex_exe: str, name: str) -> bool:
    """Whether TeX finds `name` (kpsewhich beside pdflatex)."""
    kpse = Path(pdflatex_exe).with_name("kpsewhich")
    exe = str(kpse) if kpse.exists() else shutil.which("kpsewhich")
    if not exe:
        return True  # cannot tell: let pdflatex say
    proc = subprocess.run([exe, name], capture_output=True, text=True, timeout=30, check=False)
    return proc.returncode == 0 and bool(proc.stdout.strip())


def pdflatex() -> str:
    """Path to pdflatex, or RenderError with how to install it."""
    exe = shutil.which("pdflatex")
    if not exe:
        raise RenderError(PDFLATEX_HINT)
    return exe


def compile_pdf(tex: str, timeout: float = 120.0) -> bytes:
    """Compile LaTeX source in a temporary folder (no shell escape); the PDF bytes."""
    exe = pdflatex()
    if "\\usepackage{CJKutf8}" in tex and not _has_tex_file(exe, "CJKutf8.sty"):
        raise RenderError(CJK_HINT)
    with tempfile.TemporaryDirectory(prefix="derive-doc-") as tmp:
        src = Path(tmp) / "doc.tex"
        src.write_text(tex, encoding="utf-8")
        env = {**os.environ, **PDFLATEX_ENV}
        try:
            proc = subprocess.run(
                [exe, "-no-shell-escape", "-halt-on-error", "-interaction=nonstopmode",
                 "doc.tex"],
                cwd=tmp, env=env, capture_output=True, timeout=timeout, check=False,
            )
        except subprocess.TimeoutExpired:
            raise RenderError("pdflatex timed out") from None
        pdf = Path(tmp) / "doc.pdf"
        if proc.returncode != 0 or not pdf.is_file():
            log = (Path(tmp) / "doc.log")
            text = log.read_text(errors="replace") if log.is_file() else proc.stdout.decode()
            first = next((ln for ln in text.splitlines() if ln.startswith("!")), "unknown error")
            raise RenderError(f"pdflatex failed: {first.lstrip('! ').strip()}")
        return pdf.read_bytes()


__all__ = ["Chain", "RenderError", "compile_pdf", "environment", "render", "view"]

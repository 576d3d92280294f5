"""Titles: math allowed and sanitised, CJK compiles (or fails clearly), per-document with --all."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from derive.cli import main
from derive.docs.render import RenderError, title_text

TEX_HINT = "apt-get install -y --no-install-recommends texlive-latex-base"
CJK_HINT = ("apt-get install -y --no-install-recommends latex-cjk-chinese "
            "latex-cjk-chinese-arphic-gbsn00lp")


def run(*args: str):
    return CliRunner().invoke(main, ["doc", *args])


def test_math_in_titles_in_every_format(tmp_path: Path) -> None:
    title = r"Week 3: $\nabla_z E$ & more"
    assert title_text(title, "tex") == r"Week 3: $\nabla_z E$ \& more"
    assert title_text(title, "md") == r"Week 3: $\nabla_z E$ &amp; more"
    assert str(title_text(title, "html")) == (
        r'Week 3: <span class="math">\nabla_z E</span> &amp; more')
    r = run("softmax-sigmoid", "--format", "md", "--title", title)
    assert r.exit_code == 0 and r.output.splitlines()[1] == r"# Week 3: $\nabla_z E$ &amp; more"


@pytest.mark.parametrize(("title", "message"), [
    (r"$\input{/etc/passwd}$", r"may not use \input"),
    (r"$\def\x{1}$", r"may not use \def"),
    (r"$x^{2$", "unbalanced braces"),
    (r"$50% off$", "may not contain '%'"),
    ("$a$ " + "x" * 400, "longer than"),
])
def test_hostile_title_math_is_refused(title: str, message: str) -> None:
    for fmt in ("tex", "md", "html"):
        with pytest.raises(RenderError, match=message.replace("\\", "\\\\").replace("^", "\\^")):
            title_text(title, fmt)
    r = run("softmax-sigmoid", "--format", "md", "--title", title)
    assert r.exit_code == 2 and r.output.startswith("Error: ")


def test_an_odd_dollar_is_text() -> None:
    assert title_text("costs $5", "tex") == r"costs \$5"


def test_cjk_title_compiles(tmp_path: Path, tool) -> None:
    tool("pdflatex", TEX_HINT)
    kpse = tool("kpsewhich", TEX_HINT)
    if subprocess.run([kpse, "CJKutf8.sty"], capture_output=True, check=False).returncode:
        tool("derive-missing-CJKutf8.sty", CJK_HINT)  # skip locally, fail under CI=true
    out = tmp_path / "w.pdf"
    r = run("softmax-sigmoid", "--format", "pdf", "--title", "第三周：交叉熵 $E$", "-o", str(out))
    assert r.exit_code == 0, r.output
    text = subprocess.run([tool("pdftotext", "poppler-utils"), str(out), "-"],
                          capture_output=True, text=True, check=True).stdout
    assert "第三周" in text and "?" not in text.splitlines()[0]


def test_cjk_without_the_package_is_a_clear_error(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch, tool) -> None:
    tool("pdflatex", TEX_HINT)
    from derive.docs import render as R

    monkeypatch.setattr(R, "_has_tex_file", lambda exe, name: False)
    out = tmp_path / "w.pdf"
    r = run("softmax-sigmoid", "--format", "pdf", "--title", "第三周", "-o", str(out))
    assert r.exit_code == 2 and "latex-cjk-chinese" in r.output and not out.exists()


def test_unsupported_script_is_a_clear_error_never_a_question_mark(tmp_path: Path) -> None:
    r = run("softmax-sigmoid", "--format", "tex", "--title", "한국어 3주차", "-o",
            str(tmp_path / "k.tex"))
    assert r.exit_code == 2 and "U+D55C" in r.output
    r = run("softmax-sigmoid", "--format", "md", "--title", "한국어 3주차")
    assert r.exit_code == 0 and "# 한국어 3주차" in r.output  # Markdown shows any script


def test_all_needs_a_per_document_title(tmp_path: Path) -> None:
    r = run("--all", "--no-pdf", "-o", str(tmp_path), "--title", "Week 3")
    assert r.exit_code == 2 and "{title}" in r.output
    assert list(tmp_path.iterdir()) == []


def test_per_document_titles() -> None:
    from derive.docs.derivations import build
    from derive.docs.generate import own_title

    d = build("softmax-sigmoid", 2)
    assert own_title("Week 3: {title} ({name})", d) == (
        "Week 3: Two-class softmax is the logistic sigmoid (softmax-sigmoid)")
    r = run("softmax-jacobian", "--k", "2", "--format", "md", "--title", "Week 3: {title}")
    assert r.exit_code == 0 and "# Week 3: The Jacobian of softmax for $K = 2$" in r.output

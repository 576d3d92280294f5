"""Templates: shared macros, escaping of user text, the sandbox, loading from checkout and wheel."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from derive.docs.derivations import build
from derive.docs.render import RenderError, md_escape, render, template_dirs, tex_escape

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def sigmoid():
    return build("softmax-sigmoid", 2)


def test_tex_escape_neutralises_latex() -> None:
    hostile = r"\input{/etc/passwd} $x$ 50% & #1 ^_~ Σ"
    out = tex_escape(hostile)
    assert "\\input{" not in out
    assert out.startswith(r"\textbackslash{}input\{/etc/passwd\}")
    assert r"\$x\$ 50\% \& \#1" in out
    assert tex_escape("Ünïcode 第三周") == "Ünïcode 第三周"  # CJK: the document loads CJKutf8
    with pytest.raises(RenderError, match="U\\+2713"):  # never a silent '?'
        tex_escape("Ünïcode ✓")


def test_md_escape() -> None:
    assert md_escape("<script>*x*</script> $y$") == (
        "&lt;script&gt;\\*x\\*&lt;/script&gt; \\$y\\$"
    )


def test_every_step_prints_its_rule_in_both_formats(sigmoid) -> None:
    tex, md = render(sigmoid, "tex"), render(sigmoid, "md")
    for fmt_text in (tex, md):
        assert fmt_text.count("definition of softmax") >= 2
        assert "symmetry of the sigmoid" in fmt_text
    assert r"\begin{align*}" in tex and r"\documentclass" in tex
    assert "$$" in md and r"\begin{aligned}" in md


def test_title_and_author_are_escaped(sigmoid) -> None:
    tex = render(sigmoid, "tex", title=r"\input{/etc/passwd}", author="A & B")
    assert r"\input{/etc/passwd}" not in tex
    assert r"\title{\textbackslash{}input\{/etc/passwd\}}" in tex
    assert r"\author{A \& B}" in tex


def test_user_template_overrides_by_name_and_reuses_macros(tmp_path: Path, sigmoid) -> None:
    (tmp_path / "derivation.md.j2").write_text(
        '{% import "macros.md.j2" as m %}# {{ title }} ({{ step_count }} steps)\n'
        "{% for s in sections %}{{ m.section(s) }}{% endfor %}"
    )
    out = render(sigmoid, "md", template_dir=str(tmp_path))
    assert out.startswith("# Two-class softmax is the logistic sigmoid (10 steps)")
    assert r"definition of softmax}" in out


@pytest.mark.parametrize(
    "body",
    [
        "{{ ''.__class__ }}",
        "{{ ''.__class__.__mro__[1].__subclasses__() }}",
        "{{ sections.__class__ }}",
        "{{ cycler.__init__.__globals__ }}",
    ],
)
def test_sandbox_refuses_internals(tmp_path: Path, sigmoid, body: str) -> None:
    (tmp_path / "derivation.md.j2").write_text(body)
    with pytest.raises(RenderError):
        render(sigmoid, "md", template_dir=str(tmp_path))


def test_template_syntax_error_is_one_line(tmp_path: Path, sigmoid) -> None:
    (tmp_path / "derivation.md.j2").write_text("{% for x in %}\n")
    with pytest.raises(RenderError, match=r"syntax error in derivation.md.j2, line 1") as err:
        render(sigmoid, "md", template_dir=str(tmp_path))
    assert "\n" not in str(err.value)


def test_templates_load_from_the_checkout() -> None:
    assert template_dirs() == [ROOT / "templates"]


def test_wheel_carries_the_templates(tmp_path: Path) -> None:
    if importlib.util.find_spec("hatchling") is None:  # the build backend, no network needed
        if os.environ.get("CI") == "true":
            pytest.fail("CI=true but hatchling is not installed (pip install hatchling)")
        pytest.skip("hatchling not installed (pip install hatchling)")
    proc = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", str(ROOT), "--no-deps", "--no-build-isolation",
         "-w", str(tmp_path), "-q"],
        capture_output=True, text=True, timeout=300, check=False,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    wheel = next(tmp_path.glob("derive*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    for t in (ROOT / "templates").glob("*.j2"):
        assert f"derive/templates/{t.name}" in names
    for asset in ("katex.min.js", "katex.min.css", "LICENSE", "fonts/KaTeX_Main-Regular.woff2"):
        assert f"derive/docs/katex/{asset}" in names  # HTML pages need no network
    # installed layout: the package folder holds templates/ and the loader finds it there
    zipfile.ZipFile(wheel).extractall(tmp_path / "site")
    code = ("from derive.docs.render import template_dirs; print(template_dirs()[0]); "
            "from derive.docs.derivations import build; from derive.docs.render import render; "
            "print(len(render(build('softmax-sigmoid', 2), 'md')))")
    run = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True,
                         text=True, timeout=120, env={"PYTHONPATH": str(tmp_path / "site")},
                         check=False)
    assert run.returncode == 0, run.stderr[-2000:]
    assert run.stdout.splitlines()[0] == str(tmp_path / "site" / "derive" / "templates")

"""Template sandbox: links out of the folder, non-files, runaway loops, pdflatex reading files."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from derive.docs import render as R
from derive.docs.derivations import build
from derive.docs.render import RenderError, compile_pdf, render

SECRET = "SECRET-4f1c9a-do-not-print"


@pytest.fixture(scope="module")
def sigmoid():
    return build("softmax-sigmoid", 2)


@pytest.fixture
def secret(tmp_path: Path) -> Path:
    p = tmp_path / "outside" / "secret.txt"
    p.parent.mkdir()
    p.write_text(SECRET + "\n")
    return p


def test_symlink_to_a_file_outside_is_refused(tmp_path: Path, sigmoid, secret: Path) -> None:
    tdir = tmp_path / "t"
    tdir.mkdir()
    (tdir / "leak.j2").symlink_to("/etc/passwd")
    (tdir / "secret.j2").symlink_to(secret)
    for name in ("leak.j2", "secret.j2"):
        (tdir / "derivation.md.j2").write_text(f'{{% include "{name}" %}}')
        with pytest.raises(RenderError, match="leaves the template folder") as err:
            render(sigmoid, "md", template_dir=str(tdir))
        assert SECRET not in str(err.value) and "root:" not in str(err.value)


def test_the_main_template_as_a_link_out_is_refused(tmp_path: Path, sigmoid,
                                                    secret: Path) -> None:
    tdir = tmp_path / "t"
    tdir.mkdir()
    (tdir / "derivation.md.j2").symlink_to(secret)
    with pytest.raises(RenderError, match="leaves the template folder"):
        render(sigmoid, "md", template_dir=str(tdir))


def test_linked_folder_out_is_refused(tmp_path: Path, sigmoid, secret: Path) -> None:
    tdir = tmp_path / "t"
    tdir.mkdir()
    (tdir / "sub").symlink_to(secret.parent, target_is_directory=True)
    (tdir / "derivation.md.j2").write_text('{% include "sub/secret.txt" %}')
    with pytest.raises(RenderError, match="leaves the template folder"):
        render(sigmoid, "md", template_dir=str(tdir))


def test_a_link_inside_the_folder_is_fine(tmp_path: Path, sigmoid) -> None:
    tdir = tmp_path / "t"
    tdir.mkdir()
    (tdir / "real.j2").write_text("inside {{ step_count }}")
    (tdir / "alias.j2").symlink_to("real.j2")
    (tdir / "derivation.md.j2").write_text('{% include "alias.j2" %}')
    assert render(sigmoid, "md", template_dir=str(tdir)) == "inside 10"


def test_a_fifo_is_refused_without_blocking(tmp_path: Path, sigmoid) -> None:
    tdir = tmp_path / "t"
    tdir.mkdir()
    os.mkfifo(tdir / "pipe.j2")
    (tdir / "derivation.md.j2").write_text('{% include "pipe.j2" %}')
    with pytest.raises(RenderError, match="not a regular file"):
        render(sigmoid, "md", template_dir=str(tdir))


def test_dotdot_is_not_found(tmp_path: Path, sigmoid, secret: Path) -> None:
    tdir = tmp_path / "t"
    tdir.mkdir()
    (tdir / "derivation.md.j2").write_text('{% include "../outside/secret.txt" %}')
    with pytest.raises(RenderError, match="not found"):
        render(sigmoid, "md", template_dir=str(tdir))


def test_nested_huge_loops_stop_with_a_clear_error(tmp_path: Path, sigmoid,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(R, "RENDER_SECONDS", 1.0)
    tdir = tmp_path / "t"
    tdir.mkdir()
    (tdir / "derivation.md.j2").write_text(
        "{% for a in range(100000) %}{% for b in range(100000) %}x{% endfor %}{% endfor %}")
    with pytest.raises(RenderError, match="range of 100000 items refused"):
        render(sigmoid, "md", template_dir=str(tdir))
    # within the range limit, the time budget stops it (lists iterate without any hook)
    (tdir / "derivation.md.j2").write_text(
        "{% set xs = range(10000) | list %}"
        "{% for a in xs %}{% for b in xs %}{% for c in xs %}{% endfor %}{% endfor %}{% endfor %}")
    start = time.monotonic()
    with pytest.raises(RenderError, match="time budget"):
        render(sigmoid, "md", template_dir=str(tdir))
    assert time.monotonic() - start < 5


def test_the_time_budget_holds_outside_the_main_thread(tmp_path: Path, sigmoid,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    import threading

    monkeypatch.setattr(R, "RENDER_SECONDS", 1.0)
    tdir = tmp_path / "t"
    tdir.mkdir()
    (tdir / "derivation.md.j2").write_text(
        "{% for a in range(10000) %}{% for b in range(10000) %}{% for c in range(10000) %}"
        "{% endfor %}{% endfor %}{% endfor %}")
    caught: list[BaseException] = []

    def work() -> None:
        try:
            render(sigmoid, "md", template_dir=str(tdir))
        except BaseException as err:  # noqa: BLE001
            caught.append(err)

    th = threading.Thread(target=work)
    th.start()
    th.join(10)
    assert not th.is_alive()
    assert caught and isinstance(caught[0], RenderError) and "time budget" in str(caught[0])


def test_pdflatex_cannot_input_an_absolute_path(tmp_path: Path, tool, secret: Path) -> None:
    tool("pdflatex", "apt-get install -y --no-install-recommends texlive-latex-base")
    tex = ("\\documentclass{article}\\begin{document}\\input{" + str(secret) + "}"
           "\\end{document}\n")
    try:
        pdf = compile_pdf(tex)
    except RenderError as err:
        assert SECRET not in str(err)
        return
    assert SECRET.encode() not in pdf  # (uncompressed text would show it)
    pytest.fail("pdflatex compiled a document that inputs an absolute path")


def test_pdflatex_cannot_input_through_a_tex_template(tmp_path: Path, tool, secret: Path) -> None:
    tool("pdflatex", "apt-get install -y --no-install-recommends texlive-latex-base")
    from derive.docs.generate import generate
    from derive.errors import UserError

    tdir = tmp_path / "t"
    tdir.mkdir()
    (tdir / "derivation.tex.j2").write_text(
        "\\documentclass{article}\\begin{document}((( title )))\\input{" + str(secret)
        + "}\\openin1=/etc/passwd \\end{document}\n")
    with pytest.raises(UserError, match="pdflatex failed") as err:
        generate("softmax-sigmoid", 2, ("pdf",), template_dir=str(tdir))
    assert SECRET not in str(err.value)


def test_pdflatex_runs_no_program(tmp_path: Path, tool) -> None:
    tool("pdflatex", "apt-get install -y --no-install-recommends texlive-latex-base")
    marker = tmp_path / "ran"
    tex = ("\\documentclass{article}\\begin{document}\\immediate\\write18{touch "
           + str(marker) + "}x\\end{document}\n")
    try:
        compile_pdf(tex)
    except RenderError:
        pass
    assert not marker.exists()
    assert R.PDFLATEX_ENV["openin_any"] == "p" and R.PDFLATEX_ENV["shell_escape"] == "f"

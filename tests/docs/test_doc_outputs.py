"""outputs/: fresh, compiling without errors or overfull boxes, every math fragment renders."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from derive.docs.generate import (
    EXERCISES,
    REGENERATE,
    TEXT_FORMATS,
    exercise_names,
    generate,
    generate_exercise,
    output_names,
    standard_set,
)

ROOT = Path(__file__).resolve().parents[2]
OUTPUTS = ROOT / "outputs"

TEX_HINT = "apt-get install -y --no-install-recommends texlive-latex-base"
KATEX_HINT = ("npm install --no-save --prefix .ci/node katex and "
              "export NODE_PATH=$PWD/.ci/node/node_modules")


@pytest.mark.parametrize(("name", "k", "pdf"), standard_set(),
                         ids=[output_names(n, k) for n, k, _ in standard_set()])
def test_outputs_are_fresh(name: str, k: int | None, pdf: bool) -> None:
    stem = output_names(name, k)
    fresh = generate(name, k, TEXT_FORMATS)
    for fmt, data in fresh.items():
        path = OUTPUTS / f"{stem}.{fmt}"
        assert path.is_file(), f"{path} missing; regenerate with: {REGENERATE}"
        if path.read_bytes() != data:
            old, new = path.read_text().splitlines(), data.decode().splitlines()
            line = next((n for n, (a, b) in enumerate(zip(old, new, strict=False), 1) if a != b),
                        min(len(old), len(new)) + 1)
            pytest.fail(f"{path.name} is stale (first difference at line {line}); "
                        f"regenerate with: {REGENERATE}")
    if pdf:
        path = OUTPUTS / f"{stem}.pdf"
        assert path.is_file(), f"{path} missing; regenerate with: {REGENERATE}"
        data = path.read_bytes()
        assert data.startswith(b"%PDF-") and b"%%EOF" in data[-64:], f"{path} is not a PDF"


@pytest.mark.parametrize(("name", "k", "plant", "seed"), EXERCISES,
                         ids=[exercise_names(n, k)[0] for n, k, _, _ in EXERCISES])
def test_exercises_are_fresh(name: str, k: int | None, plant: int, seed: int) -> None:
    for fmt in TEXT_FORMATS:
        student, key = generate_exercise(name, k, plant, seed, fmt)
        for stem, data in zip(exercise_names(name, k), (student, key), strict=True):
            path = OUTPUTS / f"{stem}.{fmt}"
            assert path.is_file(), f"{path} missing; regenerate with: {REGENERATE}"
            assert path.read_bytes() == data, f"{path.name} is stale; regenerate with: {REGENERATE}"
    for stem in exercise_names(name, k):
        assert (OUTPUTS / f"{stem}.pdf").read_bytes().startswith(b"%PDF-"), (
            f"{stem}.pdf missing; regenerate with: {REGENERATE}")


def test_no_stray_files_in_outputs() -> None:
    expected = set()
    for name, k, _, _ in EXERCISES:
        expected |= {f"{stem}.{f}" for stem in exercise_names(name, k)
                     for f in (*TEXT_FORMATS, "pdf")}
    for name, k, pdf in standard_set():
        stem = output_names(name, k)
        expected |= {f"{stem}.{f}" for f in TEXT_FORMATS} | ({f"{stem}.pdf"} if pdf else set())
    present = {p.name for p in OUTPUTS.iterdir()}
    assert present == expected, f"regenerate with: {REGENERATE}"


@pytest.mark.parametrize("tex", sorted(OUTPUTS.glob("*.tex")), ids=lambda p: p.name)
def test_outputs_compile_cleanly(tex: Path, tmp_path: Path, tool) -> None:
    exe = tool("pdflatex", TEX_HINT)
    shutil.copy(tex, tmp_path / tex.name)
    proc = subprocess.run(
        [exe, "-no-shell-escape", "-halt-on-error", "-interaction=nonstopmode", tex.name],
        cwd=tmp_path, capture_output=True, timeout=120, check=False,
        env={**os.environ, "SOURCE_DATE_EPOCH": "0"},
    )
    log = (tmp_path / tex.with_suffix(".log").name).read_text(errors="replace")
    errors = [ln for ln in log.splitlines() if ln.startswith("!")]
    assert proc.returncode == 0 and not errors, errors or proc.stdout[-2000:]
    overfull = [ln for ln in log.splitlines() if re.match(r"Overfull \\hbox", ln)]
    assert not overfull, overfull


def _katex(files: list[Path], tool) -> subprocess.CompletedProcess:
    node = tool("node", "install Node.js")
    env = dict(os.environ)
    env.setdefault("NODE_PATH", str(ROOT / ".ci" / "node" / "node_modules"))
    probe = subprocess.run([node, "-e", "require('katex')"], env=env, capture_output=True,
                           check=False)
    if probe.returncode != 0:
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI=true but katex is not installed ({KATEX_HINT})")
        pytest.skip(f"katex not installed ({KATEX_HINT})")
    return subprocess.run([node, str(Path(__file__).with_name("katex_check.js")),
                           *map(str, files)], env=env, capture_output=True, text=True,
                          timeout=120, check=False)


def test_markdown_math_renders_with_katex(tool) -> None:
    files = sorted(OUTPUTS.glob("*.md"))
    assert files
    proc = _katex(files, tool)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "0 failures" in proc.stdout


def test_katex_check_can_fail(tmp_path: Path, tool) -> None:
    bad = tmp_path / "bad.md"
    bad.write_text("ok $x^2$ and\n\n$$\n\\frac{1}{\n$$\n")
    proc = _katex([bad], tool)
    assert proc.returncode == 1 and "1 failures" in proc.stdout


@pytest.mark.parametrize("k", [1, 2, 4])
def test_other_k_documents_compile_cleanly(k: int, tmp_path: Path, tool) -> None:
    """Not committed, but a teacher may ask for them: K = 4 has the widest explicit matrix."""
    exe = tool("pdflatex", TEX_HINT)
    (tmp_path / "doc.tex").write_bytes(generate("softmax-jacobian", k, ("tex",))["tex"])
    subprocess.run([exe, "-no-shell-escape", "-halt-on-error", "-interaction=nonstopmode",
                    "doc.tex"], cwd=tmp_path, capture_output=True, timeout=120, check=False)
    log = (tmp_path / "doc.log").read_text(errors="replace")
    assert (tmp_path / "doc.pdf").is_file(), log[-2000:]
    assert "Overfull \\hbox" not in log


@pytest.mark.parametrize(("name", "k"), [(n, k) for n, k, pdf in standard_set() if pdf],
                         ids=[output_names(n, k) for n, k, pdf in standard_set() if pdf])
def test_pdfs_match_their_sources(name: str, k: int | None, tool) -> None:
    """PDFs are not byte-compared; their text must show the current title and step count."""
    exe = tool("pdftotext", "apt-get install -y --no-install-recommends poppler-utils")
    stem = output_names(name, k)
    md = (OUTPUTS / f"{stem}.md").read_text()
    title = next(ln[2:] for ln in md.splitlines() if ln.startswith("# "))
    steps = re.search(r"all (\d+) steps were machine-verified", md)
    assert steps
    text = subprocess.run([exe, "-layout", str(OUTPUTS / f"{stem}.pdf"), "-"],
                          capture_output=True, text=True, check=True, timeout=60).stdout
    flat = " ".join(text.split())
    stale = f"{stem}.pdf is stale; regenerate with: {REGENERATE}"
    assert " ".join(title.split()) in flat, stale
    assert f"all {steps.group(1)} steps were machine-verified" in flat, stale
    assert f"({steps.group(1)})" in flat, stale

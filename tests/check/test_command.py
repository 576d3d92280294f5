"""The click command: formats, exit codes, and one-line errors for bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from derive.cli.check import check

CORPUS = Path(__file__).parent / "corpus"


def run(*args: str, input: bytes | None = None):
    return CliRunner().invoke(check, list(args), input=input)


def test_correct_document_exits_zero() -> None:
    res = run(str(CORPUS / "correct_cases_env.md"))
    assert res.exit_code == 0, res.output
    assert "0 wrong" in res.output


def test_wrong_step_exits_one_and_names_the_line() -> None:
    res = run(str(CORPUS / "planted_sign_error.md"))
    assert res.exit_code == 1
    flagged = [ln for ln in res.output.splitlines() if "WRONG" in ln]
    assert len(flagged) == 1 and flagged[0].startswith(f"{CORPUS / 'planted_sign_error.md'}:14:")


def test_json_format() -> None:
    res = run(str(CORPUS / "planted_sign_error.md"), "--format", "json")
    data = json.loads(res.output)
    assert data["counts"]["wrong"] == 1 and data["exit_code"] == 1
    wrong = [s for s in data["steps"] if s["verdict"] == "wrong"]
    assert wrong[0]["line"] == 14 and wrong[0]["counterexample"]["K"] >= 2
    assert set(wrong[0]["counterexample"]["indices"]) == {"i", "j"}
    assert "z" in wrong[0]["counterexample"]["values"]


def test_annotate_keeps_source_and_adds_notes(tmp_path: Path) -> None:
    src = (CORPUS / "planted_sign_error.md").read_text()
    out = tmp_path / "annotated.md"
    res = run(str(CORPUS / "planted_sign_error.md"), "--format", "annotate", "-o", str(out))
    assert res.exit_code == 1 and res.output == ""
    text = out.read_text()
    for line in src.splitlines():
        assert line in text
    assert "> ✗ **derive check, line 14:** WRONG" in text


def test_stdin() -> None:
    res = run("-", input=b"$y_i = \\frac{e^{z_i}}{\\sum_k e^{z_k}}$ is the softmax\n")
    assert res.exit_code == 0 and "ok: definition" in res.output


@pytest.mark.parametrize("content, message", [
    (b"", "empty"),
    (b"   \n\n", "empty"),
    (b"\x00\x01\x02binary", "binary"),
    (b"\xff\xfe\xfa not utf8", "UTF-8"),
    (b"# Notes\n\nNo formulas here at all.\n", "no mathematics"),
    (b"Only $x$ and $K$ inline.\n", "no equations"),
])
def test_bad_input_is_one_line_exit_two(tmp_path: Path, content: bytes, message: str) -> None:
    f = tmp_path / "doc.md"
    f.write_bytes(content)
    res = run(str(f))
    assert res.exit_code == 2
    assert "Traceback" not in res.output
    errors = [ln for ln in res.output.splitlines() if ln.startswith("Error:")]
    assert len(errors) == 1 and message in errors[0]


def test_missing_file_and_directory(tmp_path: Path) -> None:
    for path in (tmp_path / "nope.md", tmp_path):
        res = run(str(path))
        assert res.exit_code == 2 and res.output.startswith("Error:")


def test_help_is_the_docstring() -> None:
    res = run("--help")
    assert res.exit_code == 0 and "softmax derivation" in res.output


def test_annotate_latex_uses_comments() -> None:
    res = run(str(CORPUS / "latex_align.tex"), "--format", "annotate")
    assert res.exit_code == 1
    notes = [ln for ln in res.output.splitlines() if "derive check, line" in ln]
    marks = tuple(f"% {m} derive check, line" for m in "✓✗⚠?")
    assert notes and all(ln.startswith(marks) for ln in notes)


def test_annotate_puts_notes_after_the_closing_delimiter(tmp_path: Path) -> None:
    doc = tmp_path / "aligned.md"
    doc.write_text(
        "Softmax $y_i = \\frac{e^{z_i}}{\\sum_k e^{z_k}}$.\n\nFor $i = j$:\n\n$$\n"
        "\\begin{aligned}\n\\frac{\\partial y_i}{\\partial z_j} &= y_i (1 - y_i) \\\\\n"
        "&= y_i - y_i^2\n\\end{aligned}\n$$\n\nDone.\n"
    )
    res = run(str(doc), "--format", "annotate")
    assert res.exit_code == 0, res.output
    lines = res.output.splitlines()
    opening, closing = [n for n, ln in enumerate(lines) if ln == "$$"]
    assert not any(ln.startswith(">") for ln in lines[opening:closing])  # display intact
    note = next(n for n, ln in enumerate(lines) if "derive check, line 7:" in ln)
    assert note > closing


def test_nothing_readable_is_exit_2_with_one_error_line(tmp_path: Path) -> None:
    doc = tmp_path / "bad.md"
    doc.write_text("Here $$ \\frac{a}{ = b $$\n")
    res = run(str(doc))
    assert res.exit_code == 2
    assert "unbalanced braces" in res.stdout
    assert res.stderr.strip().splitlines() == [
        f"Error: {doc}: could not read any step (the reasons are listed above)"
    ]


def test_annotate_file_beside_the_text_report(tmp_path: Path) -> None:
    out = tmp_path / "checked.md"
    res = run(str(CORPUS / "planted_sign_error.md"), "--annotate", str(out))
    assert res.exit_code == 1
    assert "WRONG" in res.stdout  # the text report still goes to standard output
    assert "> ✗ **derive check, line 14:** WRONG" in out.read_text()


def test_annotate_to_unwritable_path_is_exit_2(tmp_path: Path) -> None:
    res = run(str(CORPUS / "planted_sign_error.md"), "--annotate", str(tmp_path / "no" / "x.md"))
    assert res.exit_code == 2 and "cannot write" in res.output
    assert not (tmp_path / "no").exists()


def test_strict_fails_on_a_condition_the_document_does_not_state_only() -> None:
    stated = run("--strict", str(CORPUS / "needs_condition_stated.md"))
    unstated = run("--strict", str(CORPUS / "needs_condition_unstated.md"))
    assert "NEEDS-CONDITION" in stated.output and "NEEDS-CONDITION" in unstated.output
    assert stated.exit_code == 0, stated.output
    assert unstated.exit_code == 1, unstated.output


def test_a_step_is_shown_with_the_relation_written(tmp_path: Path) -> None:
    """``a \\approx b`` is reported as ``a ≈ b`` (text and JSON), never as ``a = b``."""
    doc = tmp_path / "approx.md"
    doc.write_text("$$y_i = \\frac{e^{z_i}}{\\sum_k e^{z_k}}$$\n\n"
                   "$$\\frac{\\partial y_i}{\\partial z_i} \\approx y_i$$\n\n"
                   "$$\\frac{\\partial y_i}{\\partial z_i} = y_i (1 - y_i)$$\n", encoding="utf-8")
    res = run(str(doc))
    assert "step \\frac{\\partial y_i}{\\partial z_i} ≈ y_i" in res.output, res.output
    steps = json.loads(run(str(doc), "--format", "json").output)["steps"]
    assert [s["relation"] for s in steps if s["line"] == 3] == ["≈"]

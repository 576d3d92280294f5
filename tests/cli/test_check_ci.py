"""`derive check` in CI: folders and globs, JUnit a parser reads, GitHub annotations, --strict."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

from click.testing import CliRunner

from derive.cli import main

SOFTMAX = "$$y_i = \\frac{e^{z_i}}{\\sum_{k=1}^{K} e^{z_k}}$$\n\n"
GOOD = SOFTMAX + "$$\\frac{\\partial y_i}{\\partial z_j} = y_i(\\delta_{ij} - y_j)$$\n"
WRONG = SOFTMAX + "$$\\frac{\\partial y_i}{\\partial z_j} = y_i(y_j - \\delta_{ij})$$\n"
UNREADABLE = SOFTMAX + ("$$\\frac{\\partial y_i}{\\partial z_j} = y_i(\\delta_{ij} - y_j)$$\n\n"
                        "$$\\frac{\\partial y_i}{\\partial z_j} = \\mathcal{Q}(y)$$\n")


def _folder(tmp_path: Path, **docs: str) -> Path:
    d = tmp_path / "notes"
    d.mkdir()
    for name, text in docs.items():
        (d / f"{name}.md").write_text(text)
    return d


def _check(*args: str):
    return CliRunner().invoke(main, ["check", *args])


def test_a_folder_writes_junit_that_a_parser_reads(tmp_path: Path) -> None:
    d = _folder(tmp_path, good=GOOD, wrong=WRONG)
    xml = tmp_path / "check.xml"
    res = _check(str(d), "--junit", str(xml), "-o", str(tmp_path / "report.txt"))
    assert res.exit_code == 1
    suites = {s.get("name"): s for s in ET.parse(xml).getroot()}
    assert {Path(n).name for n in suites} == {"good.md", "wrong.md"}
    wrong = next(s for n, s in suites.items() if n.endswith("wrong.md"))
    assert wrong.get("failures") == "1"
    assert wrong.find("testcase/failure") is not None


def test_strict_fails_on_an_unreadable_step(tmp_path: Path) -> None:
    d = _folder(tmp_path, partly=UNREADABLE)
    assert _check(str(d)).exit_code == 0
    res = _check(str(d), "--strict")
    assert res.exit_code == 1
    xml = tmp_path / "s.xml"
    _check(str(d), "--junit", str(xml), "-o", str(tmp_path / "r.txt"))
    assert ET.parse(xml).getroot().find("testsuite").get("skipped") == "1"


def test_github_annotations_name_file_and_line(tmp_path: Path) -> None:
    d = _folder(tmp_path, wrong=WRONG)
    res = _check(str(d), "--format", "github")
    line = next(x for x in res.output.splitlines() if x.startswith("::error"))
    assert f"file={d / 'wrong.md'}".replace(":", "%3A") in line or "wrong.md" in line
    assert ",line=3," in line


def test_a_glob_and_several_files(tmp_path: Path) -> None:
    d = _folder(tmp_path, a=GOOD, b=GOOD)
    res = _check(str(d / "*.md"))
    assert res.exit_code == 0 and res.output.count("step(s):") == 2
    assert _check(str(d / "a.md"), str(d / "b.md")).exit_code == 0


def test_nothing_found_is_exit_2(tmp_path: Path) -> None:
    res = _check(str(tmp_path / "nothing-*.md"))
    assert res.exit_code == 2

"""`derive check` for CI: documents found from files, folders and globs; JUnit and GitHub output.

JUnit: a testsuite per document and a testcase per step; `wrong` is a failure, `unreadable`
is skipped (a failure with --strict), `needs-condition` passes unless --strict (and always
when the document states the condition). GitHub: one
workflow command per step that is not ok (`::error` for wrong, `::warning` otherwise), so the
step is marked on its line in the pull request.
"""

from __future__ import annotations

import glob
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree as ET

from derive.check.results import CheckReport, StepResult

DOCUMENT_SUFFIXES = (".md", ".markdown", ".mdown", ".tex", ".ltx", ".txt")


@dataclass(frozen=True)
class Checked:
    """One document: its report, or the one-line reason it could not be checked."""

    name: str
    report: CheckReport | None
    error: str = ""


def expand(patterns: tuple[str, ...]) -> list[str]:
    """Files named, files under named folders (by suffix, sorted) and glob matches, in order."""
    out: list[str] = []
    for pattern in patterns:
        if pattern == "-":
            out.append(pattern)
        elif Path(pattern).is_dir():
            out += sorted(str(p) for p in Path(pattern).rglob("*")
                          if p.is_file() and p.suffix.lower() in DOCUMENT_SUFFIXES)
        elif any(ch in pattern for ch in "*?[") and not Path(pattern).exists():
            out += sorted(p for p in glob.glob(pattern, recursive=True) if Path(p).is_file())
        else:
            out.append(pattern)
    return list(dict.fromkeys(out))


def fails(step: StepResult, strict: bool) -> bool:
    """A step that fails the build: wrong, and with --strict also unreadable or needs-condition
    (unless the document states the condition: then the step holds as the author set it up)."""
    if step.verdict == "needs-condition" and step.condition_stated:
        return False
    return step.verdict == "wrong" or (strict and step.verdict != "ok")


def exit_code(docs: list[Checked], strict: bool) -> int:
    """1 if a step fails the build; else 2 if a document could not be checked or none of its
    steps could be read; else 0."""
    reports = [d.report for d in docs if d.report is not None]
    if any(fails(s, strict) for r in reports for s in r.steps):
        return 1
    if len(reports) < len(docs) or any(r.exit_code == 2 for r in reports):
        return 2
    return 0


def _message(step: StepResult) -> str:
    text = (f"{step.verdict}: {step.lhs} {step.relation} {step.rhs}" if step.rhs
            else f"{step.verdict}: {step.lhs}")
    if step.reason:
        text += f" ({step.reason})"
    if step.counterexample is not None:
        text += f"; counterexample {step.counterexample.describe()}"
    return text


def junit(docs: list[Checked], strict: bool) -> str:
    """JUnit XML: a testsuite per document, a testcase per step."""
    root = ET.Element("testsuites", name="derive.check")
    for d in docs:
        steps = d.report.steps if d.report is not None else ()
        suite = ET.SubElement(root, "testsuite", name=d.name, tests=str(max(1, len(steps))))
        if d.report is None:
            case = ET.SubElement(suite, "testcase", classname=d.name, name="read the document")
            ET.SubElement(case, "error", message=d.error).text = d.error
            suite.set("errors", "1")
            continue
        failures = skipped = 0
        for s in steps:
            case = ET.SubElement(suite, "testcase", classname=d.name,
                                 name=f"line {s.line}: {s.lhs} {s.relation} {s.rhs}"[:200],
                                 file=d.name, line=str(s.line))
            if fails(s, strict):
                failures += 1
                ET.SubElement(case, "failure", message=_message(s)[:500],
                              type=s.verdict).text = _message(s)
            elif s.verdict == "unreadable":
                skipped += 1
                ET.SubElement(case, "skipped", message=_message(s)[:500])
            if s.checked:
                ET.SubElement(case, "system-out").text = f"checked: {s.checked}"
        suite.set("failures", str(failures))
        suite.set("skipped", str(skipped))
    ET.indent(root)
    return ET.tostring(root, encoding="unicode", xml_declaration=True) + "\n"


def _escape(value: str) -> str:
    """GitHub workflow-command data escaping (%, CR, LF)."""
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(value: str) -> str:
    return _escape(value).replace(":", "%3A").replace(",", "%2C")


def github(docs: list[Checked], strict: bool) -> str:
    """GitHub Actions annotations, one line per step that is not ok (and per unreadable file)."""
    lines = []
    for d in docs:
        if d.report is None:
            lines.append(f"::error file={_escape_property(d.name)}::{_escape(d.error)}")
            continue
        for s in d.report.steps:
            if s.verdict == "ok":
                continue
            level = "error" if fails(s, strict) else "warning"
            lines.append(f"::{level} file={_escape_property(d.name)},line={s.line},"
                         f"title={_escape_property('derive check: ' + s.verdict)}::"
                         f"{_escape(_message(s))}")
    return "\n".join(lines) + ("\n" if lines else "")

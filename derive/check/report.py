"""Render a :class:`CheckReport` as text, JSON or the annotated source document."""

from __future__ import annotations

import json
from dataclasses import asdict

from derive.check.extract import extract
from derive.check.results import CheckReport, StepResult

_SYMBOL = {"ok": "✓", "wrong": "✗", "needs-condition": "⚠", "unreadable": "?"}
_MARK = {"ok": "ok", "wrong": "WRONG", "needs-condition": "NEEDS-CONDITION",
         "unreadable": "UNREADABLE"}


def _one_line(s: StepResult) -> str:
    if s.kind == "math":  # a formula that could not be split into steps
        head = f"{_MARK[s.verdict]}: math {s.lhs}"
    else:
        what = "definition" if s.kind == "definition" else "step"
        head = f"{_MARK[s.verdict]}: {what} {s.lhs} {s.relation} {s.rhs}"
    extra = []
    if s.reason:
        extra.append(s.reason)
    if s.counterexample is not None:
        extra.append(("counterexample " if s.verdict == "wrong" else "fails without it at ")
                     + s.counterexample.describe())
    if s.checked:
        extra.append(f"checked: {s.checked}")
    return head + ("".join(f"\n    {e}" for e in extra))


def render_text(report: CheckReport) -> str:
    """Compiler-style lines ``file:line: VERDICT: ...`` and a summary."""
    lines = []
    for d in report.definitions:
        if d.role != "generic":
            role = f" ({d.role})" if d.role != "other" else ""
            lines.append(f"{report.filename}:{d.line}: defines {d.text}{role}")
    lines += [f"{report.filename}:{s.line}: {_one_line(s)}" for s in report.steps]
    for k in report.skipped:
        lines.append(f"{report.filename}:{k.line}: skipped: {k.text} ({k.why})")
    for note in report.notes:
        lines.append(f"{report.filename}: note: {note}")
    c = report.counts()
    lines.append(f"{report.filename}: {c['steps']} step(s): {c['ok']} ok, {c['wrong']} wrong, "
                 f"{c['needs-condition']} needs-condition, {c['unreadable']} unreadable")
    return "\n".join(lines) + "\n"


def render_json(report: CheckReport) -> str:
    """The whole report as JSON (stable keys; counts included)."""
    data = asdict(report)
    for step in data["steps"]:
        ce = step["counterexample"]
        if ce is not None:  # pairs -> objects: {"i": 1}, {"z": [...]}
            ce["indices"] = dict(ce["indices"])
            ce["values"] = {name: list(vals) for name, vals in ce["values"]}
    data["counts"] = report.counts()
    data["exit_code"] = report.exit_code
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def render_annotated(report: CheckReport, source: str, latex: bool = False) -> str:
    """The source document with a blockquote after each block naming each step's verdict.

    With ``latex=True`` the notes are ``%`` comments, so a .tex file still compiles.

    Notes go after the line that closes the math block holding the step, so no formula is
    broken; each note names the step's line.
    """
    lines = source.split("\n")
    display_end = _display_ends(source, latex)
    after: dict[int, list[str]] = {}
    for s in report.steps:
        anchor = display_end.get(s.line) or _block_end(lines, s.line)
        text = _one_line(s).replace("\n    ", " — ")
        mark = _SYMBOL[s.verdict]
        note = (f"% {mark} derive check, line {s.line}: {text}" if latex
                else f"> {mark} **derive check, line {s.line}:** {text}")
        after.setdefault(anchor, []).append(note)
    out: list[str] = []
    for no, line in enumerate(lines, start=1):
        out.append(line)
        if no in after:
            if latex:  # comments only: no blank line, so no new paragraph in the output
                out.extend(after[no])
            else:
                out += ["", "\n>\n".join(after[no]), ""]
    c = report.counts()
    out.append("")
    summary = (f"derive check: {c['steps']} steps, {c['ok']} ok, {c['wrong']} wrong, "
               f"{c['needs-condition']} needs-condition, {c['unreadable']} unreadable")
    out.append(f"% {summary}" if latex else f"<!-- {summary} -->")
    return "\n".join(out)


def _display_ends(source: str, latex: bool = False) -> dict[int, int]:
    """Line of a display member → line holding the display's closing delimiter."""
    ends: dict[int, int] = {}
    for chain in extract(source, "source.tex" if latex else "").chains:
        if chain.display:
            for member in chain.members:
                ends[member.line] = max(ends.get(member.line, 0), chain.block_end_line)
    return ends


def _block_end(lines: list[str], line: int) -> int:
    """Last line of the display block (or paragraph) containing ``line``."""
    n = len(lines)
    opened = 0
    inside_display = False
    start = 0
    for i in range(line):
        ln = lines[i]
        cnt = ln.count("$$") + ln.count("\\[") + ln.count("\\]")
        cnt += ln.count("\\begin{align") + ln.count("\\end{align")
        cnt += ln.count("\\begin{equation") + ln.count("\\end{equation")
        opened += cnt
        if cnt and opened % 2 == 1:
            start = i
    inside_display = opened % 2 == 1
    _ = start
    if inside_display:
        j = line
        while j < n:
            ln = lines[j]
            if "$$" in ln or "\\]" in ln or "\\end{align" in ln or "\\end{equation" in ln:
                return j + 1
            j += 1
        return n
    j = line
    while j < n and lines[j].strip() and not lines[j].lstrip().startswith(
            ("$$", "\\[", "#", "\\begin{")):
        j += 1
    return j

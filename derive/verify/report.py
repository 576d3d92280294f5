"""Render verification results as text, JSON and JUnit XML."""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import Any
from xml.etree import ElementTree as ET

from derive.math.tolerance import shown_excess
from derive.verify.prove import PROVEN, Counterexample, Result

MAX_SHOWN = 8  # logits/targets printed per counterexample in text (JSON has them all)


def k_label(k: int | None) -> str:
    return "all K" if k is None else f"K = {k}"


def _vector(values: tuple[float, ...] | None) -> str:
    if values is None:
        return "-"
    shown = ", ".join(f"{v:.6g}" for v in values[:MAX_SHOWN])
    more = f", … ({len(values)} values)" if len(values) > MAX_SHOWN else ""
    return f"[{shown}{more}]"


def counterexample_text(c: Counterexample) -> str:
    """One line: where the two sides differ and by how much."""
    ix = ", ".join(f"{a} = {v}" for a, v in c.indices.items()) or "no free index"
    precise = "" if c.difference is None else (
        f" (50-digit arithmetic: lhs − rhs = {c.difference:.3g})"
    )
    return (
        f"counterexample ({c.part}): K = {c.K}, {ix}, z = {_vector(c.z)}, t = {_vector(c.t)}: "
        f"lhs = {c.lhs:.12g}, rhs = {c.rhs:.12g}{precise}"
    )


def _rel(excess: float) -> str:
    """`= 4.1e-07`-style worst |Δ|/tol, or `< 1e-02` where it is rounding noise."""
    shown = shown_excess(excess)
    return shown if shown.startswith("<") else f"= {shown}"


def block(r: Result, colour: bool = False) -> str:
    """The report of one claim at one K (a few lines)."""
    lines: list[str] = []
    head = f"{r.verdict.upper():8}"
    if colour:
        head = click_style(head, {"proven": "green", "refuted": "red"}.get(r.verdict, "yellow"))
    lines.append(f"{head} {r.claim} [{k_label(r.k)}] ({r.seconds:.2f} s)")
    lines.append(f"         {r.statement}")
    if r.conditions:
        lines.append(f"         given: {'; '.join(r.conditions)}")
    lines.append(f"         assuming: {'; '.join(r.assumptions)}")
    for p in r.parts:
        w = p.witness
        lines.append(
            f"         - {p.part}: {p.verdict}; exact: {p.symbolic}; numeric witness: "
            f"{w.entries} entries × {w.points} points at K ∈ {{{', '.join(map(str, w.ks))}}},"
            f" worst |Δ|/tol {_rel(w.max_excess)} (rtol {w.rtol:g}, atol {w.atol:g})"
        )
        if p.counterexample:
            lines.append(f"           {counterexample_text(p.counterexample)}")
    bare = r.without_conditions
    if bare is not None:
        if bare.verdict == PROVEN:
            lines.append(f"         without {'; '.join(r.conditions)}: also proven")
        else:
            lines.append(f"         without {'; '.join(r.conditions)}: {bare.verdict}")
            if bare.counterexample:
                lines.append(f"           {counterexample_text(bare.counterexample)}")
    return "\n".join(lines) + "\n"


def summary(results: list[Result]) -> str:
    """The closing line: how many were proven."""
    proven = sum(r.verdict == PROVEN for r in results)
    return f"{proven} of {len(results)} proven\n"


def text(results: list[Result]) -> str:
    """Human-readable report, one block per claim and K."""
    return "".join(block(r) for r in results) + summary(results)


def click_style(text: str, colour: str) -> str:
    """ANSI colour for a terminal (the caller decides whether colour is wanted)."""
    codes = {"green": 32, "red": 31, "yellow": 33}
    return f"\x1b[{codes[colour]}m{text}\x1b[0m"


def _plain(r: Result) -> dict[str, Any]:
    d = asdict(r)
    d["k"] = "all" if r.k is None else r.k
    d["method"] = r.method
    d["counterexample"] = asdict(r.counterexample) if r.counterexample else None
    d["seconds"] = round(r.seconds, 4)
    for p in d["parts"]:
        p["witness"]["agrees"] = p["witness"]["counterexample"] is None
    if r.without_conditions is not None:
        d["without_conditions"] = _plain(r.without_conditions)
    return d


def to_json(results: list[Result]) -> str:
    """JSON: {"results": [...], "summary": {...}}."""
    summary = {v: sum(r.verdict == v for r in results) for v in ("proven", "refuted", "unknown")}
    return json.dumps({"results": [_plain(r) for r in results], "summary": summary}, indent=2)


def junit(results: list[Result]) -> str:
    """JUnit XML: one testcase per claim and K; refuted → failure, unknown → error."""
    suite = ET.Element(
        "testsuite",
        name="derive.verify",
        tests=str(len(results)),
        failures=str(sum(r.verdict == "refuted" for r in results)),
        errors=str(sum(r.verdict == "unknown" for r in results)),
        time=f"{sum(r.seconds for r in results):.3f}",
    )
    for r in results:
        case = ET.SubElement(
            suite, "testcase", classname=f"derive.{r.claim}", name=k_label(r.k),
            time=f"{r.seconds:.3f}",
        )
        detail = text([r])
        if r.verdict == "refuted":
            ce = r.counterexample
            msg = counterexample_text(ce) if ce else "refuted"
            ET.SubElement(case, "failure", message=msg, type="refuted").text = detail
        elif r.verdict == "unknown":
            ET.SubElement(case, "error", message="symbolic and numeric disagree or no proof",
                          type="unknown").text = detail
        else:
            ET.SubElement(case, "system-out").text = detail
    ET.indent(suite)
    body = ET.tostring(suite, encoding="unicode")
    return f'<?xml version="1.0" encoding="utf-8"?>\n{body}\n'

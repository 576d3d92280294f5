"""``derive check``: read a softmax derivation and decide each of its steps.

Library use (no click needed)::

    from derive.check import check_document, render_text
    report = check_document(text, "notes.md")
    print(render_text(report))
"""

from derive.check.report import render_annotated, render_json, render_text
from derive.check.results import CheckReport, Counterexample, DefinitionInfo, StepResult
from derive.check.run import NoMath, check_document

__all__ = [
    "CheckReport",
    "Counterexample",
    "DefinitionInfo",
    "NoMath",
    "StepResult",
    "check_document",
    "render_annotated",
    "render_json",
    "render_text",
]

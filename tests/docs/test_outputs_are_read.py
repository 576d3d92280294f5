"""`derive check` reads the project's own documents: every step of outputs/ is decided ok.

A needs-condition verdict is allowed only where the document states the condition (the
cross-entropy gradient uses Σ_k t_k = 1 and says so). Exercises are left out: their student
versions are wrong on purpose (tests/docs test the round trip).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from derive.check import check_document

OUTPUTS = Path(__file__).resolve().parent.parent.parent / "outputs"
DOCS = sorted(p for p in OUTPUTS.glob("*") if p.suffix in (".md", ".tex")
              and "exercise" not in p.name)


def test_there_are_documents_to_read() -> None:
    assert len(DOCS) >= 10


@pytest.mark.parametrize("path", DOCS, ids=[p.name for p in DOCS])
def test_every_step_of_an_output_is_read_and_ok(path: Path) -> None:
    report = check_document(path.read_text(), path.name)
    bad = [(s.line, s.verdict, s.reason) for s in report.steps
           if s.verdict in ("wrong", "unreadable")
           or (s.verdict == "needs-condition" and not s.condition_stated)]
    assert not bad, bad
    assert sum(s.verdict == "ok" for s in report.steps) >= 8
    # what is set aside is listed with its reason: example numbers and vector forms only
    assert all(k.why for k in report.skipped)

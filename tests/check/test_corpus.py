"""Corpus: planted errors flagged at exactly their lines, correct documents without alarms."""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import pytest

from derive.check import check_document

CORPUS = Path(__file__).parent / "corpus"
EXPECTED = json.loads((CORPUS / "expected.json").read_text())
DOCS = sorted(p for p in CORPUS.iterdir() if p.suffix in (".md", ".tex"))


def test_every_document_has_expectations() -> None:
    assert {p.name for p in DOCS} == set(EXPECTED)


@pytest.fixture(scope="module")
def reports():
    return {p.name: check_document(p.read_text(), p.name) for p in DOCS}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_verdict_lines(name: str, reports) -> None:
    report = reports[name]
    exp = EXPECTED[name]
    for verdict in ("wrong", "needs-condition", "unreadable"):
        lines = sorted(s.line for s in report.steps if s.verdict == verdict)
        assert lines == exp[verdict], (verdict, [(s.line, s.lhs, s.rhs, s.reason)
                                                 for s in report.steps])
    assert report.counts()["ok"] == exp["ok"]
    if "condition_stated" in exp:
        stated = {s.condition_stated for s in report.steps if s.verdict == "needs-condition"}
        assert stated == {exp["condition_stated"]}
    assert report.exit_code == (1 if exp["wrong"] else 0)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_soundness_invariants(name: str, reports) -> None:
    for s in reports[name].steps:
        if s.verdict == "wrong":
            ce = s.counterexample
            assert ce is not None and 1 <= ce.K <= 12
            assert not math.isclose(ce.lhs, ce.rhs, rel_tol=1e-9, abs_tol=1e-11)
        if s.verdict == "ok":
            assert s.counterexample is None and "witness K=" in s.checked
        if s.verdict == "unreadable":
            assert s.reason


def _softmax(z: np.ndarray) -> np.ndarray:
    e = np.exp(z - z.max())
    return e / e.sum()


def test_counterexample_reproduces_independently(reports) -> None:
    """Recompute the planted sign error's counterexample with plain numpy."""
    (step,) = [s for s in reports["planted_sign_error.md"].steps if s.verdict == "wrong"]
    ce = step.counterexample
    idx = dict(ce.indices)
    z = np.array(dict(ce.values)["z"])
    y = _softmax(z)
    i, j = idx["i"] - 1, idx["j"] - 1
    assert i != j
    jac = y[i] * ((i == j) - y[j])
    assert math.isclose(ce.lhs, jac, rel_tol=1e-9)
    assert math.isclose(ce.rhs, y[i] * y[j], rel_tol=1e-9)


def test_bad_softmax_definition_counterexample(reports) -> None:
    step = next(s for s in reports["planted_bad_softmax_def.md"].steps if s.line == 5)
    assert step.kind == "definition" and "softmax" in step.reason
    ce = step.counterexample
    z = np.array(dict(ce.values)["z"])
    i = dict(ce.indices)["i"] - 1
    assert math.isclose(ce.lhs, z[i] / z.sum(), rel_tol=1e-9)
    assert math.isclose(ce.rhs, _softmax(z)[i], rel_tol=1e-9)


def test_needs_condition_counterexample_uses_unnormalised_targets(reports) -> None:
    step = next(s for s in reports["needs_condition_unstated.md"].steps
                if s.verdict == "needs-condition")
    t = np.array(dict(step.counterexample.values)["t"])
    assert not math.isclose(t.sum(), 1.0)


def test_case_restriction_reported(reports) -> None:
    step = next(s for s in reports["planted_sign_error.md"].steps if s.line == 14)
    assert step.restriction == ("i ≠ j",)

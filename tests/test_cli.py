"""The CLI: exit codes, reports (text, JSON, JUnit) and one-line errors for bad input."""

from __future__ import annotations

import json
from xml.etree import ElementTree as ET

import pytest
from click.testing import CliRunner

import derive.math.claims as claims
from derive import __version__
from derive.cli import main
from tests.mutants import MUTANTS


def run(*args: str):
    return CliRunner().invoke(main, list(args))


def test_version():
    r = run("--version")
    assert r.exit_code == 0 and __version__ in r.output


def test_list_shows_every_claim_with_its_statement():
    r = run("list")
    assert r.exit_code == 0
    for name in claims.CATALOGUE:
        assert name in r.output
    assert "∂y_i/∂z_j = y_i(δ_ij − y_j)" in r.output
    assert "given: Σ_k t_k = 1" in r.output


def test_verify_k3_one_claim_text():
    r = run("verify", "--k", "3", "--claim", "softmax-jacobian")
    assert r.exit_code == 0, r.output
    assert "PROVEN   softmax-jacobian [K = 3]" in r.output
    assert "1 of 1 proven" in r.output


def test_verify_range_and_all_k_json():
    r = run("verify", "--all-k", "--k", "2..3", "--claim", "cross-entropy-gradient",
            "--format", "json")
    assert r.exit_code == 0, r.output
    data = json.loads(r.output)
    assert [x["k"] for x in data["results"]] == ["all", 2, 3]
    assert data["summary"] == {"proven": 3, "refuted": 0, "unknown": 0}
    first = data["results"][0]
    for key in ("claim", "k", "verdict", "method", "assumptions", "conditions", "seconds",
                "parts", "counterexample", "without_conditions"):
        assert key in first
    assert first["conditions"] == ["Σ_k t_k = 1"]
    assert first["without_conditions"]["verdict"] == "refuted"
    ce = first["without_conditions"]["counterexample"]
    assert set(ce) >= {"K", "indices", "z", "t", "lhs", "rhs"}
    assert first["parts"][0]["witness"]["agrees"] is True


def test_default_verify_is_symbolic_k_and_k3(tmp_path):
    junit = tmp_path / "r.xml"
    r = run("verify", "--junit", str(junit))
    assert r.exit_code == 0, r.output
    suite = ET.parse(junit).getroot()
    assert suite.tag == "testsuite"
    names = {(c.get("classname"), c.get("name")) for c in suite.iter("testcase")}
    assert ("derive.softmax-jacobian", "all K") in names
    assert ("derive.softmax-jacobian", "K = 3") in names
    assert ("derive.softmax-sigmoid", "K = 2") in names
    assert suite.get("failures") == "0" and suite.get("errors") == "0"
    assert int(suite.get("tests")) == len(names)


@pytest.fixture
def with_mutant(monkeypatch):
    mutant = MUTANTS[0]
    monkeypatch.setitem(claims.CATALOGUE, mutant.name, mutant)
    return mutant


def test_refuted_claim_exits_1_with_counterexample(with_mutant, tmp_path):
    junit = tmp_path / "r.xml"
    r = run("verify", "--k", "3", "--claim", with_mutant.name, "--junit", str(junit))
    assert r.exit_code == 1
    assert "REFUTED" in r.output and "counterexample" in r.output
    suite = ET.parse(junit).getroot()
    failures = list(suite.iter("failure"))
    assert suite.get("failures") == "1" and len(failures) == 1
    assert "counterexample" in failures[0].get("message")


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["--k", "0"], "at least 1"),
        (["--k", "-3"], "at least 1"),
        (["--k", "2.5"], "whole number"),
        (["--k", "abc"], "whole number"),
        (["--k", "1000000000"], "refused"),
        (["--k", "5..2"], "empty range"),
        (["--claim", "nosuch"], "unknown claim 'nosuch'"),
        (["--format", "xml"], "Invalid value"),
    ],
)
def test_bad_input_is_one_line_exit_2(args, needle):
    r = run("verify", *args)
    assert r.exit_code == 2
    assert needle in r.output
    assert "Traceback" not in r.output
    if needle != "Invalid value":  # click's own usage errors add a usage line
        assert len(r.output.strip().splitlines()) == 1


def test_unwritable_junit_path_is_exit_2(tmp_path):
    r = run("verify", "--k", "2", "--claim", "softmax-jacobian", "--junit",
            str(tmp_path / "missing" / "r.xml"))
    assert r.exit_code == 2 and "cannot write" in r.output


def test_k_equal_one_is_valid():
    r = run("verify", "--k", "1")
    assert r.exit_code == 0, r.output

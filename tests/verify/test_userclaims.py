"""Your own identities through `derive verify --claims`: true ones proven for every K, false
ones refuted with a counterexample, in text, JSON and JUnit."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from click.testing import CliRunner

from derive.cli import main

HERE = Path(__file__).resolve().parent / "claims"
TRUE = [HERE / n for n in ("true.md", "temperature.md", "losses.md", "sigmoid.md",
                           "identities.toml")]


def _verify(*args: str) -> tuple[int, str]:
    res = CliRunner().invoke(main, ["verify", *args])
    return res.exit_code, res.output


def _json(files: list[Path], tmp_path: Path) -> tuple[int, dict, ET.Element]:
    junit = tmp_path / "claims.xml"
    argv = [a for f in files for a in ("--claims", str(f))]
    code, out = _verify(*argv, "--all-k", "--format", "json", "--junit", str(junit))
    return code, json.loads(out), ET.parse(junit).getroot()


def test_true_identities_are_proven_for_every_K(tmp_path: Path) -> None:
    code, data, junit = _json(TRUE, tmp_path)
    results = data["results"]
    assert code == 0, [r["claim"] for r in results if r["verdict"] != "proven"]
    assert len(results) >= 15 and all(r["verdict"] == "proven" for r in results)
    assert all(r["k"] == "all" for r in results)
    assert junit.get("tests") == str(len(results)) and junit.get("failures") == "0"
    names = {r["claim"] for r in results}
    for needed in ("Tempered Jacobian", "Label-smoothed gradient", "Log-sum-exp gradient",
                   "Log-sum-exp Hessian", "Softmax Hessian", "KL gradient", "BCE gradient"):
        assert needed in names


def test_false_identities_are_refuted_with_a_counterexample(tmp_path: Path) -> None:
    code, data, junit = _json([HERE / "false.md"], tmp_path)
    results = data["results"]
    assert code == 1 and len(results) >= 10
    for r in results:
        assert r["verdict"] == "refuted", r["claim"]
        ce = r["counterexample"]
        assert ce is not None and ce["lhs"] != pytest.approx(ce["rhs"], abs=1e-9), r["claim"]
    assert junit.get("failures") == str(len(results))


def test_a_missing_condition_is_named() -> None:
    code, out = _verify("--claims", str(HERE / "false.md"), "--all-k")
    assert code == 1
    assert "true only under Σ_k t_k = 1, which" in out and "does not state" in out


def test_claims_are_named_by_their_heading_and_decided_at_each_K() -> None:
    code, out = _verify("--claims", str(HERE / "temperature.md"), "--k", "2", "--k", "5")
    assert code == 0
    assert "PROVEN   Tempered Jacobian [K = 2]" in out and "[K = 5]" in out


def test_a_file_without_claims_is_one_line_and_exit_2(tmp_path: Path) -> None:
    empty = tmp_path / "empty.md"
    empty.write_text("# nothing\n\nJust prose, $x$.\n")
    code, out = _verify("--claims", str(empty))
    assert code == 2 and "no claims found" in out


def test_bad_toml_is_one_line_and_exit_2(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text("[[claim]]\nlhs = 1\n")
    code, out = _verify("--claims", str(bad))
    assert code == 2 and "lhs and rhs" in out

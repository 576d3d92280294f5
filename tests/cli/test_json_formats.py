"""`derive list` and `derive crosscheck` speak JSON; missing optional backends take one line."""

from __future__ import annotations

import importlib.util
import json

from click.testing import CliRunner

from derive.cli import main


def test_list_json_names_every_claim_and_part() -> None:
    res = CliRunner().invoke(main, ["list", "--format", "json"])
    assert res.exit_code == 0
    data = json.loads(res.output)
    assert {"softmax-jacobian", "softmax-hessian"} <= {c["name"] for c in data}
    assert all(c["parts"] and c["parts"][0]["statement"] for c in data)


def test_crosscheck_json_rows_and_one_line_per_missing_backend() -> None:
    res = CliRunner().invoke(main, ["crosscheck", "--claim", "softmax-jacobian", "--k", "3",
                                    "--points", "8", "--format", "json"])
    assert res.exit_code == 0
    rows = json.loads(res.output)
    assert {r["backend"] for r in rows} >= {"lambdify", "fd", "complex-step", "mpmath"}
    text = CliRunner().invoke(main, ["crosscheck", "--claim", "softmax-jacobian", "--k", "3",
                                     "--points", "8"]).output
    for backend in ("torch", "jax"):
        if importlib.util.find_spec(backend) is None:
            assert text.count(f"{backend}: skipped") == 1
            assert f"· {backend}: skipped" not in text

"""`derive crosscheck` through click's CliRunner: exit codes and output."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from derive.cli import main
from derive.crosscheck import run


def invoke(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["crosscheck", *args])
    return result.exit_code, result.output


def test_all_claims_agree_exit_0() -> None:
    code, out = invoke("--k", "3", "--points", "10", "--backend", "lambdify",
                       "--backend", "complex-step", "--backend", "fd")
    assert code == 0, out
    assert "softmax-jacobian · δ-form · K = 3 · lambdify: agree" in out
    assert "max abs err" in out and "max rel err" in out and "worst: point" in out
    assert "(rtol 1e-06, atol 1e-08)" in out  # fd's looser tolerance is printed
    assert " 0 disagree" in out


def test_extreme_scale_passes_and_reports_overflow() -> None:
    code, out = invoke("--claim", "softmax-shift-invariance", "--claim", "softmax-jacobian",
                       "--k", "4", "--points", "6", "--scale", "1e4",
                       "--backend", "complex-step", "--backend", "mpmath")
    assert code == 0, out
    assert "e^x overflows" in out and "float64 (stable, complex step) vs 50-digit mpmath" in out


def test_help_states_tolerances() -> None:
    code, out = invoke("--help")
    assert code == 0
    for text in ("1e-9, 1e-12", "1e-6, 1e-8", "1e-40, 1e-40", "Exit status", "derive[torch]"):
        assert text in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--points", "0"), "--points 0"),
        (("--points", "-1"), "--points -1"),
        (("--scale", "nan"), "--scale nan"),
        (("--scale", "-2"), "--scale -2:"),
        (("--k", "5000"), "GiB"),
        (("--k", "0"), "at least 1"),
        (("--claim", "no-such-claim"), "unknown claim"),
        (("--z", "1,two"), "--z"),
        (("--z", "1,2", "--z", "1,2,3"), "same number"),
        (("--seed", "-3"), "--seed -3"),
        (("--scale", "1e301"), "up to 1e+300"),
        (("--points", "100000000", "--k", "100"), "GiB"),
    ],
)
def test_bad_input_one_line_exit_2(args: tuple[str, ...], message: str) -> None:
    code, out = invoke(*args)
    assert code == 2
    assert message in out and "Traceback" not in out
    assert len(out.strip().splitlines()) == 1


def test_backend_torch_without_torch_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(run.OPTIONAL, "torch", lambda: False)
    code, out = invoke("--backend", "torch")
    assert code == 2 and "torch is not installed" in out and "derive[torch]" in out
    assert len(out.strip().splitlines()) == 1


def test_missing_optional_backend_is_skipped_by_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(run.OPTIONAL, "jax", lambda: False)
    code, out = invoke("--claim", "softmax-sigmoid", "--points", "4")
    assert code == 0, out
    assert "jax: skipped for all" in out
    assert "jax is not installed (pip install 'derive[jax]')" in out


def test_nan_logits_are_reported_exit_1() -> None:
    code, out = invoke("--claim", "softmax-jacobian", "--z", "1,nan,0", "--z", "0,1,2",
                       "--backend", "complex-step")
    assert code == 1 and "Traceback" not in out
    assert "non-finite input (NaN/inf) not evaluated: point 0" in out
    assert "incomplete" in out


def test_given_logits_agree_exit_0() -> None:
    code, out = invoke("--claim", "log-softmax-gradient", "--z", "1e4,-1e4,0,9999.5",
                       "--backend", "complex-step", "--backend", "lambdify")
    assert code == 0, out
    assert "K = 4" in out


def test_false_claim_exit_1(monkeypatch: pytest.MonkeyPatch) -> None:
    from derive.math.claims import CATALOGUE, Claim, Part, jac

    mutant = Claim("mutant", "sign flipped", (
        Part("J = −(diag(y) − y yᵀ)", "", ("i", "j"), lambda m, ix: jac(m, ix["i"], ix["j"]),
             lambda m, ix: m.y(ix["i"]) * m.y(ix["j"]) - m.delta(ix["i"], ix["j"]) * m.y(ix["i"])),
    ))
    monkeypatch.setitem(CATALOGUE, "mutant", mutant)
    code, out = invoke("--claim", "mutant", "--k", "3", "--points", "5")
    assert code == 1, out
    for backend in ("lambdify", "fd", "complex-step", "mpmath"):
        assert f"mutant · J = −(diag(y) − y yᵀ) · K = 3 · {backend}: disagree" in out
    assert "0 agree" in out


def test_large_k_is_cheap_and_too_much_memory_is_refused_before_work() -> None:
    code, out = invoke("--k", "1500", "--claim", "softmax-sigmoid", "--points", "2",
                       "--backend", "lambdify")
    assert code == 0, out
    assert "warning" not in out  # one exact entry per orbit: no K² build to warn about
    code, out = invoke("--k", "2000", "--claim", "softmax-jacobian", "--points", "30000",
                       "--backend", "complex-step")
    assert code == 2, out
    assert "GiB" in out and "limit 2 GiB" in out


def test_huge_logits_fd_reports_instead_of_failing() -> None:
    code, out = invoke("--claim", "softmax-jacobian", "--k", "3", "--points", "4",
                       "--scale", "1e300", "--backend", "fd", "--backend", "complex-step")
    assert code == 0, out
    assert "fd: skipped" in out and "cannot resolve the step" in out

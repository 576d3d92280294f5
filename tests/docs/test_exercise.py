"""Exercises: planted steps are wrong by the exact engine, the rest holds, `derive check` agrees."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import sympy as sp
from click.testing import CliRunner

from derive.cli import main
from derive.docs import mutations as M
from derive.docs.derivations import build
from derive.docs.exercise import (
    ExerciseError,
    _chains,
    _distinct,
    command,
    make_exercise,
    print_exercise,
    unbox,
)
from derive.docs.symbols import Ctx, to_latex
from derive.docs.verify import VerificationError, verify_step
from derive.math.notation import Notation

C = Ctx(Notation(), 3)
II, JJ, Y, Z, S = C.i, C.j, C.y, C.z, C.S
JAC = sp.Mul(Y[II], sp.Add(sp.KroneckerDelta(II, JJ), sp.Mul(-1, Y[JJ], evaluate=False),
                          evaluate=False), evaluate=False)
FRAC = sp.Mul(sp.exp(Z[II]), sp.Pow(S, -1, evaluate=False), evaluate=False)

OPERATORS = [
    ("sign flip", JAC, r"- y_{i} \left(\delta_{ij} - y_{j}\right)"),
    ("sign flip", sp.Add(Y[II], sp.Mul(-1, Y[JJ], evaluate=False), evaluate=False),
     "y_{i} + y_{j}"),
    ("dropped factor", JAC, r"\delta_{ij} - y_{j}"),
    ("dropped factor", FRAC, None),
    ("wrong index", JAC, r"y_{j} \left(\delta_{ij} - y_{j}\right)"),
    ("doubled denominator", FRAC, r"\frac{e^{z_{i}}}{S^{2}}"),
    ("doubled denominator", JAC, None),
    ("dropped condition", JAC, r"y_{i} \left(\delta_{ij} - y_{j}\right)"),
]


@pytest.mark.parametrize(("name", "line", "expected"), OPERATORS)
def test_each_operator(name: str, line, expected: str | None) -> None:
    out = M.BY_NAME[name].apply(line, [II, JJ])
    assert (None if out is None else to_latex(C, out)) == expected


def test_operators_are_data_with_docstrings() -> None:
    assert [m.name for m in M.MUTATIONS] == ["sign flip", "dropped factor", "wrong index",
                                             "doubled denominator", "dropped condition"]
    for m in M.MUTATIONS:
        assert m.apply.__doc__ and m.describes


def test_wrong_index_needs_two_free_indices() -> None:
    assert M.wrong_index(JAC, [II]) is None


@pytest.fixture(scope="module")
def docs():
    return {name: build(name, 3) for name in ("softmax-jacobian", "cross-entropy-chain-rule")}


def _student_lines(ex):
    """(before, after, conditions, distinct, number) for every step of the student version."""
    d = ex.derivation
    out = []
    for c, ch, first in _chains(d):
        distinct = () if c in ex.dropped_distinct else _distinct(d.ctx, ch)
        prev = ch.start
        for n, step in enumerate(ch.steps):
            number = first + n
            after = ex.lines.get(number, step.after)
            conds = () if number in ex.dropped_conditions else step.conditions
            out.append((prev, after, conds, distinct, number))
            prev = after
    return out


@pytest.mark.parametrize("seed", range(4))
@pytest.mark.parametrize("name", ["softmax-jacobian", "cross-entropy-chain-rule"])
def test_planted_steps_are_wrong_and_the_rest_holds(docs, name: str, seed: int) -> None:
    ex = make_exercise(docs[name], 3, seed)
    planted = {p.number for p in ex.planted}
    assert len(planted) == 3
    for before, after, conds, distinct, number in _student_lines(ex):
        if number in planted:
            with pytest.raises(VerificationError):
                verify_step(ex.derivation.ctx, before, after, conds, distinct)
        else:
            verify_step(ex.derivation.ctx, before, after, conds, distinct)
    for p in ex.planted:
        assert p.counterexample.startswith("at $K = 3$")


def test_too_many_plants_is_a_clear_error(docs) -> None:
    with pytest.raises(ExerciseError, match="only"):
        make_exercise(docs["softmax-jacobian"], 5, 0)
    with pytest.raises(ExerciseError, match="between 1 and"):
        make_exercise(docs["softmax-jacobian"], 0, 0)


def test_unbox() -> None:
    assert unbox(r"a = \boxed{y_{i} \left(1 - y_{i}\right)} + \boxed{b}") == (
        r"a = y_{i} \left(1 - y_{i}\right) + b")


def _verdicts(md: str) -> dict[int, str]:
    """Step number → verdict of `derive check` on a student version (flag: wrong, or a needed
    condition the document does not state)."""
    from derive.check.run import check_document

    number_of_line = {}
    for n, line in enumerate(md.splitlines(), 1):
        m = re.search(r"\\text\{\((\d+)\) ", line)
        if m:
            number_of_line[n] = int(m.group(1))
    report = check_document(md, "exercise.md", seed=0, symbolic=False)
    out: dict[int, str] = {}
    rank = {"flag": 3, "ok": 2, "unreadable": 1}  # a line's verdict: its step's, flagged first
    for s in report.steps:
        flag = s.verdict == "wrong" or (s.verdict == "needs-condition" and not s.condition_stated)
        verdict = "flag" if flag else s.verdict
        n = number_of_line.get(s.line, -s.line)
        if rank.get(verdict, 0) >= rank.get(out.get(n, ""), 0):
            out[n] = verdict
    return out


SEEDS = range(50)


@pytest.fixture(scope="module")
def round_trips(docs) -> list[tuple[str, int, set[int], dict[int, str]]]:
    """50 seeds, alternating two derivations: planted steps and check's verdicts."""
    out = []
    for seed in SEEDS:
        name = ("softmax-jacobian", "cross-entropy-chain-rule")[seed % 2]
        ex = make_exercise(docs[name], 3, seed)
        md, _ = print_exercise(ex, "md", command(ex, 3, seed))
        out.append((name, seed, {p.number for p in ex.planted}, _verdicts(md)))
    return out


def test_check_flags_no_unplanted_step_and_reads_or_flags_every_planted_one(round_trips) -> None:
    """No false alarm; a planted step is flagged, or unreadable (with a reason)."""
    for name, seed, planted, verdicts in round_trips:
        flagged = {n for n, v in verdicts.items() if v == "flag"}
        assert flagged <= planted, (name, seed, planted, flagged)
        for n in planted:
            assert verdicts.get(n) in ("flag", "unreadable"), (name, seed, n, verdicts.get(n))


def test_round_trip_check_flags_exactly_the_planted_steps(round_trips) -> None:
    """plant → check flags exactly the planted steps, for all 50 seeds."""
    exact = sum(1 for _, _, planted, verdicts in round_trips
                if {n for n, v in verdicts.items() if v == "flag"} == planted)
    assert exact == len(SEEDS), f"{exact}/{len(SEEDS)} seeds round-trip exactly"


def test_student_version_hides_verdicts_and_the_key_explains(docs) -> None:
    ex = make_exercise(docs["cross-entropy-chain-rule"], 3, 2)
    md, key = print_exercise(ex, "md", command(ex, 3, 2))
    assert "\\boxed" not in md and "## Verification" not in md and "Worked example" not in md
    assert "This derivation contains 3 errors" in md
    for p in ex.planted:
        assert f"## Step ({p.number}): {p.mutation.name}" in key
    assert key.count("**Counterexample:**") == 3
    html, hkey = print_exercise(ex, "html", command(ex, 3, 2))
    assert 'class="mark"></td>' in html and "✓" not in html.split("<body>")[1]
    assert "katex.render" in hkey


def run(*args: str):
    return CliRunner().invoke(main, ["exercise", *args])


@pytest.mark.parametrize("fmt", ["md", "tex", "html"])
def test_cli_writes_student_version_and_key(tmp_path: Path, fmt: str) -> None:
    out = tmp_path / f"ex.{fmt}"
    r = run("softmax-jacobian", "--k", "3", "--plant", "2", "--seed", "5", "-o", str(out))
    assert r.exit_code == 0, r.output
    key = tmp_path / f"ex-answers.{fmt}"
    assert out.is_file() and key.is_file()
    assert "derive exercise softmax-jacobian --k 3 --plant 2 --seed 5" in out.read_text()


def test_cli_pdf(tmp_path: Path, tool) -> None:
    tool("pdflatex", "apt-get install -y --no-install-recommends texlive-latex-base")
    out = tmp_path / "ex.pdf"
    r = run("cross-entropy-chain-rule", "--k", "3", "--seed", "1", "-o", str(out),
            "--answers", str(tmp_path / "key.pdf"))
    assert r.exit_code == 0, r.output
    assert out.read_bytes().startswith(b"%PDF") and (tmp_path / "key.pdf").is_file()


@pytest.mark.parametrize(("args", "message"), [
    (["softmax-jacobian", "-o", "x.txt"], "give --format or an extension"),
    (["softmax-jacobian", "--format", "md", "-o", "x.tex"], "contradicts"),
    (["softmax-jacobian", "--k", "3", "--plant", "9", "-o", "x.md"], "between 1 and 5"),
    (["nope", "-o", "x.md"], "unknown derivation"),
    (["softmax-jacobian", "--k", "0", "-o", "x.md"], "K must be between"),
    (["softmax-jacobian", "-o", "x.md", "--answers", "x.md"], "different files"),
])
def test_cli_bad_input(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: list[str],
                       message: str) -> None:
    monkeypatch.chdir(tmp_path)
    r = run(*args)
    assert r.exit_code == 2, r.output
    lines = [ln for ln in r.output.splitlines() if ln.strip()]
    assert len(lines) == 1 and lines[0].startswith("Error: ") and message in lines[0], r.output
    assert list(tmp_path.iterdir()) == []

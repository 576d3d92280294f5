"""Each hostile input of issue 10 gets a one-line answer or an `unreadable` verdict with the
reason, the documented exit code and no traceback (each in a fraction of its 10 s bound)."""

from __future__ import annotations

import time

import pytest
from click.testing import CliRunner

from derive.check import check_document
from derive.check import limits as L
from derive.cli import main

SOFTMAX = "Softmax $y_i = \\frac{e^{z_i}}{\\sum_k e^{z_k}}$.\n\n"
SUMS = "".join(f"\\sum_{c} " for c in "abcdefghlmnp")


def _last(doc: str, **kw: object):
    """The report and the step(s) after the softmax definition."""
    start = time.monotonic()
    report = check_document(doc, "hostile.md", **kw)  # type: ignore[arg-type]
    assert time.monotonic() - start < 10  # the bound; a regression shows here first
    return report, [s for s in report.steps if s.kind != "definition"]


@pytest.mark.parametrize(("formula", "reason"), [
    ("y_i = y_i \\cdot 10^{10^{10}}", "a constant exponent larger than 1000"),
    ("y_i = y_i e^{10^{10^{10}}}", "a constant exponent larger than 1000"),
    ("y_i = y_i 2^{10^9}", "a constant exponent larger than 1000"),
    ("y_i = y_i ((2^{100})^{100})^{100}", "a constant larger than 10^100"),
    ("y_i = y_i K^{K^{K^{K}}}", "constant"),
    (f"y_i = {SUMS} \\frac{{y_i}}{{K^{{12}}}}", "more than 4 nested sums (12)"),
    ("y_i = \\sum_a \\sum_b \\sum_c \\sum_d (y_a + y_b + y_c + y_d) / K^4",
     "terms once its sums are written out"),
    ("y_i = " + "(" * 800 + "y_i" + ")" * 800, "brackets nested deeper than 40 (800)"),
    ("y_i = y_i" + "+1-1" * 350, "more than 200 terms (700 signs)"),
    ("y_i = y_i + 1234567890123456789012345678901234567890 - "
     "1234567890123456789012345678901234567890", "a number with more than 30 digits"),
    ("y_i = y_i" + " + 0" * 100 + " " * 3000 + "+ y_i - y_i", "formula longer than 2000"),
], ids=["10^10^10", "e^10^10^10", "2^10^9", "tower", "K^K^K^K", "12 sums", "expanded",
        "800 parens", "700 terms", "40 digits", "3000 chars"])
def test_over_a_limit_is_unreadable_with_the_reason(formula: str, reason: str) -> None:
    report, steps = _last(SOFTMAX + f"$${formula}$$\n")
    assert [s.verdict for s in steps] == ["unreadable"], steps
    assert reason in steps[0].reason
    assert report.exit_code == 0  # the softmax definition was read and is ok


def test_within_the_limits_sums_are_not_refused() -> None:
    _, steps = _last(SOFTMAX + "$$y_i = \\sum_a \\frac{y_i}{K}$$\n"
                     "$$y_i = \\sum_a y_i$$\n"
                     "$$y_i = \\sum_a \\sum_b \\frac{y_i}{K^2}$$\n")
    assert [s.verdict for s in steps[:2]] == ["ok", "wrong"]
    limit_reasons = ("nested sums", "terms once", "constant", "brackets", "longer than")
    assert not any(r in steps[2].reason for r in limit_reasons), steps[2].reason


def test_forty_thousand_comment_openers() -> None:
    report, steps = _last("<!--" * 40_000 + "\n\n" + SOFTMAX + "$$y_i = 2 y_i$$\n")
    assert [s.verdict for s in steps] == ["wrong"] and report.exit_code == 1


def test_closed_comments_are_still_skipped() -> None:
    _, steps = _last(SOFTMAX + "<!-- $$y_i = 2 y_i$$ -->\n" * 2000 + "$$y_i = y_i$$\n")
    assert [s.verdict for s in steps] == ["ok"]


def test_five_thousand_formulas_under_one_case_sentence() -> None:
    doc = SOFTMAX + "When $i = j$, " + ", ".join(["$y_i = y_i$"] * 5000) + ".\n"
    report, steps = _last(doc)
    over = [s for s in steps if "under one case sentence" in s.reason]
    assert len(over) == 1 and over[0].verdict == "unreadable"
    assert "4951 more formulas under one case sentence: only the first 50" in over[0].reason
    read = [s for s in steps if s.verdict == "ok"]
    assert len(read) == L.LIMIT["case_formulas"] - 1  # the 50th is "$i = j$" itself
    assert report.exit_code == 0


def test_a_cases_row_with_thirty_thousand_spaces() -> None:
    from derive.check.parser import Unreadable, parse_member

    row = ("\\begin{cases} 1 & i = j \\text{" + " " * 30_000 + "x} \\\\ 0 & \\text{otherwise}"
           "\\end{cases}")
    start = time.monotonic()
    with pytest.raises(Unreadable, match="cases condition is more than one index relation"):
        parse_member(row)  # the parser itself, without the length limit: linear regexes
    assert time.monotonic() - start < 5
    _, steps = _last(SOFTMAX + f"$$\\delta_{{ij}} = {row}$$\n")
    assert [s.verdict for s in steps] == ["unreadable"]
    assert "formula longer than 2000 characters" in steps[0].reason


@pytest.mark.parametrize(("tail", "verdict"), [
    (" " * 30_000, "wrong"), (", " * 15_000, "wrong"), ("." * 30_000, "wrong"),
    ("\\," * 15_000, "unreadable"),  # thin spaces stay in the formula: too long
], ids=["spaces", "commas", "dots", "thin spaces"])
def test_rows_with_long_trailing_runs(tail: str, verdict: str) -> None:
    _, steps = _last(SOFTMAX + "$$y_i = 2 y_i" + tail + "$$\n")
    assert [s.verdict for s in steps] == [verdict]


def test_recursion_never_escapes(monkeypatch: pytest.MonkeyPatch) -> None:
    # with the size limits lifted, the parser's own recursion limit is reached: unreadable
    monkeypatch.setitem(L.LIMIT, "terms", 10**6)
    monkeypatch.setitem(L.LIMIT, "formula_chars", 10**6)
    _, steps = _last(SOFTMAX + "$$y_i = " + " + ".join(["y_i"] * 2000) + "$$\n")
    assert [s.verdict for s in steps] == ["unreadable"]
    assert steps[0].reason.endswith("nested too deeply to read")


def test_a_step_out_of_time_is_unreadable_and_the_rest_goes_on(
        monkeypatch: pytest.MonkeyPatch) -> None:
    import derive.check.run as run

    real = run._decide

    def slow_first(checker, spec):  # type: ignore[no-untyped-def]
        if spec.rhs.text == "y_i y_i":
            while True:  # a step that never ends by itself
                time.sleep(0.01)
        return real(checker, spec)

    monkeypatch.setattr(run, "_decide", slow_first)
    monkeypatch.setitem(L.LIMIT, "step_seconds", 0.3)
    report, steps = _last(SOFTMAX + "$$y_i^2 = y_i y_i$$\n\n$$y_i = 2 y_i$$\n")
    assert [s.verdict for s in steps] == ["unreadable", "wrong"]
    assert steps[0].reason.startswith("time limit: more than 0.3 s for this step")
    assert report.exit_code == 1


def test_the_document_budget_reports_the_steps_it_did_not_reach(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(L.LIMIT, "document_seconds", 0.0)
    report, steps = _last(SOFTMAX + "$$y_i = 2 y_i$$\n")
    assert all(s.verdict == "unreadable" and "were used up before this step" in s.reason
               for s in report.steps)
    assert report.exit_code == 2  # nothing was decided


def test_equations_beyond_the_cap_are_reported(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(L.LIMIT, "equations", 2)
    report, steps = _last(SOFTMAX + "$$y_i = y_i$$\n\n$$y_i = 2 y_i$$\n\n$$y_i = 3 y_i$$\n")
    assert [s.verdict for s in steps] == ["ok", "unreadable"]
    assert "2 more equations: only the first 2 of the document are read" in steps[1].reason


def test_time_limit_restores_an_outer_timer() -> None:
    import signal

    signal.setitimer(signal.ITIMER_REAL, 100)
    try:
        with L.time_limit(1):
            pass
        left, _ = signal.getitimer(signal.ITIMER_REAL)
        assert 90 < left <= 100
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)


def test_negative_seed_is_one_line_exit_2(tmp_path) -> None:  # type: ignore[no-untyped-def]
    f = tmp_path / "d.md"
    f.write_text(SOFTMAX)
    r = CliRunner().invoke(main, ["check", str(f), "--seed", "-3"])
    assert r.exit_code == 2 and r.stderr.strip().count("\n") == 0
    assert "--seed -3" in r.stderr and r.stdout == ""


def test_hostile_input_through_the_command_is_one_answer(tmp_path) -> None:  # type: ignore[no-untyped-def]
    f = tmp_path / "d.md"
    f.write_text(SOFTMAX + "$$y_i = " + "(" * 800 + "y_i" + ")" * 800 + "$$\n")
    r = CliRunner().invoke(main, ["check", str(f)])
    assert r.exit_code == 0 and "Traceback" not in r.output
    assert "brackets nested deeper than 40" in r.stdout


def test_limits_are_in_the_help() -> None:
    out = CliRunner().invoke(main, ["check", "--help"]).stdout
    for lim in L.LIMITS:
        assert lim.what.split(" (")[0][:30] in " ".join(out.split()), lim.name


def test_a_long_formula_inside_a_prose_line_is_linear() -> None:
    """Prose units see a formula as blanks: a 20 000-character one must not make any prose
    rule (case labels, inline definitions) backtrack."""
    doc = SOFTMAX + "\\[y_i = " + "y_i + " * 3000 + "0\\] \\[y_i = y_i\\] 1. $i = j$\n"
    report, _ = _last(doc)
    assert report.steps


@pytest.mark.parametrize("group", [r"(x_1 + x_2 + \dots + x_n)", r"0 + \dots + y_k + \dots + 0"])
def test_thousands_of_dots_sums_in_one_formula(group: str) -> None:
    """Each dots rule rewrites a bounded number of groups per member: no recursion error, and
    the document gets its answer (the rest of the formula is left as written)."""
    from derive.check.normalize import normalize_member

    member = " + ".join([group] * 3000)
    assert normalize_member(member)  # was a RecursionError past ~1000 groups
    report = check_document(SOFTMAX + "$$a = " + member + "$$\n", "t.md")
    assert report.steps

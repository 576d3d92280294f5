"""Mangled documents never crash the checker and never turn a wrong step into ok."""

from __future__ import annotations

import random
from pathlib import Path

from derive.check import NoMath, check_document

CORPUS = Path(__file__).parent / "corpus"
TOKENS = ["\\frac{", "}", "{", "_", "^", "=", "\\sum_k", "\\partial", "(", ")", "$", "$$",
          "\\\\", "&", "\\delta_{ij}", "0", "\\begin{cases}", "\\end{cases}", "\\ln", "e^",
          "z_", "y_1", "/", "-", "i = j", "\\left(", "1/0", "\\ln 0", "\\sum_{k=1}^{0}",
          "z_{0}", "y_{99}", ":=", "\\text{where }", "\\begin{cases y", "\\frac{\\partial L}"]


def test_mutated_corpus_never_raises() -> None:
    rng = random.Random(1234)
    docs = [p.read_text() for p in sorted(CORPUS.iterdir()) if p.suffix in (".md", ".tex")]
    for _ in range(60):
        d = rng.choice(docs)
        for _ in range(rng.randint(1, 5)):
            pos = rng.randrange(len(d) + 1)
            if rng.random() < 0.5:
                d = d[:pos] + rng.choice(TOKENS) + d[pos:]
            else:
                d = d[:pos] + d[pos + rng.randint(1, 10):]
        try:
            report = check_document(d, "mutant.md")
        except NoMath:
            continue
        for s in report.steps:
            assert s.verdict in ("ok", "wrong", "needs-condition", "unreadable")
            if s.verdict == "wrong":
                assert s.counterexample is not None
            if s.verdict in ("ok", "unreadable"):
                assert s.counterexample is None


def test_cyclic_definitions_do_not_loop() -> None:
    doc = "$a_i = b_i + 1$ and $b_i = a_i - 1$ and $a_i = 2$\n"
    report = check_document(doc)
    assert all(s.verdict in ("ok", "wrong", "unreadable") for s in report.steps)


def test_unclosed_environment() -> None:
    report = check_document("$$\n y_i = \\begin{cases y_i\n$$\n")
    assert report.steps and all(s.verdict == "unreadable" for s in report.steps)


SOFTMAX = "Softmax $y_i = \\frac{e^{z_i}}{\\sum_k e^{z_k}}$.\n\n"


def test_unbalanced_braces_are_unreadable_with_the_reason() -> None:
    report = check_document(SOFTMAX + "$$\n\\frac{\\partial y_i}{ = y_i (1 - y_i)\n$$\n", "b.md")
    bad = [s for s in report.steps if s.line == 3]
    assert [s.verdict for s in bad] == ["unreadable"]
    assert "unbalanced braces" in bad[0].reason
    assert report.exit_code == 0  # the definition was read and is ok; nothing is wrong


def test_unclosed_display_is_reported_not_skipped() -> None:
    report = check_document(SOFTMAX + "$$\n\\frac{\\partial y_i}{\\partial z_i} = y_i\n", "u.md")
    assert any(s.verdict == "unreadable" and "unclosed $$" in s.reason for s in report.steps)


def test_a_document_nothing_of_which_can_be_read_exits_2() -> None:
    report = check_document("Here $$ \\frac{a}{ = b $$ and $$ x = \\bar\\baz $$\n", "n.md")
    assert report.steps and all(s.verdict == "unreadable" for s in report.steps)
    assert report.exit_code == 2

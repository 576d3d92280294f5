"""The author's own macros: expanded in place, line numbers kept, bounded on hostile input."""

from __future__ import annotations

import string

import pytest

from derive.check.macros import MAX_GROWTH, expand_macros, find_macros

PD = r"\newcommand{\pd}[2]{\frac{\partial #1}{\partial #2}}"


@pytest.mark.parametrize(("doc", "want"), [
    (PD + r" $\pd{y_i}{z_j} = 0$", r"${\frac{\partial y_i}{\partial z_j}} = 0$"),
    (r"\renewcommand\pd[2]{\frac{d #1}{d #2}} $\pd y x$", r"${\frac{d y}{d x}}$"),
    (r"\providecommand{\Z}{\sum_k e^{z_k}} $1/\Z$", r"$1/{\sum_k e^{z_k}}$"),
    (r"\def\Z{\sum_k e^{z_k}} $(\Z)^2$", r"$({\sum_k e^{z_k}})^2$"),
    (r"\def\f#1#2{#1^{#2}} $\f{e}{z}$", r"${e^{z}}$"),
    (r"\DeclareMathOperator{\sm}{softmax} $\sm(z)_i$", r"$\operatorname{softmax}(z)_i$"),
    (r"\newcommand{\vz}{\mathbf{z}} $\vz_i$", r"$\mathbf{z}_i$"),
    (r"\newcommand{\s}{\sigma} $\s x + \s_i$", r"$\sigma x + \sigma_i$"),
    (r"\newcommand{\e}[1][z]{e^{#1}} $\e = \e[x]$", r"${e^{z}} = {e^{x}}$"),
    (r"\newcommand{\ba}{\begin{aligned}} $$\ba a &= b \end{aligned}$$",
     r"$$\begin{aligned} a &= b \end{aligned}$$"),
    (r"\newcommand{\A}{\B} \newcommand{\B}{\beta} $\A$", r"$\beta$"),  # macros in macros
])
def test_a_use_becomes_its_body(doc: str, want: str) -> None:
    got, note = expand_macros(doc)
    assert got.strip().endswith(want), got
    assert note.startswith("the document's own macros expanded")


def test_definitions_are_blanked_and_lines_kept() -> None:
    doc = PD + "\n\\def\\Z{\\sum_k\ne^{z_k}}\n$\\pd{y}{z} = \\Z$\nend\n"
    got, _ = expand_macros(doc)
    assert got.count("\n") == doc.count("\n")
    assert got.splitlines()[0].strip() == "" and got.splitlines()[4] == "end"
    assert "\\Z" not in got and "\\pd" not in got and got.splitlines()[3].startswith("${\\frac")


@pytest.mark.parametrize("doc", ["$x = 1$", r"\definecolor{red} $x$", r"\def $x$",
                                 r"\newcommand{\pd}[2]{\frac{ $x=1$"])
def test_no_macro_no_change(doc: str) -> None:
    assert expand_macros(doc) == (doc, "")


def test_too_few_arguments_are_left_as_written() -> None:
    """``\\pd{y} = 1``: '=' is not an argument, so the use stays and the reader says so."""
    got, _ = expand_macros(PD + r" $\pd{y} = 1$")
    assert got.endswith(r"$\pd{y} = 1$")


def test_the_reader_needs_are_not_redefined() -> None:
    assert find_macros(r"\renewcommand{\frac}[2]{#1/#2} \def\sum{S}")[0] == {}


@pytest.mark.parametrize("doc", [
    r"\def\a{\a\a} $x = \a$",  # recursive
    "".join(rf"\def\m{a}{{\m{b}\m{b}}}" for a, b in zip(string.ascii_letters[:40],
                                                         string.ascii_letters[1:41], strict=True))
    + r"\def\mO{x} $y = \ma$",  # doubling 40 times
])
def test_expansion_is_bounded_and_says_it_stopped(doc: str) -> None:
    got, note = expand_macros(doc)
    assert len(got) <= MAX_GROWTH * len(doc) + 10_000
    assert "expansion stopped" in note


def test_a_document_with_macros_is_checked(tmp_path) -> None:
    from click.testing import CliRunner

    from derive.cli import main

    doc = tmp_path / "m.tex"
    doc.write_text("\\documentclass{article}\n" + PD + "\n\\begin{document}\n"
                   "$y_i = \\frac{e^{z_i}}{\\sum_k e^{z_k}}$\n"
                   "\\[ \\pd{y_i}{z_i} = y_i (1 + y_i) \\]\n\\end{document}\n")
    res = CliRunner().invoke(main, ["check", str(doc)])
    assert res.exit_code == 1, res.output
    assert "m.tex:5: WRONG" in res.output and "macros expanded (\\pd)" in res.output

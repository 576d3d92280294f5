"""What a teacher reads: shorthand S, boxed results, self-contained documents, worked numbers."""

from __future__ import annotations

import re

import numpy as np
import pytest

from derive.docs import worked
from derive.docs.derivations import DERIVATIONS, build
from derive.docs.render import md_math, render, says_math
from derive.docs.steps import RULES


def _cases() -> list[tuple[str, int | None]]:
    out: list[tuple[str, int | None]] = []
    for spec in DERIVATIONS.values():
        out += [(spec.name, spec.only_k)] if spec.only_k else [(spec.name, None), (spec.name, 3)]
    return out


@pytest.fixture(scope="module")
def docs() -> dict[tuple[str, int | None], object]:
    return {case: build(*case) for case in _cases()}


def test_every_rule_has_words_and_a_formula() -> None:
    for name, rule in RULES.items():
        assert rule.words and rule.formula, name
        assert rule.formula.count("{") == rule.formula.count("}"), name


@pytest.mark.parametrize("case", _cases(), ids=str)
def test_each_document_is_self_contained(docs, case) -> None:
    """A rule that cites a result (the Jacobian lemma, 'above') has it in the same document."""
    d = docs[case]
    titles = [s.title for s in d.sections]
    rules = [s.rule for s in d.steps]
    if "softmax jacobian" in rules:
        first_use = next(n for n, sec in enumerate(d.sections)
                         if any(s.rule == "softmax jacobian" for c in sec.chains for s in c.steps))
        assert any(t.startswith("Lemma") for t in titles[:first_use]), titles
    for text in (render(d, "md"), render(d, "tex")):
        assert "derived above" not in text
        assert "(above)" not in text.split("Verification")[0]


@pytest.mark.parametrize("case", _cases(), ids=str)
def test_results_are_boxed(docs, case) -> None:
    md = render(docs[case], "md")
    assert "\\boxed{" in md


@pytest.mark.parametrize("name", ["softmax-jacobian", "cross-entropy-chain-rule",
                                  "softmax-backprop"])
def test_the_shorthand_is_introduced_once_and_used(docs, name: str) -> None:
    d = docs[(name, None)]
    md = render(d, "md")
    assert md.count(r"S = \sum_{k=1}^{K} e^{z_{k}}") == 1
    quotient = [s for s in d.steps if s.rule == "quotient rule"]
    assert quotient
    from derive.docs.symbols import to_latex

    for step in quotient:  # the quotient-rule line no longer repeats the sum
        assert r"\sum" not in to_latex(d.ctx, step.after)


def test_blog_notation_shorthand_does_not_clash_with_outputs_named_s() -> None:
    from derive.math.notation import PRESETS

    d = build("softmax-jacobian", None, PRESETS["blog"])
    assert d.ctx.S.name == "Z"  # S is the outputs' letter there


def test_cross_entropy_document_has_both_routes_meeting() -> None:
    d = build("cross-entropy-chain-rule", None)
    titles = [s.title for s in d.sections]
    assert any("Route 1" in t for t in titles) and any("Route 2" in t for t in titles)
    meet = next(s for s in d.sections if s.title == "Where the routes meet")
    route1 = next(s for s in d.sections if "Route 1" in s.title).chains[0].result
    route2 = next(s for s in d.sections if "Differentiate" in s.title).chains[0].result
    assert route1 == route2 == meet.chains[0].steps[0].after  # the same expression
    assert [s.rule for s in d.steps if s.conditions] == ["sum of targets is one"]


def test_sigmoid_document_ends_at_the_stated_form() -> None:
    d = build("softmax-sigmoid", 2)
    last = d.sections[0].chains[1].result
    from derive.docs.symbols import to_latex

    assert to_latex(d.ctx, last) == r"\sigma\left(z_{2} - z_{1}\right)"


def test_backprop_gives_the_vector_form() -> None:
    md = render(build("softmax-backprop", None), "md")
    assert r"y \odot \left(g - (g^{\mathsf T} y) \mathbf{1}\right) = J^{\mathsf T} g" in md


def test_step_names_say_what_the_step_does(docs) -> None:
    d = docs[("softmax-jacobian", None)]
    says = [s.says for s in d.steps]
    assert "$e^{z_{i}}$ does not depend on $z_{j}$" in says
    assert all(s.says for s in d.steps)


def test_worked_example_numbers() -> None:
    ex = worked.example(3)
    assert worked.vector(ex.y) == "(0.2312, 0.6285, 0.1402)"
    assert worked.vector(ex.grad_ce) == "(0.2312, -0.3715, 0.1402)"
    assert np.allclose(ex.jacobian.sum(axis=1), 0)  # rows of J sum to zero
    assert all(v <= worked.AGREE for v in ex.gap.values())
    md = render(build("softmax-jacobian", 3), "md")
    assert "Take $z = (1, 2, 0.5)$" in md and "0.1778 & -0.1453 & -0.0324" in md
    md = render(build("cross-entropy-chain-rule", 3), "md")
    assert r"\nabla_{z} E = y - t \approx (0.2312, -0.3715, 0.1402)" in md


def test_worked_example_stops_the_document_when_routes_disagree(
        monkeypatch: pytest.MonkeyPatch) -> None:
    from derive.docs.generate import generate
    from derive.errors import UserError

    monkeypatch.setattr(worked, "AGREE", -1.0)
    with pytest.raises(UserError, match="the two routes disagree"):
        generate("softmax-jacobian", 3, ("md",))


@pytest.mark.parametrize("mode", ["table", "full", "none"])
def test_verification_modes(docs, mode: str) -> None:
    d = docs[("softmax-jacobian", None)]
    md, tex = render(d, "md", verification=mode), render(d, "tex", verification=mode)
    if mode == "none":
        assert "## Verification" not in md and "Verification}" not in tex
    else:
        assert "## Verification" in md and "section*{Verification}" in tex
    assert ("| step | rule | exact check |" in md) == (mode == "table")
    assert (r"\begin{tabular}" in tex) == (mode == "table")
    if mode == "full":
        assert RULES["quotient rule"].formula in md


_INLINE = re.compile(r"(?<!\$)\$([^$\n]+)\$(?!\$)")
_PUNCT = re.compile(r"(?<!\\)(?:\\\\)*\\[,;:!{} |]")


@pytest.mark.parametrize("case", _cases(), ids=str)
@pytest.mark.parametrize("mode", ["table", "full"])
def test_markdown_has_no_backslash_punctuation(docs, case, mode: str) -> None:
    md = render(docs[case], "md", verification=mode)
    for block in md.split("$$")[0::2]:  # outside display math
        for frag in _INLINE.findall(block):
            assert not _PUNCT.search(frag), frag
    for block in md.split("$$")[1::2]:  # and inside it
        assert not _PUNCT.search(block), block[:200]


def test_md_math_rewrites_punctuation_only() -> None:
    assert md_math(r"y\,y^T \{1\} a \\ b") == r"y y^T \lbrace 1\rbrace  a \\ b"


def test_says_math_keeps_spaces_in_tex() -> None:
    out = says_math("only $k$ survives", "tex")
    assert out == r"\text{\small{}only $k$ survives}"

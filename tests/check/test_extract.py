"""Finding chains, their lines, and case restrictions."""

from __future__ import annotations

from derive.check.extract import extract, parse_index_conds


def _equations(doc: str):
    """Chains other than the inline index statements such as $i = j$."""
    return [c for c in extract(doc).chains if len(c.members[0].text) > 1]


def test_multiline_display_chain_lines() -> None:
    doc = "intro\n$$\nA\n  = B\n  = C\n$$\n"
    (chain,) = extract(doc).chains
    assert [m.text for m in chain.members] == ["A", "B", "C"]
    assert [m.line for m in chain.members] == [3, 4, 5]


def test_align_rows_continue_and_restart() -> None:
    doc = "\\begin{align}\nx &= y \\\\\n  &= z \\\\\nu &= v\n\\end{align}\n"
    chains = extract(doc).chains
    assert [[m.text for m in c.members] for c in chains] == [["x", "y", "z"], ["u", "v"]]


def test_equals_inside_braces_is_not_a_relation() -> None:
    (chain,) = extract(r"$a = \sum_{k=1}^{K} b_k$").chains
    assert len(chain.members) == 2


def test_code_blocks_are_ignored() -> None:
    assert extract("```\n$a = b$\n```\n").chains == ()


def test_heading_and_paragraph_restrictions() -> None:
    doc = "## Case $i = j$\n\n$$a_i = b_j$$\n\nFor $i \\neq j$:\n\n$$c_i = d_j$$\n"
    c1, c2 = _equations(doc)
    assert c1.restriction == (("eq", "i", "j"),)
    assert c2.restriction == (("ne", "i", "j"),)


def test_reset_on_combination_prose() -> None:
    doc = "When $i = j$:\n\n$$a_i = b_j$$\n\nCombining both cases:\n\n$$c_i = d_j$$\n"
    c1, c2 = _equations(doc)
    assert c1.restriction and not c2.restriction


def test_trailing_quad_condition_attaches_to_row() -> None:
    doc = "$$\nA = B, \\quad i \\neq j\n$$\n"
    (chain,) = extract(doc).chains
    assert [m.text for m in chain.members] == ["A", "B"]
    assert chain.members[1].conds == (("ne", "i", "j"),)


def test_index_condition_parser() -> None:
    assert parse_index_conds(r"i \neq j") == [("ne", "i", "j")]
    assert parse_index_conds("k = 1") == []
    assert parse_index_conds("y_i = x") == []
    assert parse_index_conds("$y_i = j$:") == [("eq", "c", "j")]  # the class of example i
    assert parse_index_conds(r"y_{i} \neq k") == [("ne", "c", "k")]


def test_second_equation_after_qquad_is_its_own_chain() -> None:
    doc = "$$\nA_k = B_k, \\qquad C_k = D_k\n$$\n"
    chains = _equations(doc)
    assert [[m.text for m in c.members] for c in chains] == [["A_k", "B_k"], ["C_k", "D_k"]]


def test_where_clause_becomes_a_chain() -> None:
    doc = "$$ E_k = F_k \\quad \\text{where } F_k = G_k $$\n"
    chains = _equations(doc)
    assert [[m.text for m in c.members] for c in chains] == [["E_k", "F_k"], ["F_k", "G_k"]]


def test_trailing_comma_condition() -> None:
    (chain,) = _equations("$$\\frac{\\partial y_i}{\\partial z_j} = -y_i y_j,\\ i \\neq j$$")
    assert [m.text for m in chain.members][1] == "-y_i y_j"
    assert chain.members[1].conds == (("ne", "i", "j"),)

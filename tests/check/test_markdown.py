"""Where the formulas of a Markdown document are (markdown-it with the math plugins)."""

from __future__ import annotations

from derive.check.extract import extract
from derive.check.markdown import locate_math


def _formulas(doc: str) -> list[str]:
    scan = locate_math(doc)
    return [" ".join(scan.masked[a:b].split()) for a, b, _ in scan.regions]


def test_code_spans_and_fences_hold_no_formula() -> None:
    doc = "Inline `$a = b$` code.\n\n```\n$$c = d$$\n```\n\n    $e = f$\n\nand $g = h$.\n"
    assert _formulas(doc) == ["g = h"]


def test_display_in_a_block_quote_and_a_list() -> None:
    doc = "> $$\n> a = b\n> $$\n\n- item $$c = d$$\n"
    assert _formulas(doc) == ["a = b", "c = d"]
    scan = locate_math(doc)
    a, b, disp = scan.regions[0]
    assert disp and ">" not in scan.masked[a:b]  # quote markers blanked inside the display


def test_brackets_over_several_lines_of_a_paragraph() -> None:
    doc = "Let \\(s = t\\) and\n\\[\nu\n = v\n\\]\nso on.\n"
    assert _formulas(doc) == ["s = t", "u = v"]


def test_amsmath_environment_at_top_level() -> None:
    doc = "\\begin{align}\nx &= y \\\\\n  &= z\n\\end{align}\n"
    (chain,) = extract(doc).chains
    assert [m.text for m in chain.members] == ["x", "y", "z"]
    assert [m.line for m in chain.members] == [2, 2, 3]


def test_script_and_liquid_math_tags() -> None:
    doc = ('<div>\n<script type="math/tex; mode=display">a = b</script>\n</div>\n\n'
           '<div>\n{% mathjax %}\nc = d\n{% endmathjax %}\n</div>\n')
    scan = locate_math(doc)
    assert _formulas(doc) == ["a = b", "c = d"]
    assert [d for _, _, d in scan.regions] == [True, True]


def test_offsets_give_the_author_s_lines() -> None:
    doc = "# T\n\ntext\n\n$$\nA\n  = B\n$$\n"
    (chain,) = extract(doc).chains
    assert [m.line for m in chain.members] == [6, 7]


def test_latex_files_use_the_delimiter_scanner() -> None:
    doc = "\\documentclass{article}\n\\begin{document}\n\\[ a = b \\]\n\\end{document}\n"
    (chain,) = extract(doc, "x.tex").chains
    assert [m.text for m in chain.members] == ["a", "b"]


def test_fenced_div_of_raw_latex() -> None:
    doc = "::: equation\na = b\n:::\n\ntext\n"
    assert _formulas(doc) == ["a = b"]


def test_two_displays_on_one_line_are_two_formulas() -> None:
    from derive.check import check_document

    doc = ("Take $$y_i = \\frac{e^{z_i}}{\\sum_k e^{z_k}}$$ and $$E = -\\sum_k t_k \\ln y_k$$\n\n"
           "$$\\frac{\\partial E}{\\partial z_j} = y_j \\sum_k t_k - t_j$$\n")
    report = check_document(doc)
    assert [d.name for d in report.definitions] == ["y", "E"]
    assert report.steps[-1].verdict == "ok"


def test_an_html_page_is_read_as_html_not_markdown() -> None:
    """Indented math in an HTML page is math (not a Markdown code block); <pre> is not."""
    from derive.check import check_document

    page = ("<html><body>\n<p>Softmax:</p>\n        $$y_i = \\frac{e^{z_i}}{\\sum_k e^{z_k}}$$\n"
            "<div>\n        $$\\frac{\\partial y_i}{\\partial z_i} = y_i (1 + y_i)$$\n</div>\n"
            "<pre>$a = b$</pre>\n</body></html>\n")
    report = check_document(page, "page.html")
    assert [(s.line, s.verdict) for s in report.steps if s.kind == "step"] == [(5, "wrong")]
    assert not any(s.line == 7 for s in report.steps)


def test_a_formula_split_by_a_heading_is_said_not_dropped() -> None:
    from derive.check import check_document

    doc = ("Let $y_i = \\frac{e^{z_i}}{\\sum_k e^{z_k}}$.\n\n## Consider $\nS = e^{z_1} + e^{z_2}\n"
           "$\n\n$$\\frac{\\partial y_i}{\\partial z_i} = y_i (1 - y_i)$$\n")
    report = check_document(doc, "a.md")
    assert any(s.verdict == "unreadable" and "across Markdown blocks" in s.reason
               for s in report.steps)

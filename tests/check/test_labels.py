"""labels.py: labelled names (Y_{\\text{pred}}^{(j)}, Z_2, a count n_1), a word as a subscript
and a decorated index are each read as one letter, only when the letter never stands otherwise;
every rewrite keeps offsets and lines."""

from __future__ import annotations

from derive.check.labels import (
    bracketed_vectors,
    decorated_index,
    drop_count_label,
    drop_name_labels,
    layer_labels,
    numbered_layers,
    primed_indices,
    word_class_index,
)
from derive.check.run import check_document
from tests.check.test_rows import _regions

DEF = (r"$$Y_{\text{pred}}^{(j)} = \frac{e^{Z_2^{(j)}}}{\sum_{c=1}^{C} e^{Z_2^{(c)}}}$$"
       + "\n\n")


def test_the_label_goes_and_the_superscript_becomes_the_index() -> None:
    out, note = drop_name_labels(DEF, _regions(DEF))
    assert len(out) == len(DEF) and "Y_{j}" in out and "e^{Z_{c}" in out
    assert "a name with a label" in note


def test_a_letter_that_also_stands_bare_or_with_two_labels_is_left_alone() -> None:
    for other in (r"$$Y = 1$$", r"$$Z_3^{(j)} = 0$$"):
        doc = DEF + other
        out, note = drop_name_labels(doc, _regions(doc))
        assert "Y_{\\text{pred}}" in out or "Z_2^{(j)}" in out, other


def test_labelled_names_are_checked_and_a_false_step_is_wrong() -> None:
    doc = (DEF + r"$$\frac{\partial Y_{\text{pred}}^{(j)}}{\partial Z_2^{(i)}} = "
           r"Y_{\text{pred}}^{(j)} (\delta_{ij} - Y_{\text{pred}}^{(i)})$$" + "\n\n"
           r"$$\frac{\partial Y_{\text{pred}}^{(j)}}{\partial Z_2^{(i)}} = "
           r"Y_{\text{pred}}^{(j)} (1 - Y_{\text{pred}}^{(i)})$$")
    report = check_document(doc, "t.md")
    assert [(s.line, s.verdict) for s in report.steps if s.kind == "step"] == [
        (3, "ok"), (5, "wrong")], report.steps


def test_a_word_subscript_is_one_free_letter_and_keeps_offsets() -> None:
    doc = r"$$L = -\log(\hat{y}_{true})$$ and $$\sum_c y_c = 1$$"
    out, note = word_class_index(doc, _regions(doc))
    assert len(out) == len(doc) and r"\hat{y}_{q}" in out and "index q" in note


def test_a_decorated_index_is_one_free_letter() -> None:
    doc = (r"$$L = -\log(p_\hat{c})$$ and "
           r"$$\frac{\partial L}{\partial o_c} = -\delta_{c,\hat{c}} + p_c$$")
    out, note = decorated_index(doc, _regions(doc))
    assert len(out) == len(doc) and "p_q" in out and r"\delta_{c,q" in out and "as q" in note
    wrong = r"$$\frac{\partial L}{\partial o_c} = \delta_{c,\hat{c}} + p_c$$"
    report = check_document("The softmax is $p_i = \\frac{e^{o_i}}{\\sum_k e^{o_k}}$.\n\n" + doc
                            + "\n\n" + wrong, "t.md")
    assert [s.verdict for s in report.steps if s.kind == "step"] == ["ok", "wrong"], report.steps


def test_the_label_of_the_count_is_blanked_keeping_offsets() -> None:
    doc = r"$$y_q = \frac{e^{z_q}}{\sum_{k=1}^{n_{1}} e^{z_k}}$$ and $$y_{n_1} = 1 - \sum_k y_k$$"
    out, note = drop_count_label(doc, _regions(doc))
    assert len(out) == len(doc)
    assert r"^{n    }" in out and "y_{n  }" in out and "n_1 is read as one name" in note


def test_a_count_letter_that_also_stands_bare_is_left_alone() -> None:
    for other in (r"$$\frac{1}{n} = y_1$$", r"$$y_{n_2} = 0$$"):
        doc = r"$$y_q = \frac{e^{z_q}}{\sum_{k=1}^{n_{1}} e^{z_k}}$$ " + other
        out, note = drop_count_label(doc, _regions(doc))
        assert out == doc and note == "", other


def test_two_decorations_of_one_letter_stay_two_indices() -> None:
    doc = r"$$\delta_{\hat{c},\tilde{c}} = 0$$"
    out, note = decorated_index(doc, _regions(doc))
    assert r"\delta_{q" in out and ",r" in out and "\\hat c as q" in note and "tilde c as r" in note


def test_a_two_word_class_subscript_is_one_letter() -> None:
    doc = r"$$L = -\log(p_{\text{true class}})$$"
    out, note = word_class_index(doc, _regions(doc))
    assert len(out) == len(doc) and "p_{c}" in out and "true class" in note


def test_a_primed_index_is_a_letter_of_its_own_keeping_offsets() -> None:
    doc = ("$$L = -\\sum_{k'=1}^K t_{k'} \\log y_{k'}$$ only the $$k' = k$$ term survives, "
           "$$\\delta_{kk'}$$, and $$f'(x)$$ is a derivative.\n")
    out, note = primed_indices(doc, _regions(doc))
    assert len(out) == len(doc) and "k'" not in out and "f'(x)" in out
    assert "\\sum_{q =1}^K t_{q } \\log y_{q }" in out and "$$q  = k$$" in out
    assert "\\delta_{kq }" in out and note.endswith("k' as q")


def test_no_primed_index_no_change() -> None:
    doc = "$$f'(x) = g'(x)$$ and $y_k$\n"
    assert primed_indices(doc, _regions(doc)) == (doc, "")


def test_a_step_with_a_primed_index_is_decided() -> None:
    doc = ("$$y_k = \\frac{e^{z_k}}{\\sum_{k'} e^{z_{k'}}}$$\n\n"
           "$$L = -\\sum_{k'} t_{k'} \\log y_{k'}$$\n\n"
           "$$\\frac{\\partial L}{\\partial y_k} = -\\frac{t_k}{y_k}$$\n\n"
           "$$\\frac{\\partial L}{\\partial y_k} = \\frac{t_k}{y_k}$$\n")
    verdicts = [(s.line, s.verdict) for s in check_document(doc, "t.md").steps]
    assert (5, "ok") in verdicts and (7, "wrong") in verdicts, verdicts


def test_a_labelled_vector_in_brackets_is_one_letter_keeping_offsets() -> None:
    doc = ("$$y_k = \\frac{e^{(y_a)_k}}{\\sum_r e^{(y_a)_{r}}}$$\n\n"
           "$$\\frac{\\partial y_k}{\\partial (y_a)_l} = y_k (\\delta_{kl} - y_l)$$\n")
    out, note = bracketed_vectors(doc, _regions(doc))
    assert len(out) == len(doc) and "(y_a)" not in out and "    u_k" in out
    assert "\\partial     u_l" in out and note.endswith("(y_a)_k as u_k")
    verdicts = [(s.line, s.verdict) for s in check_document(doc, "t.md").steps]
    assert (3, "ok") in verdicts, verdicts


def test_a_bracketed_expression_is_not_a_name() -> None:
    doc = "$$(W x)_k = (y_a + b)_k$$\n"
    assert bracketed_vectors(doc, _regions(doc)) == (doc, "")


def test_layer_labels_go_and_another_layer_is_a_letter_of_its_own() -> None:
    doc = ("$$z_j^L = \\sum_k w_{jk}^L a_k^{L-1} + b_j^L$$\n\n"
           "$$a^L_j = \\frac{e^{z_j^L}}{\\sum_k e^{z_k^L}}$$\n")
    out, note = layer_labels(doc, _regions(doc))
    assert len(out) == len(doc) and "^L" not in out and "L-1" not in out
    assert "z_j   = \\sum_k w_{jk}   u_k" in out and "e^{z_j  }" in out
    assert note.startswith("the superscript L labels the layer") and "a^{L-1} as u" in note


def test_one_name_with_a_power_l_is_left_alone() -> None:
    doc = "$$x_i^L = y$$\n"
    assert layer_labels(doc, _regions(doc)) == (doc, "")


def test_the_last_numbered_layer_loses_its_label_and_earlier_ones_are_letters() -> None:
    doc = ("$$z_i^{(2)} = \\sum_k W_{ik}^{(2)} a_k^{(1)}$$, $$a_k^{(1)} = W_{kl}^{(1)} x_l$$\n\n"
           "$$\\hat{y}_i = \\frac{e^{z_i^{(2)}}}{\\sum_k e^{z_k^{(2)}}}$$\n")
    out, note = numbered_layers(doc, _regions(doc))
    assert len(out) == len(doc) and "^{(" not in out and "e^{z_i      }" in out
    assert "W_{ik}       a_k" in out and "W^{(1)} as u" in note and "u_{kl}" in out


def test_a_numbered_name_that_also_stands_bare_keeps_a_name_of_its_own() -> None:
    doc = "$$z_i = 1$$ and $$z_i^{(2)} = 2$$\n"
    out, note = numbered_layers(doc, _regions(doc))
    assert "z_i = 1" in out and "z_i^{(2)}" not in out and "z_i     " not in out
    assert "z^{(2)} as" in note

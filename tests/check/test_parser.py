"""The grammar reads the listed constructs exactly, and refuses what it cannot read."""

from __future__ import annotations

from fractions import Fraction

import pytest

from derive.check import ast as A
from derive.check.parser import Unreadable, parse_member

Y_I = A.Idx("y", ("i",))
Z_J = A.Idx("z", ("j",))


def test_implicit_product_is_not_a_function_call() -> None:
    assert parse_member("y_i (1 - y_i)") == A.Mul(
        (Y_I, A.Add((A.Num(Fraction(1)), A.Neg(Y_I)))))


def test_bare_sum_and_bounds() -> None:
    bare = parse_member(r"\sum_k e^{z_k}")
    full = parse_member(r"\sum_{k=1}^{K} e^{z_k}")
    assert isinstance(bare, A.Sum) and bare.var == "k" and bare.lo is None
    assert isinstance(full, A.Sum) and full.hi == A.Sym("K")
    assert bare.body == full.body == A.Fn("exp", A.Idx("z", ("k",)))


def test_sum_with_range_and_skip_and_unary_minus_after_product() -> None:
    node = parse_member(r"\sum_{k=1, k \neq i}^{K} y_k")
    assert node == A.Sum("k", A.Num(Fraction(1)), A.Sym("K"), ("i",), A.Idx("y", ("k",)))
    assert parse_member(r"y_i \cdot -y_j") == A.Mul((Y_I, A.Neg(A.Idx("y", ("j",)))))


def test_sum_body_stops_at_plus() -> None:
    node = parse_member(r"\sum_k t_k \ln y_k + 1")
    assert isinstance(node, A.Add) and isinstance(node.terms[0], A.Sum)


def test_e_power_is_exp_and_bare_e_is_euler() -> None:
    assert parse_member("e^{z_i}") == A.Fn("exp", A.Idx("z", ("i",)))
    assert parse_member(r"\exp(z_i)") == A.Fn("exp", A.Idx("z", ("i",)))


def test_partial_derivatives() -> None:
    assert parse_member(r"\frac{\partial y_i}{\partial z_j}") == A.Deriv(Y_I, Z_J)
    assert parse_member(r"\partial E / \partial z_j") == A.Deriv(A.Sym("E"), Z_J)
    op = parse_member(r"\frac{\partial}{\partial z_j} \left( y_j - t_j \right)")
    assert isinstance(op, A.Deriv) and op.var == Z_J


def test_kronecker_delta_and_indicator() -> None:
    assert parse_member(r"\delta_{ij}") == A.Delta("i", "j")
    assert parse_member(r"\mathbb{1}[i = j]") == A.Delta("i", "j")


def test_cases_environment() -> None:
    node = parse_member(r"\begin{cases} y_i & \text{if } i = j \\ 0 & \text{otherwise} \end{cases}")
    assert isinstance(node, A.Cases)
    assert node.rows[0][1] == A.Cond("eq", "i", "j") and node.rows[1][1].op == "else"


def test_softmax_operator() -> None:
    assert parse_member(r"\operatorname{softmax}(\mathbf{z})_i") == A.Softmax("z", "i")


@pytest.mark.parametrize("text", [
    r"y_i +",                  # trailing operator: never silently dropped
    r"y_i ) + 1",              # trailing garbage
    r"\foo{x}",                # unknown command
    r"y^T",                    # matrix notation
    r"\mathrm{diag}(y)",       # unknown function
    r"\frac{\partial^3 E}{\partial z_j^2}",   # order does not match the variables
    r"\sum_{j=1, i \neq k}^{K} y_j",             # the skip names another letter than j
    r"",
])
def test_unreadable_inputs_raise_with_reason(text: str) -> None:
    with pytest.raises(Unreadable) as info:
        parse_member(text)
    assert str(info.value)


def test_literal_indices_and_multi_index() -> None:
    assert parse_member("S_{ij}") == A.Idx("S", ("i", "j"))
    assert parse_member("z_1") == A.Idx("z", (1,))
    assert A.has_literal_index(parse_member("z_1 + y_i"))
    assert not A.has_literal_index(parse_member(r"\sum_{k=1}^K z_k"))


def test_free_indices_respect_sum_binding() -> None:
    node = parse_member(r"-\sum_k t_k (\delta_{kj} - y_j)")
    assert A.free_indices(node) == {"j"}


def test_no_eval_of_user_text_in_the_package() -> None:
    """House rule: text becomes math only through the grammar."""
    from pathlib import Path

    import derive.check

    for path in Path(derive.check.__file__).parent.glob("*.py"):
        src = path.read_text()
        for banned in ("sympify(", "parse_expr(", "eval(", "exec(", "parse_latex("):
            assert banned not in src, (path.name, banned)


def test_function_application_needs_a_bare_name() -> None:
    assert parse_member(r"\sigma\left(x\right)") == A.Apply("sigma", A.Sym("x"))
    assert isinstance(parse_member("2(x + 1)"), A.Mul)


def test_operator_derivative_scope() -> None:
    node = parse_member(r"\frac{\partial}{\partial z_i}\left(e^{z_i}\right) \sum_k e^{z_k}")
    assert isinstance(node, A.Mul) and isinstance(node.factors[0], A.Deriv)
    # an operator that begins a product applies to the whole product
    node = parse_member(r"\frac{\partial}{\partial z_j} t_k \ln y_k")
    assert isinstance(node, A.Deriv) and isinstance(node.f, A.Mul)
    with pytest.raises(Unreadable, match="ambiguous"):  # after another factor: a guess
        parse_member(r"c \frac{\partial}{\partial z_j} t_k \ln y_k")


def test_sum_of_a_negated_body() -> None:
    node = parse_member(r"\sum_{k=1}^{K} - t_k")
    assert isinstance(node, A.Sum) and isinstance(node.body, A.Neg)


def test_fallback_grammar_reads_the_same() -> None:
    """Without SymPy's grammar files (SymPy < 1.13) the local terminals give the same trees."""
    from lark import Lark

    from derive.check.parser import GRAMMAR, ToTree, _standalone

    fallback = Lark(_standalone(GRAMMAR), parser="lalr", maybe_placeholders=False)
    for text in [r"\frac{e^{z_i}}{\sum_{k=1}^{K} e^{z_k}}", r"-\sum_k t_k \ln y_k",
                 r"y_i(\delta_{ij} - y_j) \cdot 2 \times \alpha",
                 r"\frac{\partial E}{\partial z_j}", r"\exp(z_i) / \log x"]:
        assert ToTree().transform(fallback.parse(text)) == parse_member(text)

"""False claims (mutants of the catalogue) that the engine must refute with a counterexample."""

from __future__ import annotations

from derive.math.claims import CATALOGUE, Claim, Part, cross_entropy, jac, mse


def _one(name: str, statement: str, indices: tuple[str, ...], lhs, rhs, distinct=(), **kw) -> Claim:
    return Claim(name, statement, (Part(name, statement, indices, lhs, rhs, distinct),), **kw)


def _jac(m, ix):
    return jac(m, ix["i"], ix["j"])


MUTANTS: list[Claim] = [
    _one("sign-flipped", "∂y_i/∂z_j = −y_i(δ_ij − y_j)", ("i", "j"), _jac,
         lambda m, ix: -m.y(ix["i"]) * (m.delta(ix["i"], ix["j"]) - m.y(ix["j"]))),
    _one("delta-dropped", "∂y_i/∂z_j = y_i(1 − y_j)", ("i", "j"), _jac,
         lambda m, ix: m.y(ix["i"]) * (1 - m.y(ix["j"]))),
    _one("y_j-for-y_i", "∂y_i/∂z_j = y_j(δ_ij − y_j)", ("i", "j"), _jac,
         lambda m, ix: m.y(ix["j"]) * (m.delta(ix["i"], ix["j"]) - m.y(ix["j"]))),
    CATALOGUE["cross-entropy-gradient"].without_conditions(),  # y − t without Σt = 1
    _one("off-diagonal-plus", "∂y_i/∂z_j = +y_i y_j (i ≠ j)", ("i", "j"), _jac,
         lambda m, ix: m.y(ix["i"]) * m.y(ix["j"]), distinct=(("i", "j"),)),
    _one("diagonal-square", "∂y_i/∂z_i = y_i²", ("i",),
         lambda m, ix: jac(m, ix["i"], ix["i"]), lambda m, ix: m.y(ix["i"]) ** 2),
    _one("quotient-rule-plus", "∂y_i/∂z_i = y_i(1 + y_i)", ("i",),
         lambda m, ix: jac(m, ix["i"], ix["i"]), lambda m, ix: m.y(ix["i"]) * (1 + m.y(ix["i"]))),
    _one("matrix-plus-outer", "J = diag(y) + y yᵀ", ("i", "j"), _jac,
         lambda m, ix: m.delta(ix["i"], ix["j"]) * m.y(ix["i"]) + m.y(ix["i"]) * m.y(ix["j"])),
    _one("rows-sum-to-one", "Σ_j ∂y_i/∂z_j = 1", ("i",),
         lambda m, ix: m.sum(lambda j: jac(m, ix["i"], j)), lambda m, ix: 1),
    _one("backprop-without-y_k", "∂L/∂z_k = ∂L/∂y_k − Σ_j ∂L/∂y_j y_j", ("k",),
         lambda m, ix: m.d_loss(ix["k"]),
         lambda m, ix: m.g(ix["k"]) - m.sum(lambda j: m.g(j) * m.y(j))),
    _one("log-softmax-wrong-index", "∂ ln y_i/∂z_j = δ_ij − y_i", ("i", "j"),
         lambda m, ix: m.d(lambda mm: mm.log(mm.y(ix["i"])), ix["j"]),
         lambda m, ix: m.delta(ix["i"], ix["j"]) - m.y(ix["i"])),
    _one("cross-entropy-t-minus-y", "∂E/∂z_j = t_j − y_j", ("j",),
         lambda m, ix: m.d(cross_entropy, ix["j"]), lambda m, ix: m.t(ix["j"]) - m.y(ix["j"]),
         conditions=("sum-targets-one",)),
    _one("mse-missing-sum", "∂L/∂z_k = y_k(y_k − t_k)", ("k",),
         lambda m, ix: m.d(mse, ix["k"]),
         lambda m, ix: m.y(ix["k"]) * (m.y(ix["k"]) - m.t(ix["k"]))),
    _one("off-by-2^-50", "∂y_i/∂z_j = y_i(δ_ij − y_j) + 2⁻⁵⁰ (float64 cannot see it)", ("i", "j"),
         _jac, lambda m, ix: m.y(ix["i"]) * (m.delta(ix["i"], ix["j"]) - m.y(ix["j"]))
         + m.half ** 50),
    _one("sigmoid-swapped", "K = 2: y_1 = σ(z_2 − z_1)", (),
         lambda m, ix: m.y(1), lambda m, ix: m.sigmoid_of_difference(2, 1), only_k=2),
]

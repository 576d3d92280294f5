"""Claims that must never be proven (FALSE) and true claims that must never be refuted (TRUE).

Each row is data: a name, the statement, its free indices and both builders. The classes are
the ones a witness that shares the engine's assumptions let through: second derivatives of a
generic loss, literal indices and Kronecker deltas under symbolic K, indices that leave 1..K,
non-analytic functions, identities true only at some K, and differences float64 cannot see.
"""

from __future__ import annotations

from derive.math.claims import Claim, Part, cross_entropy, jac


def _claim(name: str, statement: str, names: tuple[str, ...], lhs, rhs, distinct=(),
           conditions=()) -> Claim:
    return Claim(name, statement, (Part(name, statement, names, lhs, rhs, distinct),),
                 conditions)


def hess(m, i, j, k):
    """∂²y_i/∂z_j∂z_k, by the model's own derivative twice."""
    return m.d(lambda a: a.d(lambda b: b.y(i), j), k)


def hess_true(m, i, j, k):
    """y_i[(δ_ij − y_j)(δ_ik − y_k) − y_j(δ_jk − y_k)]."""
    return m.y(i) * ((m.delta(i, j) - m.y(j)) * (m.delta(i, k) - m.y(k))
                     - m.y(j) * (m.delta(j, k) - m.y(k)))


def _j(m, ix):
    return jac(m, ix["i"], ix["j"])


def _jform(m, ix):
    return m.y(ix["i"]) * (m.delta(ix["i"], ix["j"]) - m.y(ix["j"]))


IJ, IJK, K1 = ("i", "j"), ("i", "j", "k"), ("k",)
FALSE: list[Claim] = [
    # -- second derivatives of a generic loss L(y): ∂L/∂y_k depends on z through y
    _claim("hessian-without-JtHJ", "∂²L/∂z_i∂z_j = Σ_k ∂L/∂y_k ∂²y_k/∂z_i∂z_j", IJ,
           lambda m, ix: m.d(lambda a: a.d_loss(ix["i"]), ix["j"]),
           lambda m, ix: m.sum(lambda k: m.g(k) * hess(m, k, ix["i"], ix["j"]))),
    _claim("dg-is-zero", "∂(∂L/∂y_k)/∂z_j = 0", ("k", "j"),
           lambda m, ix: m.d(lambda a: a.g(ix["k"]), ix["j"]), lambda m, ix: 0),
    _claim("d2g-is-zero", "∂²(∂L/∂y_k)/∂z_i∂z_j = 0", ("k", "i", "j"),
           lambda m, ix: m.d(lambda a: a.d(lambda b: b.g(ix["k"]), ix["i"]), ix["j"]),
           lambda m, ix: 0),
    _claim("product-rule-without-dg", "∂(g_k y_k)/∂z_j = g_k J_kj", ("k", "j"),
           lambda m, ix: m.d(lambda a: a.g(ix["k"]) * a.y(ix["k"]), ix["j"]),
           lambda m, ix: m.g(ix["k"]) * jac(m, ix["k"], ix["j"])),
    _claim("loss-hessian-zero", "∂²L/∂z_i∂z_j = 0", IJ,
           lambda m, ix: m.d(lambda a: a.d_loss(ix["i"]), ix["j"]), lambda m, ix: 0),
    _claim("backprop-derivative-as-constant", "∂/∂z_j Σ_k g_k y_k = Σ_k g_k J_kj", ("j",),
           lambda m, ix: m.d(lambda a: a.sum(lambda k: a.g(k) * a.y(k)), ix["j"]),
           lambda m, ix: m.sum(lambda k: m.g(k) * jac(m, k, ix["j"]))),
    # -- literal indices and Kronecker deltas under symbolic K
    _claim("delta5-equals-delta6", "Σ_k δ_k5 = Σ_k δ_k6", (),
           lambda m, ix: m.sum(lambda k: m.delta(k, 5)),
           lambda m, ix: m.sum(lambda k: m.delta(k, 6))),
    _claim("delta3-sums-to-one", "Σ_k δ_k3 = 1", (),
           lambda m, ix: m.sum(lambda k: m.delta(k, 3)), lambda m, ix: 1),
    _claim("delta9-sums-to-one", "Σ_k δ_k9 = 1", (),
           lambda m, ix: m.sum(lambda k: m.delta(k, 9)), lambda m, ix: 1),
    _claim("delta7-picks-t1", "Σ_k δ_k7 t_k = t_1", (),
           lambda m, ix: m.sum(lambda k: m.delta(k, 7) * m.t(k)), lambda m, ix: m.t(1)),
    _claim("delta4-times-y", "Σ_k δ_k4 y_k = y_1 δ_11", (),
           lambda m, ix: m.sum(lambda k: m.delta(k, 4) * m.y(k)),
           lambda m, ix: m.y(1) * m.delta(1, 1) * 0 + m.sum(lambda k: m.delta(k, 1) * m.y(k))),
    _claim("two-outputs-sum-to-one", "y_1 + y_2 = 1 (every K)", (),
           lambda m, ix: m.y(1) + m.y(2), lambda m, ix: 1),
    _claim("three-outputs-sum-to-one", "y_1 + y_2 + y_3 = 1 (every K)", (),
           lambda m, ix: m.y(1) + m.y(2) + m.y(3), lambda m, ix: 1),
    _claim("delta-i5-collapse", "Σ_k δ_ki δ_k5 = δ_i5 + δ_i6", ("i",),
           lambda m, ix: m.sum(lambda k: m.delta(k, ix["i"]) * m.delta(k, 5)),
           lambda m, ix: m.delta(ix["i"], 5) + m.delta(ix["i"], 6)),
    # -- indices that leave 1..K (never wrapped around)
    _claim("cyclic-sum-j-minus-1", "Σ_j y_{j−1} = 1", (),
           lambda m, ix: m.sum(lambda j: m.y(j - 1)), lambda m, ix: 1),
    _claim("cyclic-sum-j-plus-1", "Σ_j y_{j+1} = 1", (),
           lambda m, ix: m.sum(lambda j: m.y(j + 1)), lambda m, ix: 1),
    _claim("previous-class-jacobian", "∂y_{j−1}/∂z_j = −y_{j−1} y_j", ("j",),
           lambda m, ix: jac(m, ix["j"] - 1, ix["j"]),
           lambda m, ix: -m.y(ix["j"] - 1) * m.y(ix["j"])),
    _claim("previous-target", "t_{j−1} − t_{j−1} + y_j = y_j + t_{j−1} − t_K", ("j",),
           lambda m, ix: m.t(ix["j"] - 1) - m.t(ix["j"] - 1) + m.y(ix["j"]),
           lambda m, ix: m.y(ix["j"]) + m.t(ix["j"] - 1) - m.t(m.K if isinstance(m.K, int)
                                                              else m.K)),
    # -- non-analytic functions (false ones)
    _claim("abs-derivative-negated", "∂|y_i|/∂z_j = −J_ij", IJ,
           lambda m, ix: m.d(lambda a: abs(a.y(ix["i"])), ix["j"]),
           lambda m, ix: -jac(m, ix["i"], ix["j"])),
    _claim("abs-of-shifted-output", "∂|y_i − 2|/∂z_j = J_ij", IJ,
           lambda m, ix: m.d(lambda a: abs(a.y(ix["i"]) - 2), ix["j"]),
           lambda m, ix: jac(m, ix["i"], ix["j"])),
    _claim("abs-logit-slope-one", "∂|z_i|/∂z_i = 1", ("i",),
           lambda m, ix: m.d(lambda a: abs(a.logit(ix["i"])), ix["i"]), lambda m, ix: 1),
    # -- identities true only at some K
    _claim("true-only-for-K-2..5", "(K−2)(K−3)(K−4)(K−5) y_i = 0", ("i",),
           lambda m, ix: (m.sum(lambda k: 1) - 2) * (m.sum(lambda k: 1) - 3)
           * (m.sum(lambda k: 1) - 4) * (m.sum(lambda k: 1) - 5) * m.y(ix["i"]),
           lambda m, ix: 0),
    _claim("class-count-is-five", "Σ_k 1 = 5", (), lambda m, ix: m.sum(lambda k: 1),
           lambda m, ix: 5),
    _claim("index-sum-is-six", "Σ_k k = 6", (), lambda m, ix: m.sum(lambda k: k),
           lambda m, ix: 6),
    _claim("jacobian-plus-K-minus-1", "∂y_i/∂z_j = y_i(δ_ij − y_j) + (K−1)(K−2)(K−3) y_i y_j",
           IJ, _j, lambda m, ix: _jform(m, ix) + (m.sum(lambda k: 1) - 1)
           * (m.sum(lambda k: 1) - 2) * (m.sum(lambda k: 1) - 3) * m.y(ix["i"]) * m.y(ix["j"])),
    _claim("uniform-output", "y_i = 1/K·K/3 … (true only at K = 3 when z = 0)", ("i",),
           lambda m, ix: m.sum(lambda k: m.y(k)) * 3, lambda m, ix: m.sum(lambda k: 1)),
    # -- higher derivatives of softmax
    _claim("hessian-missing-term", "∂²y_i/∂z_j∂z_k = y_i(δ_ij − y_j)(δ_ik − y_k)", IJK,
           lambda m, ix: hess(m, ix["i"], ix["j"], ix["k"]),
           lambda m, ix: m.y(ix["i"]) * (m.delta(ix["i"], ix["j"]) - m.y(ix["j"]))
           * (m.delta(ix["i"], ix["k"]) - m.y(ix["k"]))),
    _claim("hessian-zero", "∂²y_i/∂z_j∂z_k = 0", IJK,
           lambda m, ix: hess(m, ix["i"], ix["j"], ix["k"]), lambda m, ix: 0),
    _claim("diagonal-second-derivative", "∂²y_i/∂z_i² = y_i(1 − y_i)²", ("i",),
           lambda m, ix: hess(m, ix["i"], ix["i"], ix["i"]),
           lambda m, ix: m.y(ix["i"]) * (1 - m.y(ix["i"])) ** 2),
    _claim("log-softmax-hessian-sign", "∂² ln y_i/∂z_j∂z_k = y_j(δ_jk − y_k)", IJK,
           lambda m, ix: m.d(lambda a: a.d(lambda b: b.log(b.y(ix["i"])), ix["j"]), ix["k"]),
           lambda m, ix: m.y(ix["j"]) * (m.delta(ix["j"], ix["k"]) - m.y(ix["k"]))),
    _claim("cross-entropy-hessian-without-sum-t", "∂²E/∂z_j∂z_k = y_j(δ_jk − y_k)", ("j", "k"),
           lambda m, ix: m.d(lambda a: a.d(cross_entropy, ix["j"]), ix["k"]),
           lambda m, ix: m.y(ix["j"]) * (m.delta(ix["j"], ix["k"]) - m.y(ix["k"]))),
    _claim("third-derivative-zero", "∂³y_i/∂z_i³ = 0", ("i",),
           lambda m, ix: m.d(lambda a: hess(a, ix["i"], ix["i"], ix["i"]), ix["i"]),
           lambda m, ix: 0),
    # -- differences float64 cannot see
    _claim("jacobian-off-by-1e-14-(K-2)", "∂y_i/∂z_j = y_i(δ_ij − y_j) + 10⁻¹⁴(K−2) y_i y_j",
           IJ, _j, lambda m, ix: _jform(m, ix)
           + m.half ** 46 * (m.sum(lambda k: 1) - 2) * m.y(ix["i"]) * m.y(ix["j"])),
    _claim("jacobian-plus-e^-40", "∂y_i/∂z_j = y_i(δ_ij − y_j) + e^{−40}", IJ, _j,
           lambda m, ix: _jform(m, ix) + m.exp(m.half * 0 - 40)),
    _claim("backprop-off-by-2^-45", "∂L/∂z_k = y_k(g_k − Σ g y) + 2⁻⁴⁵ g_k", K1,
           lambda m, ix: m.d_loss(ix["k"]),
           lambda m, ix: m.y(ix["k"]) * (m.g(ix["k"]) - m.sum(lambda j: m.g(j) * m.y(j)))
           + m.half ** 45 * m.g(ix["k"])),
    # -- conditions
    _claim("kl-gradient-without-sum-t", "∂KL(t‖y)/∂z_j = y_j − t_j (no Σt = 1)", ("j",),
           lambda m, ix: m.d(lambda a: a.sum(lambda k: a.t(k) * (a.log(a.t(k))
                                                                  - a.log(a.y(k)))), ix["j"]),
           lambda m, ix: m.y(ix["j"]) - m.t(ix["j"])),
    _claim("cross-entropy-gradient-wrong-sign", "∂E/∂z_j = t_j − y_j given Σt = 1", ("j",),
           lambda m, ix: m.d(cross_entropy, ix["j"]), lambda m, ix: m.t(ix["j"]) - m.y(ix["j"]),
           conditions=("sum-targets-one",)),
]

TRUE: list[Claim] = [
    _claim("abs-derivative", "∂|y_i|/∂z_j = J_ij", IJ,
           lambda m, ix: m.d(lambda a: abs(a.y(ix["i"])), ix["j"]), _j),
    _claim("abs-of-negative", "∂|y_i − 2|/∂z_j = −J_ij", IJ,
           lambda m, ix: m.d(lambda a: abs(a.y(ix["i"]) - 2), ix["j"]),
           lambda m, ix: -jac(m, ix["i"], ix["j"])),
    _claim("softmax-hessian", "∂²y_i/∂z_j∂z_k = y_i[(δ_ij − y_j)(δ_ik − y_k) − y_j(δ_jk − y_k)]",
           IJK, lambda m, ix: hess(m, ix["i"], ix["j"], ix["k"]),
           lambda m, ix: hess_true(m, ix["i"], ix["j"], ix["k"])),
    _claim("log-softmax-hessian", "∂² ln y_i/∂z_j∂z_k = −y_j(δ_jk − y_k)", IJK,
           lambda m, ix: m.d(lambda a: a.d(lambda b: b.log(b.y(ix["i"])), ix["j"]), ix["k"]),
           lambda m, ix: -m.y(ix["j"]) * (m.delta(ix["j"], ix["k"]) - m.y(ix["k"]))),
    _claim("loss-hessian-symmetric", "∂²L/∂z_i∂z_j = ∂²L/∂z_j∂z_i", IJ,
           lambda m, ix: m.d(lambda a: a.d_loss(ix["i"]), ix["j"]),
           lambda m, ix: m.d(lambda a: a.d_loss(ix["j"]), ix["i"])),
    _claim("delta4-picks-y4", "Σ_k δ_k4 y_k = y_4", (),
           lambda m, ix: m.sum(lambda k: m.delta(k, 4) * m.y(k)), lambda m, ix: m.y(4)),
    _claim("reversed-sum", "Σ_j y_{K−j+1} = 1", (),
           lambda m, ix: m.sum(lambda j: m.y(m.sum(lambda k: 1) - j + 1)), lambda m, ix: 1),
]

# The concrete K (of 1..7) at which a FALSE claim does hold, worked out by hand: at K = 1 softmax
# is the constant 1, so every derivative vanishes; deltas of a literal c vanish while K < c;
# polynomial factors in K vanish at their roots.
_K1 = {1}
HOLDS_AT: dict[str, set[int]] = {
    "hessian-missing-term": _K1, "hessian-zero": _K1, "diagonal-second-derivative": _K1,
    "log-softmax-hessian-sign": _K1, "cross-entropy-hessian-without-sum-t": _K1,
    "third-derivative-zero": _K1, "cross-entropy-gradient-wrong-sign": _K1,
    "hessian-without-JtHJ": _K1, "dg-is-zero": _K1, "d2g-is-zero": _K1,
    "product-rule-without-dg": _K1, "loss-hessian-zero": _K1,
    "backprop-derivative-as-constant": _K1, "abs-derivative-negated": _K1,
    "abs-of-shifted-output": _K1,
    "delta5-equals-delta6": {1, 2, 3, 4, 6, 7}, "delta3-sums-to-one": {3, 4, 5, 6, 7},
    "two-outputs-sum-to-one": {2}, "three-outputs-sum-to-one": {3},
    "delta-i5-collapse": {1, 2, 3, 4, 5}, "true-only-for-K-2..5": {2, 3, 4, 5},
    "class-count-is-five": {5}, "index-sum-is-six": {3}, "jacobian-plus-K-minus-1": {1, 2, 3},
    "uniform-output": {3}, "jacobian-off-by-1e-14-(K-2)": {2},
}

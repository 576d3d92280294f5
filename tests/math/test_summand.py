"""Σ_k f(k) is remembered only for summands of their index alone, and equals the plain sum."""

from __future__ import annotations

import numpy as np

from derive.math.model import ConcreteModel
from derive.math.numeric import NumericModel, WitnessModel
from derive.math.summand import SumCache, immutable, index_only

OFFSET = 3


class _Holder:
    def one(self, k: int) -> int:
        return 1


def test_index_only_accepts_functions_of_the_index_and_constants():
    assert index_only(lambda _: 1) is not None
    assert index_only(lambda k: k * k + 2) is not None
    assert index_only(lambda k: (lambda j: j + 1)(k)) is not None  # nested, still nameless


def test_index_only_refuses_anything_that_can_see_more_than_the_index():
    c = 2
    assert index_only(lambda k: c * k) is None  # closure
    assert index_only(lambda k: OFFSET + k) is None  # global
    assert index_only(lambda k: abs(k)) is None  # builtin
    assert index_only(lambda k: k.real) is None  # attribute
    assert index_only(lambda k, d=1: d) is None  # default
    assert index_only(lambda k: (lambda: OFFSET)()) is None  # global in nested code
    assert index_only(_Holder().one) is None  # bound method: depends on self
    assert index_only(np.sin) is None


def test_mutable_values_are_not_shared():
    cache = SumCache()
    first = cache.sum(lambda _: 1, lambda f: np.zeros(3))
    second = cache.sum(lambda _: 1, lambda f: np.zeros(3))
    assert first is not second
    assert immutable(3) and immutable(np.float64(1.0)) and not immutable(np.zeros(2))


def test_cached_sums_equal_plain_sums_in_every_model():
    K = 7
    witness = WitnessModel.sample(K, 3, 0)
    numeric = NumericModel.sample(K, 3, 0)
    exact = ConcreteModel(K)
    for model in (witness, numeric, exact):
        for _ in range(2):  # the second call is served from the cache
            assert model.sum(lambda _: 1) == K
            assert model.sum(lambda k: k * k) == sum(k * k for k in range(1, K + 1))
    assert exact.sum(lambda k: exact.u[k - 1]) == exact.S  # closures are summed as before

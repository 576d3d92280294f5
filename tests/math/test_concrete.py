"""Concrete K by orbit representatives agrees with deciding every entry; literal indices."""

from __future__ import annotations

import pytest

from derive.math import concrete
from derive.math.claims import CATALOGUE
from derive.math.concrete import (
    LITERAL_K,
    IndexOutOfRange,
    NotSymmetric,
    Orbit,
    detect_literals,
    orbit_of,
    orbits,
    prove_concrete,
)
from derive.math.notation import Notation
from tests.mutants import MUTANTS

PARTS = [(c, p) for c in [*CATALOGUE.values(), *MUTANTS] for p in c.parts]
IDS = [f"{c.name}/{p.name}" for c, p in PARTS]


@pytest.fixture(autouse=True)
def _few_sympy_rechecks(monkeypatch):
    monkeypatch.setattr(concrete, "SYMPY_RECHECK", 3)


def _prove(claim, part, K, **kw):
    return prove_concrete(part.lhs, part.rhs, part.indices, K, claim.conditions, Notation(), K,
                          part.distinct, **kw)


@pytest.mark.parametrize(("claim", "part"), PARTS, ids=IDS)
def test_orbits_agree_with_every_entry(claim, part):
    for K in ([claim.only_k] if claim.only_k else range(2, 8)):
        fast = _prove(claim, part, K, exhaustive=False)
        full = _prove(claim, part, K, exhaustive=True)
        assert (fast.method is None) == (full.method is None), (K, fast, full)
        assert fast.failed == full.failed, K
        assert fast.entries == full.entries, K
        assert not fast.disagreement and not full.disagreement
        if fast.method is not None:
            assert "orbit representative" in fast.method
            assert fast.representatives < fast.entries or fast.entries <= 2


def test_literal_detection():
    assert detect_literals(lambda m, ix: m.y(1) * m.y(ix["i"]), lambda m, ix: 0, ("i",)) == {1}
    assert detect_literals(lambda m, ix: m.t(m.K), lambda m, ix: m.sum(m.t), ("i",)) == {LITERAL_K}
    assert detect_literals(CATALOGUE["softmax-backprop"].parts[1].lhs,
                           CATALOGUE["softmax-backprop"].parts[1].rhs, ("k",)) == frozenset()


@pytest.mark.parametrize("builder", [
    lambda m, ix: m.y(ix["i"]) if ix["i"] == 1 else 0,  # branches on an index value
    lambda m, ix: m.y(ix["i"] + 1),  # computes with an index
    lambda m, ix: m.u[0],  # reaches past the interface
], ids=["branch", "arithmetic", "attribute"])
def test_recording_refuses_what_the_argument_does_not_cover(builder):
    with pytest.raises(NotSymmetric):
        detect_literals(builder, lambda m, ix: 0, ("i",))


def test_a_literal_is_a_fixed_point():
    """y_i = y_1 holds only at i = 1: the orbit of i = 1 passes, every other i fails."""
    proof = prove_concrete(lambda m, ix: m.y(ix["i"]), lambda m, ix: m.y(1), ("i",), 4, (),
                           Notation(), 0, exhaustive=False)
    assert proof.method is None and proof.failed == {"i": 2} and proof.entries == 2
    same = prove_concrete(lambda m, ix: m.y(ix["i"]) * m.y(1), lambda m, ix: m.y(1) * m.y(ix["i"]),
                          ("i",), 4, (), Notation(), 0, exhaustive=False)
    assert same.method is not None and "literal indices 1 fixed" in same.method


def test_m_K_is_the_last_class():
    proof = prove_concrete(lambda m, ix: m.y(ix["i"]), lambda m, ix: m.y(m.K), ("i",), 3, (),
                           Notation(), 0, exhaustive=False)
    assert proof.failed == {"i": 1}
    ok = prove_concrete(lambda m, ix: m.y(ix["i"]), lambda m, ix: m.y(ix["i"]), ("i",), 3, (),
                        Notation(), 0, exhaustive=False, literals=frozenset({LITERAL_K}))
    assert ok.method is not None and "literal indices 3 fixed" in ok.method


def test_branching_builder_falls_back_to_every_entry():
    lhs = lambda m, ix: m.y(ix["i"]) if ix["i"] != 3 else m.y(1)  # noqa: E731
    proof = prove_concrete(lhs, lambda m, ix: m.y(ix["i"]), ("i",), 4, (), Notation(), 0,
                           exhaustive=False)
    assert proof.method is None and proof.failed == {"i": 3}


@pytest.mark.parametrize("literal", [0, 5, -1])
def test_literal_outside_1_to_K_is_an_error(literal):
    with pytest.raises(IndexOutOfRange):
        prove_concrete(lambda m, ix: m.y(literal), lambda m, ix: 0, (), 4, (), Notation(), 0,
                       exhaustive=False)


def test_orbit_sizes_add_up_to_every_assignment():
    names, lits, K = ("i", "j", "k"), frozenset({2}), 6
    total = sum(o.size(lits, K) for o in orbits(names, lits, (("i", "k"),)))
    assert total == 6 ** 3 - 6 ** 2
    for o in orbits(names, lits):
        least = o.least(names, lits, K)
        assert least is not None and orbit_of(least, names, lits) == o


def test_an_orbit_needing_more_classes_than_there_are_is_empty():
    o = Orbit((("i",), ("j",)), (None, None))
    assert o.least(("i", "j"), frozenset({1}), 2) is None
    assert o.size(frozenset({1}), 2) == 0


def test_small_parts_are_decided_entry_by_entry_large_ones_by_orbits():
    part = CATALOGUE["softmax-jacobian"].parts[0]
    small = prove_concrete(part.lhs, part.rhs, part.indices, 3, (), Notation(), 0)
    assert small.method is not None and "orbit" not in small.method and small.entries == 9
    large = prove_concrete(part.lhs, part.rhs, part.indices, 300, (), Notation(), 0)
    assert large.method is not None and "2 orbit representatives" in large.method
    assert large.entries == 90_000 and large.representatives == 2


def test_a_symbolic_power_of_the_normaliser_is_not_divided_out() -> None:
    """S^C with C a symbol (a name the reader could not place) is left alone, not an error."""
    from derive.math.model import ConcreteModel

    for backend in ("symengine", "sympy"):
        m = ConcreteModel(3, backend=backend)
        c = m.B.Symbol("C")
        numer = m.B.expand(m.S**c * m.u[0] + m.S * m.u[1])
        assert m._powers_of_s_removed(numer) == numer
        assert m.is_zero(m.S**c - m.S**c + m.u[0] - m.u[0]) is not None

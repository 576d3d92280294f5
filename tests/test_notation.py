"""Symbol names are plain letters or Greek letter names; anything else is refused."""

from __future__ import annotations

import pytest

from derive.math.notation import PRESETS, Notation, NotationError, check_symbol_name


@pytest.mark.parametrize("name", ["z", "a", "S", "sigma", "\\sigma", "Omega"])
def test_good_names(name):
    assert check_symbol_name("logits", name)


@pytest.mark.parametrize(
    "name", ["\\input{/etc/passwd}", "zz", "", "1", "z_1", "$", "\\", "{", "\\relax", "é"]
)
def test_hostile_names_are_refused(name):
    with pytest.raises(NotationError):
        check_symbol_name("logits", name)


def test_presets():
    assert PRESETS["default"] == Notation("z", "y", "t", "E", "K")
    assert PRESETS["blog"] == Notation("a", "S", "t", "E", "N")


def test_names_must_be_distinct():
    with pytest.raises(NotationError, match="distinct"):
        Notation(logits="y")


def test_latex_of_greek():
    assert Notation(logits="theta").latex("logits") == "\\theta"

"""The NumPy entry sample is the listed one: same entries in the same order, same total."""

from __future__ import annotations

import pytest

from derive.crosscheck.run import _entry_sample, _entry_sample_listed
from derive.math.claims import CATALOGUE, Part

PARTS = [p for c in CATALOGUE.values() for p in c.parts] + [
    Part("i ≠ k", "", ("i", "j", "k"), None, None, (("i", "k"),)),
    Part("i ≠ j twice", "", ("i", "j"), None, None, (("i", "j"), ("j", "i"))),
]


@pytest.mark.parametrize("part", PARTS, ids=[p.name for p in PARTS])
def test_numpy_sample_matches_listing(part):
    for K in (1, 2, 3, 7, 40):
        for limit in (1, 5, 16, 200):
            for seed in (0, 3):
                assert _entry_sample(part, K, seed, limit) == \
                    _entry_sample_listed(part, K, seed, limit)

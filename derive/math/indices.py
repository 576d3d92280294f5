"""The one index enumerator: values 1..K of a part's free indices, all of them or a sample.

An assignment maps each free index name to a value in 1..K. `distinct` pairs must differ and
`equal` pairs must coincide (case restrictions such as "for i = j"). Literal indices are not
enumerated here: the caller checks them against 1..K (an index outside it is an error of the
claim, never wrapped around).
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator

import numpy as np

Assignment = dict[str, int]
Pairs = tuple[tuple[str, str], ...]


def _admissible(ix: Assignment, distinct: Pairs, equal: Pairs) -> bool:
    return all(ix[a] != ix[b] for a, b in distinct) and all(ix[a] == ix[b] for a, b in equal)


def assignments(names: tuple[str, ...], K: int, distinct: Pairs = (),
                equal: Pairs = ()) -> Iterator[Assignment]:
    """Every assignment of `names` to 1..K with the distinct pairs unequal, equal pairs equal."""
    for values in itertools.product(range(1, K + 1), repeat=len(names)):
        ix = dict(zip(names, values, strict=True))
        if _admissible(ix, distinct, equal):
            yield ix


def count(names: tuple[str, ...], K: int, distinct: Pairs = (), equal: Pairs = ()) -> int:
    """How many assignments there are (by enumeration when small, by the formula otherwise)."""
    if not equal and len(distinct) <= 1 and len(names) <= 3:
        n = K ** len(names)
        for _ in distinct:
            n -= K ** (len(names) - 1)
        return n
    return sum(1 for _ in assignments(names, K, distinct, equal))


def sample(names: tuple[str, ...], K: int, rng: np.random.Generator, limit: int,
           distinct: Pairs = (), equal: Pairs = ()) -> list[Assignment]:
    """All assignments when at most `limit`, else a seeded sample that includes diagonal ones."""
    if count(names, K, distinct, equal) <= limit:
        return list(assignments(names, K, distinct, equal))
    out: list[Assignment] = []
    tries = 0
    while len(out) < limit and tries < 100 * limit:
        tries += 1
        values = rng.integers(1, K + 1, size=len(names))
        if len(out) < limit // 4 and len(values) and not distinct:
            values[:] = values[0]  # some i = j entries, where the diagonal terms live
        ix = dict(zip(names, (int(v) for v in values), strict=True))
        if _admissible(ix, distinct, equal):
            out.append(ix)
    return out


def patterns(names: tuple[str, ...], distinct: Pairs = (), equal: Pairs = ()) -> list[
        tuple[tuple[str, ...], ...]]:
    """The equality patterns of `names`: set partitions, blocks of names that share a value."""
    out: list[tuple[tuple[str, ...], ...]] = []

    def rec(i: int, blocks: list[list[str]]) -> None:
        if i == len(names):
            out.append(tuple(tuple(b) for b in blocks))
            return
        for b in blocks:
            b.append(names[i])
            rec(i + 1, blocks)
            b.pop()
        blocks.append([names[i]])
        rec(i + 1, blocks)
        blocks.pop()

    rec(0, [])

    def ok(p: tuple[tuple[str, ...], ...]) -> bool:
        where = {n: bi for bi, b in enumerate(p) for n in b}
        return (all(where[a] != where[b] for a, b in distinct)
                and all(where[a] == where[b] for a, b in equal))

    return [p for p in out if ok(p)]


class IndexOutOfRange(IndexError):
    """A claim named an index outside 1..K (an error of the claim, never wrapped around)."""

    def __init__(self, value: object, K: object) -> None:
        super().__init__(f"index {value} is outside 1..{K}")
        self.value, self.K = value, K


def check_index(i: object, K: int) -> int:
    """i as a Python int if 1 <= i <= K; IndexOutOfRange otherwise (no negative wrapping)."""
    try:
        n = int(i)  # type: ignore[call-overload]
    except (TypeError, ValueError):
        raise IndexOutOfRange(i, K) from None
    if n != i or not 1 <= n <= K:
        raise IndexOutOfRange(i, K)
    return n

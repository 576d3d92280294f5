"""Softmax written out entry by entry: ``y_1 = e^{z_1} / (e^{z_1} + e^{z_2})``, ``y_2 = …``.

A document that fixes a small K often defines its outputs one entry at a time, with the
denominator written out (``e^{z_1}+e^{z_2}+e^{z_3}``) and sometimes with scalar logits
(``y_1 = e^x / (e^x + e^y)``).  When at least two entries y_c = e^{a_c} / sum_{m<=n} e^{a_m}
share one denominator of n distinct exponentials, y is read as softmax(a) at K = n; scalar
logits x, y are read as a_1, a_2 from the first entry to the end of its section.  Every
entry of y the document writes (also one with a typo) is then a definition step checked
against softmax(a)_c, so a wrong entry is flagged rather than silently believed.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from derive.check import ast as A
from derive.check.extract import Chain
from derive.check.parser import Unreadable

_NOT_LOGITS = frozenset({"e", "K", "N", "C"})


@dataclass(frozen=True)
class EntrySoftmax:
    """y_c := softmax(logits)_c for c = 1..k, read from the entries at chain positions."""

    name: str
    logits: str
    k: int
    entries: dict[int, int]  # chain position -> the class c its first member names
    rename: dict[str, A.Node]  # scalar logits -> logits entries (x -> a_1)
    scope: tuple[int, ...]  # chain positions the rename applies to
    line: int


def _atom(node: A.Node) -> A.Node | None:
    """The a of e^{a} when a is a logit entry z_3 or a scalar x."""
    if not (isinstance(node, A.Fn) and node.name == "exp"):
        return None
    a = node.arg
    if isinstance(a, A.Idx) and len(a.indices) == 1 and isinstance(a.indices[0], int):
        return a
    if isinstance(a, A.Sym) and a.name not in _NOT_LOGITS:
        return a
    return None


def _entry(nodes: list[A.Node | Unreadable], chain: Chain) -> tuple[str, int, A.Node,
                                                                   tuple[A.Node, ...]] | None:
    """(y, c, a_c, (a_1..a_n)) for a chain ``y_c = e^{a_c} / (e^{a_1} + … + e^{a_n})``."""
    if len(nodes) < 2 or chain.rels[0] not in ("=", ":="):
        return None
    head, body = nodes[0], nodes[1]
    if not (isinstance(head, A.Idx) and len(head.indices) == 1
            and isinstance(head.indices[0], int) and isinstance(body, A.Div)
            and isinstance(body.den, A.Add)):
        return None
    num = _atom(body.num)
    den = tuple(_atom(t) for t in body.den.terms)
    if num is None or any(a is None for a in den):
        return None
    return head.base, head.indices[0], num, den  # type: ignore[return-value]


def _logits_name(atoms: tuple[A.Node, ...], name: str, parsed: list) -> str | None:
    """z for atoms z_1..z_n in order; for scalar atoms the name the document differentiates
    by elsewhere (da_j), else a letter it does not use."""
    if all(isinstance(a, A.Idx) for a in atoms):
        bases = {a.base for a in atoms}  # type: ignore[union-attr]
        if len(bases) == 1 and [a.indices[0] for a in atoms] == list(  # type: ignore[union-attr]
                range(1, len(atoms) + 1)) and name not in bases:
            return bases.pop()
        return None
    if not all(isinstance(a, A.Sym) for a in atoms):
        return None
    used = {x.base for nodes in parsed for n in nodes if not isinstance(n, Unreadable)
            for x in A.walk(n) if isinstance(x, A.Idx)}
    wrt = Counter(x.var.base for nodes in parsed for n in nodes if not isinstance(n, Unreadable)
                  for x in A.walk(n) if isinstance(x, A.Deriv) and isinstance(x.var, A.Idx)
                  and x.var.base != name)
    if wrt:
        return wrt.most_common(1)[0][0]
    return next((v for v in ("z", "a", "u", "o") if v not in used and v != name), None)


def find(chains: tuple[Chain, ...], parsed: list[list[A.Node | Unreadable]],
         taken: set[str]) -> EntrySoftmax | None:
    """The entrywise softmax of the document, or None (``taken``: names already defined)."""
    found: dict[int, tuple[str, int, A.Node, tuple[A.Node, ...]]] = {}
    for pos, (chain, nodes) in enumerate(zip(chains, parsed, strict=True)):
        e = _entry(nodes, chain)
        if e is not None and e[0] not in taken:
            found[pos] = e
    if not found:
        return None
    shapes = Counter((e[0], e[3]) for e in found.values())
    (name, atoms), _ = shapes.most_common(1)[0]
    n = len(atoms)
    if not 2 <= n <= 8 or len(set(atoms)) != n:
        return None
    good = {e[1] for e in found.values() if e[0] == name and e[3] == atoms
            and 1 <= e[1] <= n and e[2] == atoms[e[1] - 1]}
    logits = _logits_name(atoms, name, parsed)
    if len(good) < 2 or logits is None:
        return None
    entries = {pos: e[1] for pos, e in found.items() if e[0] == name}
    first = min(entries)
    rename: dict[str, A.Node] = {}
    scope: tuple[int, ...] = ()
    if isinstance(atoms[0], A.Sym):
        rename = {a.name: A.Idx(logits, (c,)) for c, a in enumerate(atoms, 1)}  # type: ignore
        section = chains[first].context.split("\n", 1)[0]
        scope = tuple(p for p in range(first, len(chains))
                      if chains[p].context.split("\n", 1)[0] == section)
    return EntrySoftmax(name, logits, n, entries, rename, scope, chains[first].members[0].line)

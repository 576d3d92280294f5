"""Where a document changes its notation: read each part with its own definitions.

Real documents reuse letters: "## Derivative of softmax" writes y for the softmax output,
"# Cross-entropy" then writes y for the targets and ŷ for the output.  Read as one, the
second section would inherit y = softmax and a step true only when Σ y = 1 would be judged
ok.  The rule: when ŷ (``hat_y``) first appears after a heading while y was used before it,
the document is split at the last heading before ŷ's first use, provided the later part uses
no other name the earlier part defines (it then needs nothing from it).  Each part is learned
and checked on its own; the report says where it split.
"""

from __future__ import annotations

from collections.abc import Iterator

from derive.check import ast as A
from derive.check.definitions import learn
from derive.check.extract import Chain
from derive.check.limits import parse_member_bounded
from derive.check.parser import Unreadable


def _names(chain: Chain) -> set[str]:
    """Every Idx base and scalar name in the chain's readable members."""
    out: set[str] = set()
    for m in chain.members:
        try:
            node = parse_member_bounded(m.text)
        except Unreadable:
            continue
        out |= {x.base if isinstance(x, A.Idx) else x.name for x in A.walk(node)
                if isinstance(x, A.Idx | A.Sym)}
    return out


def _function_heads(chains: tuple[Chain, ...]) -> list[tuple[int, str, A.Node | None]]:
    """(line, f, body) of each chain that starts ``f(x) = body`` (x a plain name)."""
    out: list[tuple[int, str, A.Node | None]] = []
    for c in chains:
        if not c.rels or c.rels[0] != "=" or "(" not in c.members[0].text:
            continue
        try:
            head = parse_member_bounded(c.members[0].text)
            body: A.Node | None = parse_member_bounded(c.members[1].text)
        except Unreadable:
            continue
        if isinstance(head, A.Apply) and isinstance(head.arg, A.Sym):
            out.append((c.members[0].line, head.name, body))
    return out


def _split_at_function_redefinition(chains: tuple[Chain, ...]) -> tuple[int, str] | None:
    """``f(a) = (e^z)^i`` … then ``f(x) = 3 ln(x)``: a new example that reuses the letter f
    for another function starts a new part at its own line."""
    seen: dict[str, A.Node | None] = {}
    for line, name, body in _function_heads(chains):
        if name in seen and seen[name] != body and line > chains[0].members[0].line:
            return line, "fn:" + name
        seen.setdefault(name, body)
    return None


def _equation_heads(chains: tuple[Chain, ...]) -> Iterator[tuple[int, Chain, A.Node]]:
    """(position, chain, parsed left side) of each chain that starts ``head = …``."""
    for pos, chain in enumerate(chains):
        if not chain.rels or chain.rels[0] != "=":
            continue
        try:
            yield pos, chain, parse_member_bounded(chain.members[0].text)
        except Unreadable:
            continue


def _split_at_shape_change(chains: tuple[Chain, ...], headings: tuple[int, ...]
                           ) -> tuple[int, str] | None:
    """``a = σ(z)`` (a number) in a sigmoid section, ``a_i = e^{z_i}/Σ_k e^{z_k}`` under a
    later heading: the letter now names the softmax's entries, so a new part starts at that
    heading."""
    shapes: dict[str, tuple[int, int]] = {}  # name -> (number of indices, line)
    for _, c, head in _equation_heads(chains):
        if isinstance(head, A.Sym):
            name, n = head.name, 0
        elif isinstance(head, A.Idx) and all(isinstance(i, str) for i in head.indices):
            name, n = head.base, len(head.indices)
        else:
            continue
        line = c.members[0].line
        if name not in shapes:
            shapes[name] = (n, line)
            continue
        was, at = shapes[name]
        cut = [h for h in headings if at < h <= line]
        if (was, n) == (0, 1) and cut and _softmax_body(c.members[1].text):
            return cut[-1], "shape:" + name
    return None


def _softmax_body(text: str) -> bool:
    """Is the member e^{z_i} over a sum (the softmax written out)?"""
    try:
        body = parse_member_bounded(text)
    except Unreadable:
        return False
    return (isinstance(body, A.Div) and isinstance(body.num, A.Fn) and body.num.name == "exp"
            and isinstance(body.den, A.Sum))


def _split_at(chains: tuple[Chain, ...], headings: tuple[int, ...]) -> tuple[int, str] | None:
    """(line of the heading to split at, the hat_ name that starts there), or None."""
    again = _split_at_function_redefinition(chains) or _split_at_shape_change(chains, headings)
    if again is not None:
        return again
    if not any("\\hat" in m.text for c in chains for m in c.members):
        return None  # hat_ names come only from \hat: nothing to parse again
    used = [_names(c) for c in chains]
    lines = [c.members[0].line for c in chains]
    for pos, names in enumerate(used):
        for hat in sorted(n for n in names if n.startswith("hat_")):
            plain = hat[4:]
            if any(hat in u for u in used[:pos]):
                continue  # not its first use
            before = [h for h in headings if h <= lines[pos]]
            if not before:
                continue
            cut = before[-1]
            if not any(plain in u for u, ln in zip(used, lines, strict=True) if ln < cut):
                continue
            early = tuple(c for c in chains if c.members[0].line < cut)
            late_names = set().union(*(u for u, ln in zip(used, lines, strict=True) if ln > cut))
            defined = set(learn(early, "")[0].defs) - {plain, hat}
            if not defined & late_names:
                return cut, hat
    return _split_at_new_definition(chains, headings, used, lines)


def _split_at_new_definition(chains: tuple[Chain, ...], headings: tuple[int, ...],
                             used: list[set[str]], lines: list[int]) -> tuple[int, str] | None:
    """The reverse change: the earlier part writes y (targets) beside ŷ, and a later section
    that never writes ŷ defines y (``y_i = e^{θ_i} / Σ_k e^{θ_k}``): split at its heading."""
    for pos, _, head in _equation_heads(chains):
        if not isinstance(head, A.Idx):
            continue
        plain, hat = head.base, "hat_" + head.base
        before = [h for h in headings if h <= lines[pos]]
        if not before:
            continue
        cut = before[-1]
        early = [u for u, ln in zip(used, lines, strict=True) if ln < cut]
        late = [u for u, ln in zip(used, lines, strict=True) if ln >= cut]
        if not (any(plain in u for u in early) and any(hat in u for u in early)
                and not any(hat in u for u in late)):
            continue
        defined = set(learn(tuple(c for c in chains if c.members[0].line < cut), "")[0].defs)
        if not (defined - {plain, hat}) & set().union(*late):
            return cut, plain
    return None


def parts(chains: tuple[Chain, ...], headings: tuple[int, ...]
          ) -> list[tuple[tuple[Chain, ...], str]]:
    """The document's chains in parts that each keep one notation (usually one part), each
    with the note that says why it starts where it does ('' for the first)."""
    out: list[tuple[tuple[Chain, ...], str]] = []
    rest, why = chains, ""
    for _ in range(len(headings) + len(chains)):  # each split leaves fewer chains
        found = _split_at(rest, headings)
        if found is None:
            break
        cut, hat = found
        out.append((tuple(c for c in rest if c.members[0].line < cut), why))
        rest = tuple(c for c in rest if c.members[0].line >= cut)
        why = (f"line {cut}: the section from here on writes {hat} beside {hat[4:]}; the "
               "notation changes, so it is read on its own (earlier definitions do not apply)"
               if hat.startswith("hat_") else
               f"line {cut}: {hat[3:]}(…) is defined anew as another function; what follows "
               "is read on its own (earlier definitions do not apply)"
               if hat.startswith("fn:") else
               f"line {cut}: the section from here on defines {hat[6:]} with another number of "
               "indices; it is read on its own (earlier definitions do not apply)"
               if hat.startswith("shape:") else
               f"line {cut}: the section from here on defines {hat} anew, without the hat_{hat} "
               "written before it; it is read on its own (earlier definitions do not apply)")
    return out + [(rest, why)]

"""Learn what a document defines: softmax output, loss, other names, stated conditions.

A chain ``X = B = ...`` whose first member is a bare name (``y_i``, ``E``, ``S_i``) that no
earlier chain used defines X := B (``:=``, ``\\coloneqq`` likewise).  Everything after B is a
step to check.  A definition is *called softmax* when it is written with
``\\operatorname{softmax}``, named sigma, or its prose mentions softmax; such a definition is
itself checked against e^{z_i} / sum_k e^{z_k}.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from derive.check import ast as A
from derive.check.extract import Chain, IndexCond, Member
from derive.check.parser import Unreadable, parse_member

LOSS_NAMES = ("E", "L", "ell", "J", "C", "l", "H", "CE")
_SIMPLEX_PROSE = re.compile(
    r"one[- ]hot|sums? to (one|1)|add up to (one|1)|probability (distribution|vector)"
    r"|on the (probability )?simplex|\\sum_\{?k\}?\s*t_k\s*=\s*1", re.I)


@dataclass(frozen=True)
class Definition:
    """name_{params} := body."""

    name: str
    params: tuple[str, ...]
    body: A.Node
    line: int
    text: str
    role: str = "other"


@dataclass(frozen=True)
class StepSpec:
    """A step to check: left and right member (parsed or the reason they are not)."""

    lhs: Member
    rhs: Member
    lhs_node: A.Node | None
    rhs_node: A.Node | None
    reason: str
    restriction: tuple[IndexCond, ...]
    kind: str = "step"


@dataclass
class Model:
    """Definitions and roles of the names of one document."""

    defs: dict[str, Definition] = field(default_factory=dict)
    softmax: str | None = None
    logits: str | None = None
    targets: set[str] = field(default_factory=set)
    indexed: set[str] = field(default_factory=set)
    generic: dict[str, str] = field(default_factory=dict)
    simplex_stated: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def _parse(m: Member, cache: dict[str, A.Node | Unreadable]) -> A.Node | Unreadable:
    if m.text not in cache:
        try:
            cache[m.text] = parse_member(m.text)
        except Unreadable as exc:
            cache[m.text] = exc
    return cache[m.text]


def _bare_name(node: A.Node) -> tuple[str, tuple[str, ...]] | None:
    if isinstance(node, A.Sym) and node.name not in ("K", "e"):
        return node.name, ()
    if isinstance(node, A.Idx) and all(isinstance(i, str) for i in node.indices):
        if len(set(node.indices)) == len(node.indices):
            return node.base, tuple(str(i) for i in node.indices)
    return None


def _names_used(node: A.Node) -> set[str]:
    out = set()
    for n in A.walk(node):
        if isinstance(n, A.Idx):
            out.add(n.base)
        elif isinstance(n, A.Sym):
            out.add(n.name)
        elif isinstance(n, A.Softmax):
            out.add(n.logits)
    return out


def _is_index_statement(members: tuple[Member, ...]) -> bool:
    return all(re.fullmatch(r"\s*[a-zA-Z0-9]\s*", m.text or "") for m in members)


def _simplex_base(lhs: A.Node, rhs: A.Node) -> str | None:
    if rhs == A.Num(1) and isinstance(lhs, A.Sum) and isinstance(lhs.body, A.Idx):
        if lhs.body.indices == (lhs.var,):
            return lhs.body.base
    return None


def _mentions_softmax(chain: Chain, first: Member) -> bool:
    return "softmax" in chain.context.lower()


def learn(chains: tuple[Chain, ...], prose: str) -> tuple[Model, list[StepSpec]]:
    """Read definitions and conditions; return the model and every step to check."""
    model = Model()
    cache: dict[str, A.Node | Unreadable] = {}
    used: set[str] = set()
    steps: list[StepSpec] = []
    softmax_claims: list[tuple[Definition, Chain]] = []

    for chain in chains:
        if _is_index_statement(chain.members):
            continue
        nodes = [_parse(m, cache) for m in chain.members]
        for n in nodes:
            if not isinstance(n, Unreadable):
                model.indexed |= {x.base for x in A.walk(n) if isinstance(x, A.Idx)}
        first = nodes[0]
        start = 0
        if (len(nodes) >= 2 and chain.rels[0] in ("=", ":=")
                and not isinstance(first, Unreadable) and not isinstance(nodes[1], Unreadable)):
            simplex = _simplex_base(first, nodes[1])
            if simplex is not None:
                model.simplex_stated.append(
                    f"line {chain.members[0].line}: sum of {simplex} is 1")
                model.targets.add(simplex)
                continue
            bare = _bare_name(first)
            if bare and bare[0] in used and bare[0] not in model.defs and not any(
                    isinstance(x, A.Deriv) for x in A.walk(nodes[1])):
                # a statement about an input such as t_k = 1 (one-hot); not a step
                if any(isinstance(x, A.Delta | A.Cases) for x in A.walk(nodes[1])) or \
                        nodes[1] in (A.Num(0), A.Num(1)):
                    model.simplex_stated.append(
                        f"line {chain.members[0].line}: {chain.members[0].text} is one-hot")
                    model.targets.add(bare[0])
                continue
            if bare and bare[0] not in used and bare[0] not in model.defs \
                    and bare[0] not in _names_used(nodes[1]):
                name, params = bare
                free = A.free_indices(nodes[1])
                if free - set(params):
                    steps.append(StepSpec(chain.members[0], chain.members[1], None, None,
                                          f"definition of {name} uses unbound index "
                                          f"{', '.join(sorted(free - set(params)))}",
                                          (), "definition"))
                else:
                    d = Definition(name, params, nodes[1], chain.members[0].line,
                                   f"{chain.members[0].text} = {chain.members[1].text}")
                    model.defs[name] = d
                    has_softmax = any(isinstance(x, A.Softmax) for x in A.walk(nodes[1]))
                    if has_softmax and len(params) == 1 and model.softmax is None:
                        model.softmax = name
                        model.defs[name] = _with_role(d, "softmax")
                        model.logits = next(x.logits for x in A.walk(nodes[1])
                                            if isinstance(x, A.Softmax))
                    elif (len(params) == 1 and model.softmax is None
                          and (name == "sigma" or _mentions_softmax(chain, chain.members[0]))):
                        model.softmax = name
                        model.defs[name] = _with_role(d, "softmax")
                        softmax_claims.append((model.defs[name], chain))
                    elif not params and name in LOSS_NAMES:
                        model.defs[name] = _with_role(d, "loss")
                start = 1
        for n in nodes:
            if not isinstance(n, Unreadable):
                used |= _names_used(n)
        for k in range(start, len(nodes) - 1):
            rel = chain.rels[k]
            if rel in ("ne", "ineq", "implies", "=:"):
                continue
            lhs, rhs = chain.members[k], chain.members[k + 1]
            ln, rn = nodes[k], nodes[k + 1]
            reason = ""
            if rel in ("approx", "propto"):
                reason = f"relation {rel} is not an equality; not checked"
            elif isinstance(ln, Unreadable):
                reason = f"left side: {ln}"
            elif isinstance(rn, Unreadable):
                reason = f"right side: {rn}"
            restriction = tuple(dict.fromkeys(chain.restriction + rhs.conds))
            steps.append(StepSpec(
                lhs, rhs,
                None if reason else ln,  # type: ignore[arg-type]
                None if reason else rn,  # type: ignore[arg-type]
                reason, restriction))

    # logits and targets
    for d, chain in softmax_claims:
        bases = sorted({x.base for x in A.walk(d.body) if isinstance(x, A.Idx)} - {d.name})
        if len(bases) == 1:
            model.logits = bases[0]
            steps.append(StepSpec(
                chain.members[0], chain.members[1], A.Idx(d.name, (d.params[0],)),
                A.Softmax(bases[0], d.params[0]), "", (), "definition"))
        else:
            steps.append(StepSpec(chain.members[0], chain.members[1], None, None,
                                  "cannot tell which symbol holds the logits", (),
                                  "definition"))
    raw_indexed = model.indexed - set(model.defs) - ({model.logits} if model.logits else set())
    loss_defs = [d for d in model.defs.values() if d.role == "loss"]
    if loss_defs:
        for d in loss_defs:
            model.targets |= {x.base for x in A.walk(d.body) if isinstance(x, A.Idx)} & raw_indexed
    else:
        model.targets |= raw_indexed
    if _SIMPLEX_PROSE.search(prose):
        m = _SIMPLEX_PROSE.search(prose)
        assert m is not None
        model.simplex_stated.append(f"prose: '{m.group(0)}'")
    return model, steps


def _with_role(d: Definition, role: str) -> Definition:
    return Definition(d.name, d.params, d.body, d.line, d.text, role)

"""Learn what a document defines: softmax output, loss, other names, stated conditions.

A chain ``X = B = ...`` whose first member is a bare name (``y_i``, ``E``, ``S_i``) that no
earlier chain used defines X := B (``:=``, ``\\coloneqq`` likewise).  Everything after B is a
step to check.  A definition is *called softmax* when it is written with
``\\operatorname{softmax}``, named sigma, or its prose mentions softmax; such a definition is
itself checked against e^{z_i} / sum_k e^{z_k}.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from fractions import Fraction

from derive.check import ast as A
from derive.check import entries
from derive.check.extract import Chain, IndexCond, Member
from derive.check.limits import parse_member_bounded as parse_member  # issue 10 limits
from derive.check.normalize import CLASS_LABEL, subscript_cases
from derive.check.parser import Unreadable
from derive.check.substitute import rename_base, replace_children, replace_symbols, substitute_index

_EXAMPLE_PROSE = re.compile(r"\b(for example|e\.\s?g\.|for instance|example|say)\b", re.I)
_CE_PROSE = re.compile(r"(?<!binary )cross[- ]?entropy|negative log[- ]likelihood", re.I)
LOSS_NAMES = ("E", "L", "ell", "J", "C", "l", "H", "CE")
# "one-hot", "can only be 1 for the true class and 0 otherwise"
ONE_HOT_WORDS = (r"one[- ]?hot|\b(?:is|be|are)\s+1\s+for\s+the\s+(?:true|correct|right|target)"
                 r"\s+class(?:es)?\s*(?:,\s*)?and\s+0\b"
                 r"|独热|只有一[个位](?:类|类别|元素|分量|位置)?(?:是|为|等于)\s{0,3}1")
_SIMPLEX_PROSE = re.compile(
    ONE_HOT_WORDS + r"|sums? to (one|1)|add up to (one|1)|probability (distribution|vector)"
    r"|(?:target|true|label|ground[- ]truth) distribution"
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
    implicit: tuple[str, ...] = ()


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
    claim: str = ""  # a definition checked against its name: "softmax", "cross-entropy"
    k_only: int | None = None  # "for example, with K = 3": this paragraph's steps at K = 3
    given: str = ""  # the targets given by value (y = [0, 1, 0]) this step is about
    example: bool = False  # its chain ends in an example's numbers (= 2.718/30.193 = 0.090)
    # another reading of the same text (a sum closed before the factor that uses its index):
    # the step is decided only if both readings agree
    alternative: tuple[A.Node, A.Node] | None = None
    alternative_why: str = ""
    rel: str = "="  # the relation written between the members: "=", "approx", "propto"


@dataclass
class Model:
    """Definitions and roles of the names of one document."""

    defs: dict[str, Definition] = field(default_factory=dict)
    softmax: str | None = None
    logits: str | None = None
    targets: set[str] = field(default_factory=set)
    indexed: set[str] = field(default_factory=set)
    generic: dict[str, str] = field(default_factory=dict)
    inputs: set[str] = field(default_factory=set)
    free: set[str] = field(default_factory=set)  # v of v^T J v: an arbitrary vector (an input)
    # p̂ of a loss -Σ p_j log p̂_j that nothing defines: a step false for random p̂ is not read
    unknown_predictions: set[str] = field(default_factory=set)
    vector_args: dict[str, str] = field(default_factory=dict)  # C of C(z) = …: C -> z
    fixed_k: int | None = None
    example_k: dict[str, int] = field(default_factory=dict)  # paragraph context -> K
    functions: dict[str, tuple[str, A.Node]] = field(default_factory=dict)
    # g(x) = e^{a_i}: a function of x whose formula does not use x (its g' is ambiguous)
    argless: dict[str, str] = field(default_factory=dict)
    count_name: str = "K"
    simplex_stated: list[str] = field(default_factory=list)
    stated_targets: set[str] = field(default_factory=set)  # names said to be one-hot / sum to 1
    notes: list[str] = field(default_factory=list)
    skipped: list[tuple[int, str, str]] = field(default_factory=list)  # (line, text, why)
    unread: dict[str, tuple[int, str]] = field(default_factory=dict)  # name -> (line, why)
    unread_defs: dict[str, tuple[int, str]] = field(default_factory=dict)  # a definition not
    # read of a name that another line defines readably: name -> (line, why)
    unread_heads: set[str] = field(default_factory=set)  # "Softmax: P_i = …" not read: even
    # a name the document differentiates by depends on that definition
    zero_based: bool = False  # classes numbered 0 … K-1 (sums from 0 to K-1, y_0)
    last_name: str | None = None  # n of Σ_{k=0}^{n}: the last class, not the class count
    redefined: dict[str, int] = field(default_factory=dict)  # name -> line of a new section's
    wrt: set[str] = field(default_factory=set)  # names differentiated with respect to
    onehot: tuple[str, str, int] | None = None  # "y_t = 1": (targets, class letter, line)
    cold: dict[int, str] = field(default_factory=dict)  # "y_j = 0" on a line: j is not hot
    line_values: dict[int, dict[A.Idx, A.Num]] = field(default_factory=dict)  # "y_1 = 0" there
    givens: dict[str, tuple[int, int, int]] = field(default_factory=dict)  # y = [0,1,0]:
    # name -> (hot class, K, line)
    given_at: dict[int, str] = field(default_factory=dict)  # chain position -> given name
    numbered: set[str] = field(default_factory=set)  # x of x_1 = ..., x_2 = ...: scalars
    generic_calls: set[str] = field(default_factory=set)  # g of g(x), never defined


def _parse(m: Member, cache: dict[str, A.Node | Unreadable]) -> A.Node | Unreadable:
    if m.text not in cache:
        try:
            cache[m.text] = parse_member(m.text)
        except Unreadable as exc:
            cache[m.text] = exc
    return cache[m.text]


def _bare_name(node: A.Node) -> tuple[str, tuple[str, ...]] | None:
    if isinstance(node, A.Sym) and node.name not in ("K", "N", "e"):
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
        elif isinstance(n, A.Apply):
            out.add(n.name)
    return out


_REL_TEXT = {"ne": "≠", "ineq": "<", "implies": "⇒", "=:": "=:", ":=": ":=", "in": "∈"}
_REL_WHY = {"ne": "an inequation (≠), not a step", "ineq": "an inequality, not checked",
            "implies": "an implication arrow, not an equality", "=:": "names the left side",
            "in": "set membership (a shape or a range), not a step"}
_VECTOR_RE = re.compile(r"\s*(?:\\left)?[\[(]?\s*([a-zA-Z])_\{?1\}?\s*,\s*"
                        r"(?:\1_\{?[0-9a-zA-Z]\}?|\\[lc]?dots|\.\.\.)"
                        r"(?:\s*,\s*(?:\1_\{?([0-9a-zA-Z])\}?|\\[lc]?dots|\.\.\.))*\s*"
                        r"(?:\\right)?[\])]?\s*(?:\^\s*\{?(?:T|\\top)\}?)?\s*"
                        r"(?:\\in\s.*)?")


def _vector_literal(chain: Chain) -> bool:
    """A member written as a list of entries: ``[z_1, z_2]``, ``y_1, y_2, y_3``."""
    return any(_VECTOR_RE.fullmatch(m.text) or re.search(r"\(\s*\[[^\]]*,", m.text)
               for m in chain.members)


_DOTS_ONLY = re.compile(r"\s*(?:\\[cl]?dots|\.\.\.|…)\s*")


def _entries_equal(chain: Chain) -> bool:
    """``v_1 = \\cdots = v_K``: every entry of v is the same (a statement about v, no step)."""
    return (len(chain.members) >= 3 and all(r == "=" for r in chain.rels)
            and all(_DOTS_ONLY.fullmatch(m.text) for m in chain.members[1:-1]))


def vector_length(chains: tuple[Chain, ...]) -> int | None:
    """K written out: every vector ``[z_1, …, z_n]`` of the document ends at the same literal
    n (and none has dots)."""
    ends = set()
    for c in chains:
        for m in c.members:
            if _VECTOR_RE.fullmatch(m.text):
                if re.search(r"dots|\.\.\.", m.text):
                    return None
                last = re.findall(r"_\{?\s*([0-9a-zA-Z])\s*\}?", m.text)[-1]
                if not last.isdigit():
                    return None
                ends.add(int(last))
    return ends.pop() if len(ends) == 1 else None


def _alias_chain(model: Model, name: str, params: tuple[str, ...], nodes: list,
                 chain: Chain) -> str | None:
    """In ``f_n = y_n = <formula>`` the undefined y is what the formula defines (f names it)."""
    if len(nodes) < 3 or chain.rels[:2] != ("=", "=") or isinstance(nodes[2], Unreadable):
        return None
    mid = nodes[1]
    if (isinstance(mid, A.Idx) and mid.base != name and mid.base not in model.defs
            and tuple(mid.indices) == tuple(params) and params
            and not _depends(model, nodes[2], mid.base)):
        return mid.base
    return None


def _vector_softmax(chain: Chain, nodes: list) -> tuple[str, str] | None:
    """``\\hat{y} = softmax(z)``, ``A = \\frac{e^z}{\\Sigma e^z}`` (vectors): read entrywise as
    hat_y_i = softmax(z)_i."""
    if len(nodes) < 2 or not isinstance(nodes[0], A.Sym):
        return None
    from derive.check.normalize import normalize_member

    text = normalize_member(chain.members[1].text)
    m = re.fullmatch(r"\s*\\operatorname\{softmax\}\s*\(\s*([a-zA-Z])\s*\)\s*", text)
    if m and isinstance(nodes[1], Unreadable):
        return nodes[0].name, m.group(1)
    m = re.fullmatch(r"\s*\\frac\s*\{\s*e\s*\^\s*\{?\s*([a-z])\s*\}?\s*\}\s*\{\s*"
                     r"\\(?:Sigma|sum)\s*(?:_\s*\{?\s*[a-z]?\s*\}?\s*)?e\s*\^\s*\{?\s*\1\s*\}?\s*\}\s*",
                     text)
    return (nodes[0].name, m.group(1)) if m else None


def _targets_only(node: A.Node, model: Model) -> bool:
    """A sum over quantities nothing defines (targets): ``y_i + \\sum_{k \\ne i} y_k``."""
    names = _names_used(node)
    return (any(isinstance(x, A.Sum) for x in A.walk(node)) and bool(names)
            and all(n in model.indexed and n not in model.defs for n in names))


def _logits_from_exponentials(model: Model, parsed: list) -> None:
    """No definition names the logits: they are the undefined z of e^{z_j} / sum_k e^{z_k}
    written in the steps (logits need no definition)."""
    seen: dict[str, int] = {}
    for nodes in parsed:
        for n in nodes:
            if isinstance(n, Unreadable):
                continue
            for x in A.walk(n):
                if isinstance(x, A.Div) and any(isinstance(y, A.Sum) for y in A.walk(x.den)):
                    for y in A.walk(x.num):
                        if (isinstance(y, A.Fn) and y.name == "exp" and isinstance(y.arg, A.Idx)
                                and y.arg.base not in model.defs):
                            seen[y.arg.base] = seen.get(y.arg.base, 0) + 1
    if seen:
        model.logits = max(seen, key=lambda k: seen[k])
        model.notes.append(f"{model.logits} is read as the logits (e^{{{model.logits}_j}} over "
                           "a sum of them)")


def _writes_softmax_ratio(parsed: list) -> bool:
    """The steps write e^{z_j} / sum_k e^{z_k} itself: the document is about softmax even
    where its prose never says the word."""
    for nodes in parsed:
        for n in nodes:
            if isinstance(n, Unreadable):
                continue
            for x in A.walk(n):
                if (isinstance(x, A.Div) and _exp_of_entry(x.num)
                        and any(isinstance(y, A.Sum) and _exp_of_entry(y.body)
                                for y in A.walk(x.den))):
                    return True
    return False


def _exp_of_entry(node: A.Node) -> bool:
    """e^{z_j}: the exponential of one indexed entry."""
    return isinstance(node, A.Fn) and node.name == "exp" and isinstance(node.arg, A.Idx)


def _applied_to(d: Definition, chain: Chain, chains: tuple[Chain, ...], parsed: list,
                model: Model) -> str | None:
    """σ(z)_i = e^{z_i}/Σ_j e^{z_j} defines a function; when no other formula uses z and the
    steps exponentiate one other undefined vector a (σ(a)_i, e^{a_i}), that is its argument."""
    z = next(iter({x.base for x in A.walk(d.body) if isinstance(x, A.Idx)} - {d.name}))
    if not re.search(r"\(\s*(?:\\(?:mathbf|boldsymbol|vec|bm)\s*\{\s*)?" + z + r"\s*\}?\s*\)",
                     chain.members[0].text):
        return None
    others = [nodes for c, nodes in zip(chains, parsed, strict=True) if c is not chain]
    if any(isinstance(x, A.Idx | A.Sym) and getattr(x, "base", getattr(x, "name", "")) == z
           for nodes in others for n in nodes if not isinstance(n, Unreadable) for x in A.walk(n)):
        return None
    used = _exponentiated(others) | {
        x.var.base for nodes in others for n in nodes if not isinstance(n, Unreadable)
        for x in A.walk(n) if isinstance(x, A.Deriv) and isinstance(x.var, A.Idx)
        and d.name in _names_used(x.f)}  # ∂σ_i/∂a_j: σ's argument is a
    used -= set(model.defs) | {z}
    return used.pop() if len(used) == 1 else None


def _exponentiated(parsed: list) -> set[str]:
    """The names whose entries the document exponentiates (z of e^{z_j})."""
    return {x.arg.base for nodes in parsed for n in nodes if not isinstance(n, Unreadable)
            for x in A.walk(n) if _exp_of_entry(x)}


def _as_index(node: A.Node) -> A.Index | None:
    """The index an argument names: a letter (v), a numeral (3)."""
    if isinstance(node, A.Sym) and len(node.name) == 1 and node.name.islower():
        return node.name
    if isinstance(node, A.Num) and node.value.denominator == 1 and node.value > 0:
        return int(node.value)
    return None


def _index_calls(chains: tuple[Chain, ...], parsed: list, model: Model) -> None:
    """``\\pi(v) = e^{z_v} / Σ_u e^{z_u}``: a function whose argument its formula uses only as
    an index is an indexed name, so every call ``\\pi(k)`` is the entry ``\\pi_k``."""
    names: dict[str, str] = {}
    for chain, row in zip(chains, parsed, strict=True):
        first = row[0] if row else None
        if not (isinstance(first, A.Apply) and isinstance(first.arg, A.Sym) and len(row) >= 2
                and not isinstance(row[1], Unreadable) and chain.rels[0] in ("=", ":=")):
            continue
        p = first.arg.name
        as_index = any(isinstance(x, A.Idx) and p in x.indices for x in A.walk(row[1]))
        if as_index and A.Sym(p) not in A.walk(row[1]):
            names.setdefault(first.name, p)
    if not names:
        return

    def entry(node: A.Node) -> A.Node:
        kids = [entry(k) for k in A.children(node)]
        node = replace_children(node, kids) if kids else node
        if isinstance(node, A.Apply) and node.name in names:
            ix = _as_index(node.arg)
            if ix is not None:
                return A.Idx(node.name, (ix,))
        return node
    for row in parsed:
        row[:] = [n if isinstance(n, Unreadable) else entry(n) for n in row]
    for name, p in sorted(names.items()):
        model.indexed.add(name)
        model.notes.append(f"{name}({p}) is an entry (its formula uses {p} as an index): "
                           f"{name}(k) is read as {name}_k")


def _walk_parsed(parsed: list):
    """Every sub-expression of every readable member."""
    for nodes in parsed:
        for n in nodes:
            if not isinstance(n, Unreadable):
                yield from A.walk(n)


def _generic_functions(model: Model, parsed: list) -> None:
    """``g(x)``, ``h(x)`` that the document never defines are generic smooth functions of x:
    each is read as its own fixed function g(t) = a t + b t^2 + e^{c t} (a, b, c distinct
    per name), so an identity true for every function holds and a false one (the quotient
    rule with +) fails with a counterexample."""
    names: set[str] = set()
    for x in _walk_parsed(parsed):
        if (isinstance(x, A.Apply) and isinstance(x.arg, A.Sym)
                and x.name not in model.functions and x.name not in ("e", "sigma")
                and (x.name not in model.defs or (
                    # "f = g(x)/h(x) ⇒ f' = …" beside g_i = e^{a_i}: the rule's g is a
                    # function of its own, not the entry g_i
                    x.name in "fghuv" and model.defs[x.name].params))):
            names.add(x.name)
    for name in sorted(names):
        h = zlib.crc32(name.encode())
        a, b, c = (Fraction(h % 7 + 1, 3), Fraction(h % 5 + 1, 4), Fraction(h % 3 + 1, 5))
        t = A.Sym("t")
        body = A.Add((A.Mul((A.Num(a), t)), A.Mul((A.Num(b), A.Pow(t, A.Num(Fraction(2))))),
                      A.Fn("exp", A.Mul((A.Num(c), t)))))
        model.functions[name] = ("t", body)
        model.generic_calls.add(name)
        model.notes.append(f"{name}(...) is not defined: read as a generic smooth function "
                           f"(checked as {name}(t) = {a} t + {b} t^2 + e^({c} t))")


def _named_terms(left: A.Node | Unreadable, right: A.Node | Unreadable,
                 model: Model) -> tuple[str, str, A.Node] | None:
    """``-\\sum_j y_j \\log p_j = -\\sum_j \\ell_j`` with l undefined: (l, j, y_j log p_j)."""
    from derive.check.substitute import substitute_index

    if isinstance(left, Unreadable) or isinstance(right, Unreadable):
        return None
    if isinstance(left, A.Neg) and isinstance(right, A.Neg):
        left, right = left.arg, right.arg
    if not (isinstance(left, A.Sum) and isinstance(right, A.Sum)):
        return None
    body = right.body
    if not (isinstance(body, A.Idx) and body.indices == (right.var,)
            and body.base not in model.defs
            and (left.lo, left.hi, left.skip) == (right.lo, right.hi, right.skip)
            and body.base not in _names_used(left.body)):
        return None
    return body.base, right.var, substitute_index(left.body, left.var, right.var)


def _implicit_softmax(model: Model, parsed: list, chains: tuple[Chain, ...], prose: str) -> None:
    """A document about softmax that never defines its outputs readably: the quantity it
    differentiates by the logits (dy_i/dz_j) is read as y_i = softmax(z)_i, and it says so."""
    about = "softmax" in prose.lower() or any(
        "softmax" in m.text.lower() or "softmax" in c.context.lower()
        for c in chains for m in c.members) or _writes_softmax_ratio(parsed)
    if not about:
        return
    pairs: dict[tuple[str, str], int] = {}
    for nodes in parsed:
        for n in nodes:
            if isinstance(n, Unreadable):
                continue
            for x in A.walk(n):
                if (isinstance(x, A.Deriv) and isinstance(x.f, A.Idx) and len(x.f.indices) == 1
                        and isinstance(x.var, A.Idx) and len(x.var.indices) == 1
                        and x.f.base != x.var.base and x.f.base not in model.defs
                        and x.var.base not in model.defs and x.f.base not in model.targets
                        and x.f.base != model.logits):  # dz_i/dw_i: z are the logits
                    key = (x.f.base, x.var.base)
                    pairs[key] = pairs.get(key, 0) + 1
    heads = _defined_heads(chains, parsed)
    # the author wrote a definition (y_1 = ...) that was not read as one: no guessing
    pairs = {k: v for k, v in pairs.items() if k[0] not in model.unread and k[0] not in heads}
    if not pairs:
        pairs = _loss_prediction(model, heads, parsed)
    if not pairs:
        return
    (out, logits), _ = max(pairs.items(), key=lambda kv: kv[1])
    other = out[4:] if out.startswith("hat_") else "hat_" + out
    if other in model.indexed and other not in model.defs:
        pick = _log_argument(model, (out, other), parsed)
        if pick is None and out.startswith("hat_") and (other, logits) not in pairs:
            # ∂ŷ_i/∂z_j written, ∂y_i/∂z_j never: the hat is the prediction, as always
            model.notes.append(f"{out} is differentiated by the logits and {other} is not: "
                               f"{out} is the prediction")
        elif pick is None:
            model.notes.append(f"both {out} and {other} are used and neither is defined: which "
                               "one is the softmax output is not guessed")
            return
        else:
            out = pick
            model.notes.append(f"{out} is the argument of the log in the loss: it is the "
                               "prediction")
    model.defs[out] = Definition(out, ("i",), A.Softmax(logits, "i"), 0,
                                 f"{out}_i = softmax({logits})_i (implicit)", "softmax")
    model.softmax, model.logits = out, logits
    model.notes.append(f"{out} is never defined readably: read as the softmax of {logits}, "
                       f"{out}_i = e^{{{logits}_i}} / sum_k e^{{{logits}_k}}")


def _implicit_normaliser(model: Model, parsed: list) -> None:
    """``e^{Z_i} / \\Sigma_C``, ``e^{z_i} / S`` with Σ (or a capital letter) never defined: it
    names the softmax's normaliser, S = Σ_k e^{z_k} (said in a note); only a name spelt Sigma
    or one capital letter that stands nowhere else as an entry, found under e^{logit}, and only
    when one such name is found."""
    z = model.logits
    if z is None:
        return
    walked = list(_walk_parsed(parsed))
    taken = set(model.defs) | set(model.unread) | set(model.functions) | set(model.targets) | {
        model.count_name, z}

    def named(n: A.Node, name: str) -> bool:
        return (isinstance(n, A.Sym) and n.name == name) or (
            name == "Sigma" and isinstance(n, A.Idx) and n.base == "Sigma" and len(n.indices) == 1)
    found = {}
    for name in ["Sigma", *sorted({x.name for x in walked if isinstance(x, A.Sym)
                                   and len(x.name) == 1 and x.name.isupper()})]:
        if name in taken or (name != "Sigma" and any(
                isinstance(x, A.Idx) and x.base == name for x in walked)):
            continue
        hits = [x.den for x in walked if isinstance(x, A.Div) and named(x.den, name)
                and isinstance(x.num, A.Fn) and x.num.name == "exp"
                and isinstance(x.num.arg, A.Idx) and x.num.arg.base == z]
        if hits:
            found[name] = hits
    if len(found) != 1:
        return
    ((name, hits),) = found.items()
    params = ("c",) if isinstance(hits[0], A.Idx) else ()
    if any(named(x, name) and (isinstance(x, A.Idx)) != bool(params) for x in walked):
        return  # Σ and Σ_C both: not one name
    body = A.Sum("k", None, None, (), A.Fn("exp", A.Idx(z, ("k",))))
    model.defs[name] = Definition(name, params, body, 0,
                                  f"{name} = sum_k e^{{{z}_k}} (implicit)", "other")
    model.notes.append(f"{name} is never defined and divides e^{{{z}_i}}: read as the softmax's "
                       f"normaliser, {name} = sum_k e^{{{z}_k}}")


def _second_softmax(model: Model, parsed: list, chains: tuple[Chain, ...]) -> None:
    """S_j = softmax(a)_j is defined, and the loss part writes p_k, never defined, and
    differentiates it by the logits (∂p_k/∂a_i): p is read as the same softmax (said in a
    note); not when two such names appear."""
    logits, name = model.logits, model.softmax
    if logits is None or name is None or model.defs.get(name) is None:
        return
    heads = _defined_heads(chains, parsed)
    seen = {x.f.base for x in _walk_parsed(parsed)
            if isinstance(x, A.Deriv) and isinstance(x.f, A.Idx) and len(x.f.indices) == 1
            and isinstance(x.var, A.Idx) and x.var.base == logits
            and x.f.base not in (name, logits) and x.f.base not in model.defs
            and x.f.base not in heads and x.f.base not in model.unread}
    # a name said to sum to 1 (Σ_i a_i = 1) may be the softmax's outputs; one that weighs a
    # log (-Σ_k y_k log ŷ_k) is a target
    seen -= _log_weights(parsed, model)
    if not seen:
        _renamed_softmax(model, parsed, chains, heads)
    if len(seen) != 1:
        return
    out = seen.pop()
    model.targets.discard(out)
    model.stated_targets.discard(out)
    model.defs[out] = Definition(out, ("i",), A.Softmax(logits, "i"), 0,
                                 f"{out}_i = softmax({logits})_i (implicit)", "softmax")
    model.notes.append(f"{out} is differentiated by the logits {logits} and never defined: read "
                       f"as the softmax {name} ({out}_i = softmax({logits})_i)")


def _renamed_softmax(model: Model, parsed: list, chains: tuple[Chain, ...],
                     heads: set[str]) -> None:
    """S(y_i) = e^{y_i}/Σ_j e^{y_j} is defined, its logits y used nowhere else, and the
    derivation differentiates p_i, never defined, by a_j, never defined: the author renamed
    the softmax, p_i = softmax(a)_i (said in a note); not when several such pairs appear."""
    logits, line = model.logits, model.defs[model.softmax].line  # type: ignore[index]
    own = [i for i, c in enumerate(chains) if c.members[0].line == line]
    elsewhere = [x for i, nodes in enumerate(parsed) if i not in own for n in nodes
                 if not isinstance(n, Unreadable) for x in A.walk(n)]
    if not own or any(isinstance(x, A.Idx) and x.base == logits for x in elsewhere):
        return
    pairs = {(x.f.base, x.var.base) for x in elsewhere
             if isinstance(x, A.Deriv) and isinstance(x.f, A.Idx) and len(x.f.indices) == 1
             and isinstance(x.var, A.Idx) and len(x.var.indices) == 1
             and x.f.base != x.var.base and not {x.f.base, x.var.base} & (
                 set(model.defs) | heads | set(model.unread) | model.targets)}
    if len(pairs) != 1:
        return
    out, new = pairs.pop()
    model.logits = new
    model.defs[out] = Definition(out, ("i",), A.Softmax(new, "i"), 0,
                                 f"{out}_i = softmax({new})_i (implicit)", "softmax")
    model.notes.append(f"the softmax {model.softmax} is defined on {logits}, which nothing else "
                       f"uses; the derivation differentiates {out}, never defined, by {new}: read "
                       f"as the same softmax, {out}_i = softmax({new})_i")


def _entrywise(model: Model, written: entries.EntrySoftmax, chains: tuple[Chain, ...]) -> None:
    """y_c = e^{a_c} / sum_m e^{a_m} written for each c: y_i := softmax(a)_i at K = n."""
    if model.fixed_k not in (None, written.k):
        model.notes.append(f"line {written.line}: {written.name} is written out with "
                           f"{written.k} entries but K = {model.fixed_k}: not read as softmax")
        return
    if model.fixed_k is None:
        model.fixed_k = written.k
        model.notes.append(f"the softmax is written out with {written.k} entries: steps are "
                           f"checked at K = {written.k} only")
    name, logits = written.name, written.logits
    model.defs[name] = Definition(name, ("i",), A.Softmax(logits, "i"), written.line,
                                  f"{name}_c = e^{{{logits}_c}} / sum of {written.k} "
                                  "exponentials (written entry by entry)", "softmax")
    model.softmax, model.logits = name, logits
    model.notes.append(f"line {written.line}: {name} is written out entry by entry: read as "
                       f"{name}_i = softmax({logits})_i, each entry checked")
    if written.rename:
        scalars = ", ".join(written.rename)
        model.notes.append(f"line {written.line}: the scalars {scalars} are read as the logits "
                           + ", ".join(f"{logits}_{c}" for c in range(1, written.k + 1))
                           + " (to the end of that section)")


_CASES_RE = re.compile(r"\s*\\begin\{cases\}(.*)\\end\{cases\}\s*", re.S)
_CLASS_RE = re.compile(r"(?:=|\\in)\s*\\?(?:mathcal\{)?([A-Za-z])\b")


def onehot_cases(text: str) -> str | None:
    """For ``\\begin{cases} 1 & j \\in I \\\\ 0 & \\text{else} \\end{cases}`` the hot class
    letter ('I'; '' when the condition names none); None when it is not a 1/0 case split."""
    m = _CASES_RE.fullmatch(text)
    if m is None:
        return None
    rows = [r.split("&", 1) for r in re.split(r"\\\\(?:\[[^\]]*\])?", m.group(1)) if r.strip()]
    if len(rows) != 2 or any(len(r) != 2 for r in rows):
        return None
    values = [r[0].strip() for r in rows]
    if sorted(values) != ["0", "1"]:
        return None
    hot = rows[values.index("1")][1]
    c = _CLASS_RE.search(hot)
    return c.group(1) if c else ""


def _loss_prediction(model: Model, heads: set[str],
                     parsed: list) -> dict[tuple[str, str], int]:
    """{(p, z): 1} when a loss takes the log of an undefined p (L = -sum_k y_k log p_k) and
    the document differentiates by one undefined name z (dL/dz_i): p is softmax(z), unless
    the document exponentiates some other name (e^{a_i}: a, not w of dE/dw_ji, is the
    softmax's input)."""
    logs = {x.arg.base for d in model.defs.values() if d.role == "loss" for x in A.walk(d.body)
            if isinstance(x, A.Fn) and x.name in ("log", "ln") and isinstance(x.arg, A.Idx)}
    logs = {p for p in logs if p not in model.defs and p not in model.unread and p not in heads}
    wrt = {w for w in model.wrt if w in model.indexed and w not in model.defs} - logs
    if len(logs) != 1 or len(wrt) != 1:
        return {}
    exps = _exponentiated(parsed)
    if exps and not wrt <= exps:
        return {}
    return {(logs.pop(), wrt.pop()): 1}


def _unknown_calls(body: A.Node, model: Model) -> list[str]:
    """Names applied to an entry (p(x_i)) that the document defines as nothing."""
    return sorted({x.name for x in A.walk(body) if isinstance(x, A.Apply)
                   and not isinstance(x.arg, A.Sym) and x.name not in model.functions
                   and x.name not in model.defs and x.name not in ("e", "sigma")})


def _d_rewrite(node: A.Node, logits: str, out: str) -> A.Node:
    """The tree with each product factor pair D_j S_i replaced by dS_i/dz_j."""
    if isinstance(node, A.Mul):
        factors: list[A.Node] = []
        items = [_d_rewrite(f, logits, out) for f in node.factors]
        k = 0
        while k < len(items):
            f = items[k]
            nxt = items[k + 1] if k + 1 < len(items) else None
            if (isinstance(f, A.Idx) and f.base == "D" and len(f.indices) == 1
                    and isinstance(nxt, A.Idx) and nxt.base == out):
                factors.append(A.Deriv(nxt, A.Idx(logits, f.indices)))
                k += 2
                continue
            factors.append(f)
            k += 1
        return factors[0] if len(factors) == 1 else A.Mul(tuple(factors))
    if isinstance(node, A.Idx | A.Sym | A.Num | A.Delta | A.Softmax | A.EulerE):
        return node
    kids = A.children(node)
    if not kids:
        return node
    return replace_children(node, [_d_rewrite(c, logits, out) for c in kids])


def _operator_d(spec: StepSpec, model: Model) -> StepSpec:
    """``D_jS_i`` (the notation of Bendersky's softmax derivation, D_j = d/dz_j) is
    dS_i/dz_j when D is defined as nothing else and S is the softmax output."""
    if ("D" in model.defs or model.softmax is None or model.logits is None
            or spec.lhs_node is None or spec.rhs_node is None):
        return spec
    lhs = _d_rewrite(spec.lhs_node, model.logits, model.softmax)
    rhs = _d_rewrite(spec.rhs_node, model.logits, model.softmax)
    note = (f"D_j {model.softmax}_i is read as the derivative d{model.softmax}_i/"
            f"d{model.logits}_j")
    if (lhs, rhs) != (spec.lhs_node, spec.rhs_node) and note not in model.notes:
        model.notes.append(note)
    return replace(spec, lhs_node=lhs, rhs_node=rhs)


_CONDITION_WORD_RE = re.compile(r"\b(?:when|if|whenever|unless|once|suppose|assuming|assume|"
                                r"as long as|provided|where|with|case of)\s*$", re.I)


_DECIMAL_RE = re.compile(r"\d\.\d")


def _at_example_values(lt: str, ln: A.Node | Unreadable, rt: str, rn: A.Node | Unreadable
                       ) -> bool:
    """``∂p_1/∂z_1 = 0.5 × (1 − 0.5)``: a formula in the document's names equated with
    arithmetic on decimals is its value at an example's numbers, not an identity."""
    if isinstance(ln, Unreadable) or isinstance(rn, Unreadable):
        return False
    return any(_has_names(a) and not _has_names(b) and _DECIMAL_RE.search(bt) is not None
               for a, b, bt in ((ln, rn, rt), (rn, ln, lt)))


def _prose_condition(chain: Chain, nodes: list) -> bool:
    """``It is zero when $p_k = 1$``, ``it peaks when $p_1 = 1/2$``: an inline ``x = number``
    right after "when", "if", "suppose", "where" ("the case where $q_y = 1$") is a
    hypothesis, not an identity."""
    if (chain.display or len(nodes) != 2 or chain.rels[0] != "="
            or isinstance(nodes[1], Unreadable) or _has_names(nodes[1])
            or isinstance(nodes[0], Unreadable) or not _has_names(nodes[0])):
        return False
    text = chain.members[0].text.strip()
    value = chain.members[1].text.strip()
    for m in re.finditer(r"\$\s?" + re.escape(text) + r"\s*=\s*" + re.escape(value),
                         chain.context):
        if _CONDITION_WORD_RE.search(chain.context[max(0, m.start() - 40): m.start()]):
            return True
    return False


_ASSUME_RE = re.compile(r"\b(?:suppose|assume|assuming|assumption)\b|假设|假定|设想|如果|若|仮定",
                        re.I)
_CONSEQUENCE_RE = re.compile(r"\b(?:so|thus|hence|therefore|we get|gives|yields)\b|所以|因此|因而|"
                             r"故|得到|可得|于是", re.I)
_SENTENCE_RE = re.compile(r"[.!?。！？](?:\s|$)|[。！？]|\n\s*\n")


def _assumed_in_prose(chain: Chain) -> bool:
    """"假设 … 都有 $\\sum_j z_j = \\sum_j v_j = 0$", "suppose that $\\sum_k z_k = 0$": an inline
    formula without a derivative, in a sentence that assumes it (an assumption word before it
    and no "so"/"所以" between), is a hypothesis, not a step."""
    if chain.display or any(re.search(r"\\partial|\\frac\s*\{\s*d|\\nabla", m.text)
                            for m in chain.members):
        return False
    at = chain.context.rfind(chain.members[0].text.strip())
    if at < 0:
        return False
    ends = [m.end() for m in _SENTENCE_RE.finditer(chain.context, 0, at)]
    before = chain.context[ends[-1] if ends else 0: at]
    assume = list(_ASSUME_RE.finditer(before))
    return bool(assume) and not _CONSEQUENCE_RE.search(before, assume[-1].end())


def _absorb(node: A.Node, letters: set[str]) -> A.Node:
    """``(-\\sum_j y_j/a_j) \\frac{\\partial a_j}{\\partial z_i}``: a factor after a closed sum over
    j that uses j (free nowhere else) is read inside the sum."""
    if isinstance(node, A.Mul):
        factors = [_absorb(f, letters) for f in node.factors]
        out: list[A.Node] = []
        for f in factors:
            prev = out[-1] if out else None
            inner, neg = (prev.arg, True) if isinstance(prev, A.Neg) else (prev, False)
            if (isinstance(inner, A.Sum) and inner.var in letters
                    and inner.var in A.free_indices(f)):
                s = A.Sum(inner.var, inner.lo, inner.hi, inner.skip, A.Mul((inner.body, f)))
                out[-1] = A.Neg(s) if neg else s
                continue
            out.append(f)
        return out[0] if len(out) == 1 else A.Mul(tuple(out))
    kids = A.children(node)
    if not kids or isinstance(node, A.Idx | A.Delta | A.Softmax | A.Sum | A.Deriv):
        return node
    return replace_children(node, [_absorb(k, letters) for k in kids])


def _sum_scopes(spec: StepSpec, model: Model) -> StepSpec:
    """A letter left free by a sum whose bracket closed before the factor that uses it
    (``(-\\sum_j y_j/a_j) \\frac{\\partial a_j}{\\partial z_i}``): when reading that factor inside
    the sum leaves the letter free on neither side, the step is read so, and as written; it is
    decided only when both readings agree (run.py)."""
    if spec.lhs_node is None or spec.rhs_node is None:
        return spec
    def bound(node: A.Node) -> set[str]:
        return {x.var for x in A.walk(node) if isinstance(x, A.Sum)} & A.free_indices(node)
    lone = bound(spec.lhs_node) | bound(spec.rhs_node)
    if not lone:
        return spec
    lhs, rhs = _absorb(spec.lhs_node, lone), _absorb(spec.rhs_node, lone)
    gone = {v for v in lone
            if v not in A.free_indices(lhs) and v not in A.free_indices(rhs)}
    if not gone or (lhs, rhs) == (spec.lhs_node, spec.rhs_node):
        return spec
    lhs, rhs = _absorb(spec.lhs_node, gone), _absorb(spec.rhs_node, gone)
    letters = ", ".join(sorted(gone))
    return replace(spec, lhs_node=lhs, rhs_node=rhs,
                   alternative=(spec.lhs_node, spec.rhs_node),
                   alternative_why=f"the sum over {letters} closes before a factor that uses "
                   f"{letters}: read inside the sum (the chain rule) the step is {{a}}, as "
                   f"written ({letters} free) it is {{b}}; put the bracket around the product")


def cross_entropy(t: str, y: str, var: str = "k") -> A.Node:
    """−Σ_var t_var log y_var."""
    return A.Neg(A.Sum(var, None, None, (), A.Mul((A.Idx(t, (var,)),
                                                   A.Fn("log", A.Idx(y, (var,)))))))


def _loss_from_gradient(model: Model, steps: list[StepSpec]) -> list[StepSpec]:
    """``\\frac{∂L}{∂a_i} = -\\frac{y_i}{a_i}`` with L defined nowhere and a the softmax
    output: the cross-entropy's gradient stated as a premise.  L is read as the loss with that
    gradient, L = -Σ_k y_k log a_k; the premise is listed as taken as given (not checked,
    since it defines L) and a note says so."""
    p = model.softmax
    if p is None:
        return steps
    for spec in steps:
        ln, rn = spec.lhs_node, spec.rhs_node
        if not (spec.kind == "step" and isinstance(ln, A.Deriv) and isinstance(ln.f, A.Sym)
                and ln.f.name not in model.defs and ln.f.name not in model.unread
                and isinstance(ln.var, A.Idx) and ln.var.base == p and len(ln.var.indices) == 1
                and isinstance(rn, A.Neg) and isinstance(rn.arg, A.Div)
                and rn.arg.den == ln.var and isinstance(rn.arg.num, A.Idx)
                and rn.arg.num.indices == ln.var.indices
                and rn.arg.num.base not in (p, model.logits) and rn.arg.num.base not in model.defs):
            continue
        name, t = ln.f.name, rn.arg.num.base
        line = spec.rhs.rel_line or spec.rhs.line
        var = next(v for v in "kmnjl" if v not in ln.var.indices)
        model.defs[name] = Definition(name, (), cross_entropy(t, p, var), line,
                                      f"{name} = -sum_{var} {t}_{var} log {p}_{var} (from its "
                                      f"gradient, line {line})", "loss")
        model.targets.add(t)
        model.skipped.append((line, f"{spec.lhs.text} = {spec.rhs.text}",
                              f"the gradient of {name}, stated: it defines {name} (taken as "
                              "given, not checked)"))
        model.notes.append(f"{name} is not defined; line {line} gives its gradient "
                           f"∂{name}/∂{p}_i = -{t}_i/{p}_i: read as the cross-entropy "
                           f"{name} = -sum_{var} {t}_{var} log {p}_{var}")
        return [s for s in steps if s is not spec]
    return steps


def _loss_of_vector(first: A.Node | Unreadable, body: A.Node | Unreadable,
                    model: Model) -> bool:
    """``C(z) = -\\ln(q_y)``: a loss written as a function of the vector z whose formula never
    uses z bare defines the loss C (its class letter y left open, fixed where it is used)."""
    return (isinstance(first, A.Apply) and isinstance(first.arg, A.Sym)
            and first.arg.name in model.indexed and not isinstance(body, Unreadable)
            and first.arg not in A.walk(body) and first.name not in model.functions
            and first.name not in model.defs and first.name in LOSS_NAMES)


def _scalar_of_vector(first: A.Node | Unreadable, body: A.Node | Unreadable,
                      model: Model) -> bool:
    """``L(\\mathbf p) = -\\sum_i y_i \\log p_i``: a scalar written as a function of a vector
    whose entries its formula sums over (no free index) defines the scalar L."""
    if not (isinstance(first, A.Apply) and isinstance(first.arg, A.Sym)
            and first.arg.name in model.indexed and not isinstance(body, Unreadable)
            and first.name not in model.functions and first.name not in model.defs):
        return False
    v = first.arg.name
    return (not A.free_indices(body)
            and any(isinstance(x, A.Idx) and x.base == v for x in A.walk(body))
            and not any(isinstance(x, A.Sym) and x.name in (v, first.name)
                        for x in A.walk(body)))


def _has_vector(node: A.Node, vectors: set[str]) -> bool:
    return any(isinstance(x, A.Sym) and x.name in vectors for x in A.walk(node))


def _elementwise(node: A.Node, vectors: set[str],  # noqa: C901
                 bound: frozenset[str] = frozenset()) -> bool:
    """Is a formula in whole vectors read entry by entry without changing its meaning (sums,
    scalar multiples, at most one vector per product, quotients y/ŷ, elementwise exp/log, ∂f/∂z
    of a scalar f, Σ_k ∂L/∂y_k ∂y_k/∂z)?"""
    if isinstance(node, A.Sym | A.Num | A.EulerE | A.Idx):
        return True
    if isinstance(node, A.Add | A.Neg):
        return all(_elementwise(c, vectors, bound) for c in A.children(node))
    if isinstance(node, A.Mul):
        return (all(_elementwise(c, vectors, bound) for c in node.factors)
                and sum(_has_vector(c, vectors) for c in node.factors) <= 1)
    if isinstance(node, A.Div):  # y/ŷ of two vectors can only mean entry by entry
        return _elementwise(node.num, vectors, bound) and _elementwise(node.den, vectors, bound)
    if isinstance(node, A.Pow):
        return not _has_vector(node, vectors)
    if isinstance(node, A.Fn) and node.name in ("exp", "log", "ln"):
        return _elementwise(node.arg, vectors, bound)
    if isinstance(node, A.Sum):  # Σ_k ∂L/∂y_k ∂y_k/∂z: the chain rule, entry by entry in z
        return (not node.skip and not any(_has_vector(b, vectors) for b in (node.lo, node.hi)
                                          if b is not None)
                and _elementwise(node.body, vectors, bound | {node.var}))
    if isinstance(node, A.Deriv) and isinstance(node.var, A.Idx):  # ∂L/∂y_k: a number
        return not _has_vector(node, vectors) and isinstance(node.f, A.Sym | A.Idx)
    if isinstance(node, A.Deriv):
        # ∂f/∂z of a scalar f: f may sum over its own indices (Σ_k t_k log y_k), no free one
        return (not _has_vector(node.f, vectors) and isinstance(node.var, A.Sym)
                and node.var.name in vectors and not A.free_indices(node.f) - bound
                and not any(isinstance(x, A.Deriv) for x in A.walk(node.f)))
    return False


def _entrywise_vectors(spec: StepSpec, model: Model) -> StepSpec:
    """``∂L/∂z = p - y`` (whole vectors, used with indices elsewhere) is read entry by entry,
    ``∂L/∂z_i = p_i - y_i``, when every operation in it acts entrywise (and it says so)."""
    if spec.lhs_node is None or spec.rhs_node is None:
        return spec
    vectors = {n for n in model.indexed | {model.logits} | model.targets
               if n and (n not in model.defs or model.defs[n].params)}
    vectors -= set(model.generic)
    sides = (spec.lhs_node, spec.rhs_node)
    if (A.free_indices(sides[0]) | A.free_indices(sides[1])
            or not any(_has_vector(n, vectors) for n in sides)
            or not all(_elementwise(n, vectors) for n in sides)):
        return spec
    used = {x.var for n in sides for x in A.walk(n) if isinstance(x, A.Sum)}
    ix = next(v for v in "ijkmnpqr" if v not in used)
    table = {v: A.Idx(v, (ix,)) for v in vectors}
    model.notes.append(f"line {spec.lhs.line}: a vector equation is read entry by entry "
                       f"(entry {ix})")
    return replace(spec, lhs_node=replace_symbols(sides[0], table),
                   rhs_node=replace_symbols(sides[1], table))


def _vector_side_entry(spec: StepSpec, model: Model) -> StepSpec:
    """``∂J/∂θ = -Σ_k y_k ∂log ŷ_k/∂θ_i`` (a gradient by the whole vector on one side, one
    free index i on the other) is read as its entry, ``∂J/∂θ_i = …`` (and it says so)."""
    if spec.lhs_node is None or spec.rhs_node is None:
        return spec
    sides = [spec.lhs_node, spec.rhs_node]
    for k in (0, 1):
        vec, other = sides[k], sides[1 - k]
        free = A.free_indices(other)
        if not (isinstance(vec, A.Deriv) and isinstance(vec.var, A.Sym)
                and vec.var.name in model.indexed and vec.var.name not in model.defs
                and isinstance(vec.f, A.Sym) and vec.f.name not in model.indexed
                and not A.free_indices(vec) and len(free) == 1):
            continue
        ix = free.pop()
        sides[k] = A.Deriv(vec.f, A.Idx(vec.var.name, (ix,)))
        model.notes.append(f"line {spec.lhs.line}: the gradient by {vec.var.name} is read as its "
                           f"entry {ix}, the index of the other side")
        return replace(spec, lhs_node=sides[0], rhs_node=sides[1])
    return spec


def _chain_through_vector(node: A.Node, model: Model, taken: set[str]) -> A.Node:
    """``∂L/∂y · ∂y/∂z_j`` with y a vector (an indexed name, no scalar definition): the chain
    rule through y, ``Σ_i ∂L/∂y_i ∂y_i/∂z_j`` (i a letter the step does not use)."""
    kids = [_chain_through_vector(k, model, taken) for k in A.children(node)]
    node = replace_children(node, kids) if kids else node
    if not isinstance(node, A.Mul) or len(node.factors) != 2:
        return node
    a, b = node.factors
    if not (isinstance(a, A.Deriv) and isinstance(b, A.Deriv) and isinstance(a.var, A.Sym)
            and b.f == a.var and a.var.name in model.indexed
            and not (a.var.name in model.defs and not model.defs[a.var.name].params)):
        return node
    k = next((c for c in "ikmnlpqrs" if c not in taken), None)
    if k is None:
        return node
    entry = A.Idx(a.var.name, (k,))
    return A.Sum(k, None, None, (), A.Mul((A.Deriv(a.f, entry), A.Deriv(entry, b.var))))


def _vector_chain_rule(spec: StepSpec, model: Model) -> StepSpec:
    """Each side's ``∂L/∂y ∂y/∂z_j`` through a vector y read as the sum over y's entries."""
    if spec.lhs_node is None or spec.rhs_node is None:
        return spec
    taken = {x.var for n in (spec.lhs_node, spec.rhs_node) for x in A.walk(n)
             if isinstance(x, A.Sum)} | A.free_indices(spec.lhs_node) | A.free_indices(
                 spec.rhs_node) | {model.count_name}
    lhs = _chain_through_vector(spec.lhs_node, model, taken)
    rhs = _chain_through_vector(spec.rhs_node, model, taken)
    if (lhs, rhs) == (spec.lhs_node, spec.rhs_node):
        return spec
    note = "∂L/∂y ∂y/∂z_j through a vector y is read as Σ_i ∂L/∂y_i ∂y_i/∂z_j (the chain rule)"
    if note not in model.notes:
        model.notes.append(note)
    return replace(spec, lhs_node=lhs, rhs_node=rhs)


def _transformed_softmax(body: A.Node, p: str) -> bool:
    """e^{g(v_p)} / sum_j e^{g(v_j)} with the same g (v/T, v - c, beta v) and g(v_p) not v_p
    itself: the softmax of the transformed logits."""
    if not (isinstance(body, A.Div) and isinstance(body.num, A.Fn) and body.num.name == "exp"
            and isinstance(body.den, A.Sum) and not body.den.skip
            and isinstance(body.den.body, A.Fn) and body.den.body.name == "exp"):
        return False
    top, j = body.num.arg, body.den.var
    if isinstance(top, A.Idx) or p not in A.free_indices(top) or j in A.free_indices(top):
        return False
    return substitute_index(top, p, j) == body.den.body.arg


def _section(chain: Chain) -> str:
    """The heading of the chain's section ('' before any heading)."""
    return chain.context.split("\n", 1)[0]


STEP_REWRITES: tuple[Callable[[StepSpec, Model], StepSpec], ...] = (
    _operator_d,
    _sum_scopes,
    _vector_chain_rule,
    _entrywise_vectors,
    _vector_side_entry,
)
"""Rewrites of a parsed step, in order, once the document's roles are known."""


def _log_argument(model: Model, names: tuple[str, str],
                  parsed: list | None = None) -> str | None:
    """Of two undefined names, the one a loss takes the log of (L = -sum_i y_i log hat_y_i):
    the prediction; the other multiplies the log and is the targets.  Without a loss read,
    the steps' products ``y_j log hat_y_j`` (or ``y_j d(log hat_y_j)/dz_i``) say it."""
    def logged(f: A.Node) -> A.Node | None:
        if isinstance(f, A.Deriv):
            f = f.f
        ok = isinstance(f, A.Fn) and f.name in ("log", "ln") and isinstance(f.arg, A.Idx)
        return f.arg if ok else None  # type: ignore[union-attr]

    def found_in(trees: list[A.Node]) -> set[str]:
        found = set()
        for tree in trees:
            for x in A.walk(tree):
                if isinstance(x, A.Mul):
                    logs = {a.base for f in x.factors if isinstance(a := logged(f), A.Idx)}
                    plain = {f.base for f in x.factors if isinstance(f, A.Idx)}
                    for a, b in (names, names[::-1]):
                        if b in logs and a in plain:
                            found.add(b)
        return found
    found = found_in([d.body for d in model.defs.values() if d.role == "loss"])
    if not found and parsed is not None:
        found = found_in([n for nodes in parsed for n in nodes if not isinstance(n, Unreadable)])
    return found.pop() if len(found) == 1 else None


def _is_index_statement(members: tuple[Member, ...]) -> bool:
    return all(re.fullmatch(r"\s*[a-zA-Z0-9]\s*", m.text or "") for m in members)


def _class_case(members: tuple[Member, ...], chains: tuple[Chain, ...]) -> bool:
    """``y_i = j`` (``y_i \\ne j``) in a document that writes y_i as an index (``s_{y_i}``):
    the case c = j of the class of example i, not a definition of y_i."""
    return (len(members) == 2 and bool(re.fullmatch(rf"\s*{CLASS_LABEL}\s*", members[0].text))
            and bool(re.fullmatch(r"\s*[a-z]\s*", members[1].text))
            and any(re.search(r"_\{[^{}]*?" + re.escape(members[0].text.strip()), m.text)
                    for c in chains for m in c.members))


def _simplex_base(lhs: A.Node, rhs: A.Node) -> str | None:
    if rhs == A.Num(1) and isinstance(lhs, A.Sum) and isinstance(lhs.body, A.Idx):
        if lhs.body.indices == (lhs.var,):
            return lhs.body.base
    return None


def _ratio_shaped(body: A.Node) -> bool:
    """Looks like a normalisation x_i / sum_k x_k (or uses exp): what a softmax claim is."""
    if isinstance(body, A.Div) and any(isinstance(x, A.Sum) for x in A.walk(body.den)):
        return True
    return any(isinstance(x, A.Fn) and x.name == "exp" for x in A.walk(body))


def _written_out_k(*nodes: A.Node) -> int | None:
    """``e^{z_1} + e^{z_2} + e^{z_3}``: a step that writes the sum over the classes out as the
    exponentials of classes 1..n of one letter is about K = n (one n, n >= 2)."""
    found: set[int] = set()
    for node in nodes:
        for x in A.walk(node):
            if not isinstance(x, A.Add) or len(x.terms) < 2:
                continue
            args = [t.arg for t in x.terms if isinstance(t, A.Fn) and t.name == "exp"]
            if (len(args) == len(x.terms) and all(isinstance(a, A.Idx) and len(a.indices) == 1
                                                  and isinstance(a.indices[0], int)
                                                  for a in args)
                    and len({a.base for a in args}) == 1
                    and sorted(a.indices[0] for a in args) == list(range(1, len(args) + 1))):
                found.add(len(args))
    return found.pop() if len(found) == 1 and 2 <= max(found) <= 8 else None


def _exponentiates_indices(body: A.Node) -> bool:
    """e^{j} / Σ_i e^{i}: every exponential's argument is a bare index letter."""
    exps = [x for x in A.walk(body) if isinstance(x, A.Fn) and x.name == "exp"]
    return bool(exps) and all(isinstance(x.arg, A.Sym) and len(x.arg.name) == 1
                              and x.arg.name in "ijklmnc" for x in exps)


def _mentions_softmax(chain: Chain) -> bool:
    return "softmax" in chain.context.lower()


def reach(model: Model, *nodes: A.Node | None) -> set[str]:
    """Names the nodes use, directly or through the definitions (learned so far) of the names
    they use."""
    seen: set[str] = set()
    todo = [n for n in nodes if n is not None]
    while todo:
        for name in _names_used(todo.pop()) - seen:
            seen.add(name)
            if name in model.defs:
                todo.append(model.defs[name].body)
    return seen


def _logged_bases(body: A.Node) -> set[str]:
    """Names whose entries stand under a log in body (ŷ of -Σ_k y_k log ŷ_k)."""
    return {x.arg.base for x in A.walk(body) if isinstance(x, A.Fn)
            and x.name in ("log", "ln") and isinstance(x.arg, A.Idx)}


def _depends(model: Model, body: A.Node, name: str) -> bool:
    """Does ``body`` use ``name``, directly or through the definitions learned so far?"""
    return name in reach(model, body)


def _fixed_k(chains: tuple[Chain, ...], parsed: list[list[A.Node | Unreadable]],
             model: Model) -> int | None:
    """The K a document fixes: ``K = 3`` or sums written with a literal bound (1..3)."""
    bounds: set[int] = set()
    stated = False
    open_sum = False
    examples: dict[str, int] = {}
    for chain, nodes in zip(chains, parsed, strict=True):
        good = [n for n in nodes if not isinstance(n, Unreadable)]
        if (len(good) == 2 == len(nodes) and chain.rels[0] == "="
                and good[0] == A.Sym(model.count_name)
                and isinstance(good[1], A.Num)):
            if _EXAMPLE_PROSE.search(chain.context.split("\n", 1)[-1]):  # not the heading
                examples[chain.context] = int(good[1].value)
                continue
            bounds.add(int(good[1].value))
            stated = True
        for n in good:
            for x in A.walk(n):
                if isinstance(x, A.Sum) and isinstance(x.hi, A.Num) and x.lo in (
                        None, A.Num(Fraction(1))):
                    bounds.add(int(x.hi.value))
                elif isinstance(x, A.Sum) and (x.hi is None or x.hi == A.Sym(model.count_name)):
                    open_sum = True
    if examples and (open_sum or not bounds):
        # "for example, with K = 3": that paragraph is about K = 3, the rest about any K
        model.example_k = examples
        model.notes.append("K = " + ", ".join(sorted({str(k) for k in examples.values()}))
                           + " given as an example: its paragraph is checked at that K only")
        if not bounds:
            return None
    if bounds and open_sum and not stated:
        # an example with two classes (sum_{k=1}^{2}) inside a derivation for any K: the
        # literal bound fixes K for its own step only (the evaluator skips other K there)
        model.notes.append("sums with a literal upper bound are checked at that K only; "
                           "the other steps at K = 2..5")
        return None
    if len(bounds) == 1:
        k = bounds.pop()
        if 1 <= k <= 8:
            model.notes.append(f"the document fixes K = {k}: steps are checked at K = {k} only")
            return k
    if len(bounds) > 1:
        model.notes.append("sums with different literal upper bounds: checked at K = 2..5, "
                           "out-of-range sums skipped")
    return None


_WRITTEN_BOUND = re.compile(r"\\sum\s*(?:_\s*(?:\{[^{}]*\}|\\?[A-Za-z0-9]+)\s*)?"
                            r"\^\s*\{?\s*([A-Za-z])\s*\}?")


_WORDS = re.compile(r"\\(?:text|textrm|mbox|mathrm|textit)\s*\{[^{}]*?[A-Za-z]{2,}[^{}]*?\s"
                    r"[^{}]*?[A-Za-z]{2,}[^{}]*\}")


def in_words(text: str) -> bool:
    """Does the formula say something in words (``\\text{sum of every exponential}``)? Words
    inside a ``cases`` block are its conditions, not a gloss; a side that is one word
    (``\\text{Gradient}``) is a word too."""
    if re.fullmatch(r"\s*\\text\s*\{\s*[A-Za-z]{3,20}\s*\}\s*", text):
        return True
    return bool(_WORDS.search(re.sub(r"\\begin\{cases\}.*?(?:\\end\{cases\}|$)", " ", text,
                                     flags=re.S)))


_BARE_SUM_RE = re.compile(r"\\sum(?![a-zA-Z])\s{0,3}(?![_^\s]|\\limits|\\nolimits)")


def _bare_sum_clash(text: str, other: A.Node) -> str:
    """``\\frac{∂C}{∂z_i} = \\sum \\frac{∂C}{∂a_i}\\frac{∂a_i}{∂z_i}``: a ``\\sum`` without its
    index is read over the index of its term (i), but i is free on the other side, so the
    author may mean another letter (Σ_j ∂C/∂a_j ∂a_j/∂z_i): the step reads two ways ('' if
    no such sum)."""
    for m in _BARE_SUM_RE.finditer(text):
        idx = re.match(r"[^_]*?[a-zA-Z]_\{?\s*([a-zA-Z])", text[m.end():])
        if idx and idx.group(1) in A.free_indices(other):
            return (f"a \\sum without its index, read over {idx.group(1)}, but {idx.group(1)} is "
                    "free on the other side too: which letter it sums over is not said")
    return ""


def _argless_derivative(model: Model, *nodes: A.Node) -> str:
    """Why a derivative of ``g(x) = e^{a_i}`` (a formula without x) cannot be read: the
    author means some other variable, which the document does not say ('' if none)."""
    for node in nodes:
        for x in A.walk(node):
            if isinstance(x, A.Deriv):
                hit = next((f for f in A.walk(x.f) if isinstance(f, A.Apply)
                            and f.name in model.argless
                            and model.argless[f.name] == getattr(x.var, "name", None)), None)
                if hit is not None:
                    arg = model.argless[hit.name]
                    return (f"{hit.name} is written as a function of {arg} but its formula does "
                            f"not use {arg}: the derivative {hit.name}' is in a variable the "
                            "document does not name")
    return ""


def _deriv_vars(nodes: list, model: Model) -> set[A.Idx]:
    """The entries (a_j) the formulas differentiate by, outside the argless functions."""
    out: set[A.Idx] = set()
    for n in nodes:
        if isinstance(n, Unreadable):
            continue
        for x in A.walk(n):
            if (isinstance(x, A.Deriv) and isinstance(x.var, A.Idx)
                    and not any(isinstance(f, A.Apply) and f.name in model.argless
                                for f in A.walk(x.f))):
                out.add(x.var)
    return out


def _the_deriv_var(model: Model, chain_nodes: list, parsed: list, before: int = -1
                   ) -> A.Idx | None:
    """The one entry the chain differentiates by; else, when ``before`` (the chain's place) is
    given, the one the nearest earlier chain that differentiates by an entry does; else the
    one the whole document does."""
    found = _deriv_vars(chain_nodes, model)
    for row in reversed(parsed[:before] if before >= 0 else []):
        if found:
            break
        found = _deriv_vars(row, model)
    found = found or _deriv_vars([n for row in parsed for n in row], model)
    return next(iter(found)) if len(found) == 1 else None


def _bind_primes(model: Model, chain_nodes: list, parsed: list, ln: A.Node, rn: A.Node
                 ) -> tuple[A.Node, A.Node, str]:
    """``(…)'`` (a prime on a bracket, no variable written) is by the one entry the chain
    differentiates by (else the one the whole document does); otherwise not read."""
    def primed(node: A.Node) -> bool:
        return any(isinstance(x, A.Deriv) and x.var == A.Sym(A.PRIME) for x in A.walk(node))
    if not (primed(ln) or primed(rn)):
        return ln, rn, ""
    var = _the_deriv_var(model, chain_nodes, parsed)
    if var is None:
        return ln, rn, ("a prime on a bracket, (…)', without its variable: which one it is by "
                        "is not said")

    def bind(node: A.Node) -> A.Node:
        kids = [bind(k) for k in A.children(node)]
        node = replace_children(node, kids) if kids else node
        return A.Deriv(node.f, var) if isinstance(node, A.Deriv) and node.var == A.Sym(
            A.PRIME) else node
    return bind(ln), bind(rn), ""


def _bind_argless(model: Model, chain_nodes: list, parsed: list, *sides: A.Node,
                  before: int = -1) -> tuple[A.Node, A.Node] | None:
    """``g(x) = e^{a_i}``, then ``g'(x) = ∂/∂a_j e^{a_i}``: the prime is by the one entry the
    chain differentiates by (else the nearest earlier chain does, else the whole document),
    g'(x) is ∂(e^{a_i})/∂a_j; None when that entry is not one."""
    var = _the_deriv_var(model, chain_nodes, parsed, before)
    if var is None:
        return None

    def bind(node: A.Node) -> A.Node:
        if (isinstance(node, A.Deriv) and isinstance(node.f, A.Apply)
                and node.f.name in model.argless
                and node.var == A.Sym(model.argless[node.f.name])):
            return A.Deriv(model.functions[node.f.name][1], var)
        if isinstance(node, A.Apply) and node.name in model.argless:
            return model.functions[node.name][1]
        kids = [bind(k) for k in A.children(node)]
        return replace_children(node, kids) if kids else node
    out = tuple(bind(x) for x in sides)
    if _argless_derivative(model, *out):
        return None
    shown = f"{var.base}_{''.join(map(str, var.indices))}"
    for name in sorted(n for n in model.argless
                       if any(isinstance(x, A.Apply) and x.name == n
                              for side in sides for x in A.walk(side))):
        note = (f"{name}({model.argless[name]}) has no {model.argless[name]} in its formula: "
                f"{name}' is read as the derivative by {shown}, the entry the text "
                "differentiates by there")
        if note not in model.notes:
            model.notes.append(note)
    return out  # type: ignore[return-value]


def written_bounds(chains: tuple[Chain, ...]) -> set[str]:
    """Letters the author writes as a ``\\sum``'s upper bound (not bounds the reader makes,
    e.g. of an expansion ``e^{a_1} + … + e^{a_N}``)."""
    return {m.group(1) for chain in chains for member in chain.members
            for m in _WRITTEN_BOUND.finditer(member.text)}


def _bound_uses(parsed: list[list[A.Node | Unreadable]], v: str) -> tuple[int, list[A.Sum]]:
    """How often the symbol v stands anywhere, and the sums it is the upper bound of."""
    nodes = [x for row in parsed for n in row if not isinstance(n, Unreadable)
             for x in A.walk(n)]
    return (sum(1 for x in nodes if x == A.Sym(v)),
            [x for x in nodes if isinstance(x, A.Sum) and x.hi == A.Sym(v)])


def _matrix_last(parsed: list[list[A.Node | Unreadable]]) -> set[str]:
    """The letter n of matrices written 1, 2, …, n (``\\frac{∂s_1}{∂x_1} … \\frac{∂s_1}{∂x_n}``,
    entries with dots between): the last class, when no sum names the count."""
    found: set[str] = set()
    for x in _walk_parsed(parsed):
        if not isinstance(x, A.Matrix) or not any(isinstance(c, A.Gap) for r in x.rows
                                                   for c in r):
            continue
        ixs = [i for c in (c for r in x.rows for c in r) for y in A.walk(c)
               if isinstance(y, A.Idx) for i in y.indices]
        if 1 in ixs and 2 in ixs:
            found |= {i for i in ixs if isinstance(i, str)}
    return found if len(found) == 1 else set()


def _one_count(parsed: list[list[A.Node | Unreadable]], model: Model, keep: str,
               other: str) -> set[str]:
    """Read the bound ``other`` as ``keep`` everywhere (both name the number of classes)."""
    for nodes in parsed:
        nodes[:] = [n if isinstance(n, Unreadable)
                    else replace_symbols(n, {other: A.Sym(keep)}) for n in nodes]
    model.notes.append(f"sums end at {keep} and at {other}: both read as the number of classes")
    return {keep}


def _count_name(parsed: list[list[A.Node | Unreadable]], model: Model,
                written: set[str] | None = None) -> str:
    """The name of the number of classes: K, or the one symbol used as a sum's upper bound
    (``n`` and ``N`` both, when the capital is used only as a bound and the author writes both
    as a sum's bound, are one name: an expansion ending at ``e^{a_N}`` equated with a sum to n
    is what a step claims, so it is not assumed)."""
    names = {x.hi.name for nodes in parsed for n in nodes if not isinstance(n, Unreadable)
             for x in A.walk(n) if isinstance(x, A.Sum) and isinstance(x.hi, A.Sym)}
    if not names:
        names = _matrix_last(parsed)
    if (len(names) == 2 and "K" not in names and len({v.lower() for v in names}) == 1
            and (written is None or names <= written)):
        big, small = sorted(names)
        uses, bounds = _bound_uses(parsed, big)
        if uses == len(bounds):
            names = _one_count(parsed, model, small, big)
    if 2 <= len(names) <= 3 and (written is None or names <= written):
        # sum_{k=1}^K in the text, sum_{j=1}^J in an appendix that "forgets the notation"
        # (K, N and n in one post): names used only as sum bounds, none around another sum,
        # all count the classes
        def only_bounds(v: str) -> bool:
            uses, bounds = _bound_uses(parsed, v)
            return uses == len(bounds) and not any(
                isinstance(y, A.Sum) for b in bounds for y in A.walk(b.body))
        if all(only_bounds(v) for v in names):
            keep = "K" if "K" in names else sorted(names)[0]
            for other in sorted(names - {keep}):
                _one_count(parsed, model, keep, other)
            names = {keep}
    if len(names) > 1:
        # several bounds (n classes, m samples): the one the softmax's own sum ends at
        own = {x.den.hi.name for nodes in parsed for n in nodes if not isinstance(n, Unreadable)
               for x in A.walk(n) if isinstance(x, A.Div) and isinstance(x.den, A.Sum)
               and isinstance(x.den.hi, A.Sym) and isinstance(x.num, A.Fn)
               and x.num.name == "exp" and isinstance(x.den.body, A.Fn)
               and x.den.body.name == "exp"}
        if len(own) == 1:
            names = own
    if len(names) > 1:
        # sum_{n=1}^N sum_{c=1}^C (a batch of N samples): the outer bound counts samples
        outer = {x.hi.name for nodes in parsed for n in nodes if not isinstance(n, Unreadable)
                 for x in A.walk(n) if isinstance(x, A.Sum) and isinstance(x.hi, A.Sym)
                 and any(isinstance(y, A.Sum) for y in A.walk(x.body))}
        if len(names - outer) == 1:
            names = names - outer
    if len(names) == 1 and "K" not in names:
        name = names.pop()
        if name != model.last_name:
            model.notes.append(f"{name} is read as the number of classes (K)")
        return name
    return "K"


def _has_names(node: A.Node) -> bool:
    return any(isinstance(x, A.Idx | A.Sym | A.Softmax) for x in A.walk(node))


_LABELLED_HEAD_RE = re.compile(r"\s{0,8}[A-Za-z][A-Za-z \t-]{0,40}[:：]\s{0,8}([A-Za-z])_"
                               r"(?:\{\s{0,3}[a-z]\s{0,3}\}|[a-z])\s{0,8}")
"""``Softmax: P_i``: a name entry after a label that is read as words."""


def _defined_heads(chains: tuple[Chain, ...], parsed: list) -> set[str]:
    """The names a chain begins with an entry of and defines (y_1 = ..., p_i := ...)."""
    return {n.base for nodes, c in zip(parsed, chains, strict=True) if c.rels
            and c.rels[0] in ("=", ":=") and isinstance(n := nodes[0], A.Idx)}


def _named_heads(chains: tuple[Chain, ...], parsed: list) -> set[str]:
    """The names a chain defines: entries (y_1 = ..., p_i := ...) and bare names (D = ...)."""
    return _defined_heads(chains, parsed) | {
        n.name for nodes, c in zip(parsed, chains, strict=True)
        if c.rels and c.rels[0] in ("=", ":=") and isinstance(n := nodes[0], A.Sym)}


def _reversed_definitions(chains: tuple[Chain, ...], parsed: list, model: Model
                          ) -> tuple[Chain, ...]:
    """``\\frac{e^{z_i}}{\\sum_c e^{z_c}} = p_i`` (a formula named after it is written, p never
    defined otherwise) is the definition p_i = ...: the chain is turned round (parsed too); so
    is a sum named by a letter, ``\\sum_k e^{f_k} = h``."""
    heads = _defined_heads(chains, parsed)
    out: list[Chain] = []
    new_parsed: list[list] = []
    for chain, nodes in zip(chains, parsed, strict=True):
        out.append(chain)
        new_parsed.append(nodes)
        first, last = nodes[0], nodes[2] if len(nodes) == 3 else None
        named = (last.base if isinstance(last, A.Idx) and isinstance(first, A.Idx)
                 and last.indices == first.indices
                 else last.name if isinstance(last, A.Sym) and isinstance(first, A.Idx | A.Sym)
                 and not isinstance(nodes[1], Unreadable) and not A.free_indices(nodes[1])
                 else None)
        if (len(nodes) == 3 and chain.rels == ("=", "=") and isinstance(nodes[0], A.Idx | A.Sym)
                and named is not None and named not in heads and named not in model.defs
                and not isinstance(nodes[1], Unreadable)):
            # "\\hat y_i = e^{z_i} / sum_c e^{z_c} = p_i": p_i names the same formula;
            # "h_i = sum_k e^{a_k} = \\Sigma": so does Sigma
            out[-1] = replace(chain, members=chain.members[:2], rels=chain.rels[:1])
            new_parsed[-1] = nodes[:2]
            out.append(replace(chain, members=(chain.members[2], chain.members[1]),
                               rels=("=",), base_len=0))
            new_parsed.append([nodes[2], nodes[1]])
            heads.add(named)
            model.notes.append(f"line {chain.members[2].line}: {chain.members[2].text} names "
                               f"the same formula as {chain.members[0].text}")
            continue
        if len(nodes) != 2 or chain.rels != ("=",):
            continue
        body, name = nodes
        if isinstance(name, A.Sym) and not isinstance(body, Unreadable) and (
                not A.free_indices(body) and isinstance(body, A.Sum)
                and name.name not in heads and name.name not in model.defs
                and name.name not in _names_used(body) and len(name.name) == 1
                and not any(isinstance(x, A.Deriv) for x in A.walk(body))):
            # "令 \sum_k e^{f_k} = h" (let): h names the sum
            base = name.name
        elif (isinstance(body, Unreadable) or not isinstance(name, A.Idx)
                or len(name.indices) != 1 or not isinstance(name.indices[0], str)
                or name.base in heads or name.base in model.defs
                or name.base in _names_used(body)
                or name.indices[0] not in A.free_indices(body)
                or any(isinstance(x, A.Deriv) for x in A.walk(body))
                or not any(isinstance(x, A.Div | A.Fn) for x in A.walk(body))):
            continue
        else:
            base = name.base
        out[-1] = replace(chain, members=chain.members[::-1])
        new_parsed[-1] = [name, body]
        heads.add(base)
        model.notes.append(f"line {chain.members[0].line}: {chain.members[0].text} = "
                           f"{chain.members[1].text} names the formula: read as the definition "
                           f"of {base}")
    parsed[:] = new_parsed
    return tuple(out)


def _numbers_only(*nodes: A.Node) -> bool:
    """Every node is arithmetic on numbers (e^1 + e^2, 7.389/30.193)."""
    from derive.check import numbers
    return all(numbers.value(n) is not None for n in nodes)


def _skip_numbers(chain: Chain) -> str:
    """z = (1, 2, 0.5), y ≈ (0.23, …): example values, not an identity."""
    from derive.check.normalize import is_numeric

    rest = chain.members[1:]
    if not rest or not all(is_numeric(m.text) for m in rest):
        return ""
    several = all("," in m.text or "matrix" in m.text for m in rest)
    if several or all(rel == "approx" for rel in chain.rels):
        return "example values (numbers), not an identity to prove"
    return ""


def _skip_vector_forms(chain: Chain) -> str:
    """∇_z L = y ⊙ (g − (gᵀy)1) = Jᵀg: whole-vector notation, checked entry by entry elsewhere
    (∇_z L = ŷ − y alone is read entry by entry)."""
    from derive.check.normalize import is_numeric, is_vector_form

    forms = [is_vector_form(m.text, gradient=True) for m in chain.members]
    whole = [f or is_numeric(m.text) or "_" not in m.text
             for f, m in zip(forms, chain.members, strict=True)]
    unread = any(is_vector_form(m.text) or is_numeric(m.text) for m in chain.members)
    if any(forms) and unread and (all(whole) or len(forms) == 2):
        return "a vector form (∇, ⊙, ᵀ, 1) is not read; its entries are checked where written"
    return ""


def _skip_sum_condition(chain: Chain) -> str:
    """Σ t = 1 written without an index (a table cell, a remark): a stated condition."""
    if (len(chain.members) == 2 and chain.rels == ("=",) and chain.members[1].text.strip() == "1"
            and re.fullmatch(r"\s*(?:\\textstyle\s*)?\\sum(?:_(?:\{[^{}]*\}|[a-zA-Z0-9]))?"
                             r"(?:\^(?:\{[^{}]*\}|[a-zA-Z0-9]))?\s*[a-zA-Z]\s*",
                             chain.members[0].text)):
        return "states that the targets sum to 1"
    return ""


def _skip_extremum_name(chain: Chain) -> str:
    """z_max = max_k z_k: names the largest logit, a shift constant read as one number."""
    from derive.check.normalize import extremum_names

    if len(chain.members) == 2 and all(extremum_names(m.text).strip() == "\\Xi"
                                       for m in chain.members):
        return "names the largest (or smallest) entry, read as one constant"
    return ""


_BOLD_NAME_RE = re.compile(r"\s*(?:\\(?:mathbf|vec|boldsymbol|bm|hat|tilde|bar)\s*\{?\s*)?"
                           r"([a-zA-Z])\s*\}?\s*"
                           r"(?:\(\s*(?:\\(?:mathbf|vec|boldsymbol|bm)\s*\{?\s*)?[a-zA-Z]\s*\}?\s*\)\s*)?")


def _skip_entry_lists(chain: Chain) -> str:
    """x = (x_1, …, x_n), ŷ = (ŷ_1, …, ŷ_K), s(x) = [s(x)_1, …]: a vector written by its entries,
    with dots (without them, z = [z_1, z_2] fixes K and is read where K is learned)."""
    if len(chain.members) != 2 or chain.rels != ("=",):
        return ""
    head = _BOLD_NAME_RE.fullmatch(chain.members[0].text)
    body = chain.members[1].text
    if head is None or not re.search(r",|\\\\", body) or not re.search(
            r"\\[lc]?dots|\.\s?\.\s?\.|…", body):
        return ""
    entries = re.findall(r"(?<![a-zA-Z\\])" + head.group(1) + r"\s*\}?(?:\s*\([^()]{0,40}\))?\s*_",
                         body)  # y_1, \hat{y}_1, s(x)_1
    if len(entries) >= 2 and not re.search(r"\\(?:frac|sum|partial|log|exp)|[+*/]", body):
        return "writes the vector by its entries, not a step"
    return ""


# chains that are not steps, tried in order
SKIP_CHAIN_RULES = (_skip_numbers, _skip_vector_forms, _skip_sum_condition, _skip_extremum_name,
                    _skip_entry_lists)


def _skipped_chains(chains: tuple[Chain, ...], model: Model) -> tuple[Chain, ...]:
    """Chains a rule of SKIP_CHAIN_RULES sets aside: each relation listed as skipped, with why."""
    out = []
    for chain in chains:
        while len(chain.rels) > 1 and chain.rels[0] == "=" and in_words(chain.members[0].text):
            # "\text{Softmax of neuron j} = S_j = …": the label is skipped, the rest is read
            m = chain.members[1]
            model.skipped.append((m.rel_line or m.line, f"{chain.members[0].text} = {m.text}",
                                  "a side written in words (a gloss or a label), not a step"))
            chain = replace(chain, members=chain.members[1:], rels=chain.rels[1:],
                            base_len=max(0, chain.base_len - 1),
                            context=f"{chain.context}\n{chain.members[0].text}")  # prose
        why = next((w for w in (rule(chain) for rule in SKIP_CHAIN_RULES) if w), "")
        if not why:
            out.append(chain)
            continue
        if why.startswith("example values") and _numeric_tail(chain, 0) is not None:
            out.append(chain)  # "7.389/30.193 ≈ 0.245": arithmetic, checked as such
            continue
        if why.startswith("example values") and (arith := _numeric_tail(chain)) is not None:
            # "s_2 = 7.389/30.193 ≈ 0.245": the value of s_2 in an example is not an identity,
            # but 7.389/30.193 ≈ 0.245 is arithmetic, checked to the decimals written
            m = chain.members[1]
            model.skipped.append((m.rel_line or m.line, f"{chain.members[0].text} "
                                  f"{_REL_TEXT.get(chain.rels[0], '=')} {m.text}", why))
            out.append(arith)
            continue
        if why.startswith("states that the targets"):
            model.simplex_stated.append(f"line {chain.members[0].line}: "
                                        f"{chain.members[0].text.strip()} = 1")
        hot = _onehot_vector(chain)
        if hot is not None and hot[0] not in model.givens:
            # y = [0, 1, 0, 0]: the targets of the example, one-hot at class 2 (K = 4)
            model.givens[hot[0]] = hot[1:] + (chain.members[0].line,)
            why = f"one-hot targets given by value: read as {hot[0]}_k = δ_k{hot[1]}, K = {hot[2]}"
        for k, rel in enumerate(chain.rels):
            m = chain.members[k + 1]
            model.skipped.append((getattr(m, "rel_line", None) or m.line,
                                  f"{chain.members[k].text} {_REL_TEXT.get(rel, '=')} {m.text}",
                                  why))
    return tuple(out)


def _numeric_tail(chain: Chain, drop: int = 1) -> Chain | None:
    """The chain without its first ``drop`` members when every other member is a number
    written with arithmetic (``7.389/30.193``, ``e^1 + e^2``) and one has a decimal; else
    None."""
    from derive.check import numbers

    rest = chain.members[drop:]
    if len(rest) < 2 or not any("." in m.text for m in rest):
        return None
    for m in rest:
        try:
            node = parse_member(m.text)
        except Unreadable:
            return None
        if numbers.value(node) is None:
            return None
    return replace(chain, members=rest, rels=chain.rels[drop:],
                   base_len=max(0, chain.base_len - drop))


def _at_classes(nodes: list[A.Node], n: int) -> bool:
    """Every index literal, within 1..n (∂L/∂z_1 = ∂L/∂σ_2 ∂σ_2/∂z_1): the example's classes."""
    literal = [i for nd in nodes for x in A.walk(nd) if isinstance(x, A.Idx)
               for i in x.indices]
    return (bool(literal) and all(isinstance(i, int) and 1 <= i <= n for i in literal)
            and not any(A.free_indices(nd) for nd in nodes))


def _given_values(model: Model, chains: tuple[Chain, ...], parsed: list) -> None:
    """After ``y = [0, 1, 0, 0]`` the example's next formulas (up to the first derivative with a
    free index, in the same section; definitions stay general) are about those targets: they
    are decided with y_k = δ_k2 at K = 4 (``model.given_at``)."""
    for name, (c, n, line) in model.givens.items():
        section = None
        heads: set[str] = set()  # names a chain has defined so far (L = ...)
        for pos, chain in enumerate(chains):
            first = parsed[pos][0] if parsed[pos] else None
            bare = _bare_name(first) if isinstance(first, A.Node) else None
            new_head = bare is not None and bare[0] not in heads
            if bare is not None:
                heads.add(bare[0])
            if chain.members[0].line <= line or (new_head and chain.rels[:1] == ("=",)):
                continue  # a definition stays general: L = -sum_j y_j log p_j
            head = chain.context.split("\n", 1)[0]
            section = head if section is None else section
            nodes = [nd for nd in parsed[pos] if not isinstance(nd, Unreadable)]
            if head != section or (any(isinstance(x, A.Deriv) for nd in nodes
                                       for x in A.walk(nd))
                                   and not _at_classes(nodes, n)):
                break
            model.given_at[pos] = name
        if any(v == name for v in model.given_at.values()):
            model.notes.append(f"{name} = (one-hot at class {c}) on line {line}: the formulas "
                               f"of that example are decided with {name}_k = δ_k{c} at K = {n}")


_NUMBER_RE = re.compile(r"-?\d+(?:\.\d+)?")


def _onehot_vector(chain: Chain) -> tuple[str, int, int] | None:
    """(y, c, n) for ``y = [0, 1, 0, 0]`` (a list, tuple or matrix column of 0s and one 1)."""
    if len(chain.members) != 2 or chain.rels[0] != "=":
        return None
    name = re.fullmatch(r"\s*(?:\\mathbf\{|\\vec\{|\\boldsymbol\{)?([a-zA-Z])\}?\s*",
                        chain.members[0].text)
    body = re.sub(r"\\(?:begin|end)\{[pbv]?matrix\}", " ", chain.members[1].text)
    if name is None or re.search(r"[a-zA-Z]", re.sub(r"\\[a-zA-Z]+", " ", body)):
        return None
    values = _NUMBER_RE.findall(body)
    if not 2 <= len(values) <= 8 or set(values) - {"0", "1"} or values.count("1") != 1:
        return None
    return name.group(1), values.index("1") + 1, len(values)


def _matrix_identities(chains: tuple[Chain, ...], model: Model) -> tuple[Chain, ...]:
    """A matrix identity (J = diag(y) − y yᵀ) is read as its (i, j) entry, and says so."""
    from derive.check.normalize import matrix_equation

    out = []
    for chain in chains:
        texts = matrix_equation([m.text for m in chain.members])
        if texts is None:
            out.append(chain)
            continue
        members = tuple(replace(m, text=t) for m, t in zip(chain.members, texts, strict=True))
        model.notes.append(f"line {chain.members[0].line}: the matrix identity is read entry "
                           f"by entry: {' = '.join(t.strip() for t in texts)}")
        out.append(replace(chain, members=members))
    return tuple(out)


def _used_between(chains: tuple[Chain, ...], parsed: list, name: str, after: int,
                  before: int) -> bool:
    """Does a formula on a line strictly between the two use the name?"""
    return any(after < c.members[0].line < before and name in _names_used(n)
               for c, row in zip(chains, parsed, strict=True)
               for n in row if not isinstance(n, Unreadable))


def _unread_call(node: A.Node | Unreadable, model: Model) -> bool:
    """Unreadable, or a call g(Z) of a function the document does not define."""
    return isinstance(node, Unreadable) or (isinstance(node, A.Apply)
                                            and node.name not in model.functions
                                            and node.name not in model.defs)


def _free_vectors(parsed: list, model: Model, raw_indexed: set[str]) -> set[str]:
    """Undefined vectors no derivative touches (``v`` of ``Σ_ij v_i J_ij v_j``): arbitrary
    inputs, read so; a step false for random values of them is not read (run.py), since the
    author may mean particular values."""
    touched = {y.base if isinstance(y, A.Idx) else y.name for x in _walk_parsed(parsed)
               if isinstance(x, A.Deriv) for y in A.walk(x) if isinstance(y, A.Idx | A.Sym)}
    return raw_indexed - model.inputs - touched - model.wrt - {model.softmax, model.logits}


def _log_weights(parsed: list, model: Model) -> set[str]:
    """Names X of a sum Σ_k X_k log(…) with the softmax (or its formula) under the log: the
    targets of a cross-entropy nobody defined (``-Σ_k Y_k ∂log σ(A_k)/∂A_i``)."""
    out: set[str] = set()
    for x in _walk_parsed(parsed):
        if not (isinstance(x, A.Sum) and isinstance(x.body, A.Mul)) or not any(
                isinstance(y, A.Fn) and y.name in ("log", "ln") for y in A.walk(x.body)):
            continue
        out |= {f.base for f in x.body.factors if isinstance(f, A.Idx)
                and f.indices == (x.var,) and f.base != model.softmax
                and f.base != model.logits and f.base not in model.defs}
    return out


def _bind(pattern: A.Node, node: A.Node, name: str, env: dict[str, A.Node]) -> bool:
    """Does node match pattern with the symbol `name` standing for one sub-expression (the
    same one wherever it stands)? Its value goes to env[name]."""
    if isinstance(pattern, A.Sym) and pattern.name == name:
        if name in env:
            return env[name] == node
        env[name] = node
        return True
    if type(pattern) is not type(node):
        return False
    kids_p, kids_n = A.children(pattern), A.children(node)
    if len(kids_p) != len(kids_n):
        return False
    if not kids_p:
        return pattern == node
    if replace_children(pattern, list(kids_n)) != node:  # the same node but for its children
        return False
    return all(_bind(a, b, name, env) for a, b in zip(kids_p, kids_n, strict=True))


def _abbreviations(chains: tuple[Chain, ...], parsed: list, model: Model) -> None:
    """s_i = e^{z_i}/Σ_j e^{z_j} = e^{z_i}/D, D never defined: D names what it replaces in
    the member before it (D = Σ_j e^{z_j}, said in a note); only a letter that no chain
    defines, for an expression with no free index, the same wherever the document does so."""
    heads = _named_heads(chains, parsed)
    known = set(model.defs) | set(model.functions) | heads | {model.count_name, "e", "pi"}
    if model.logits:
        known.add(model.logits)
    found: dict[str, tuple[A.Node, int, str]] = {}
    clash: set[str] = set()
    for chain, nodes in zip(chains, parsed, strict=True):
        for k in range(len(nodes) - 1):
            a, b = nodes[k], nodes[k + 1]
            if isinstance(a, Unreadable) or isinstance(b, Unreadable) or chain.rels[k] != "=":
                continue
            new = ({x.name for x in A.walk(b) if isinstance(x, A.Sym)}
                   - {x.name for x in A.walk(a) if isinstance(x, A.Sym)} - known)
            if len(new) != 1:
                continue
            name = new.pop()
            env: dict[str, A.Node] = {}
            if not _bind(b, a, name, env):
                continue
            value = env[name]
            if isinstance(value, A.Num | A.Sym | A.Idx) or A.free_indices(value):
                continue
            if name in found and found[name][0] != value:
                clash.add(name)
            found.setdefault(name, (value, chain.members[k + 1].line, chain.members[k].text))
    for name, (value, line, text) in found.items():
        if name in clash:
            # later guesses (the softmax's normaliser) must not pick one of the two either
            model.unread.setdefault(name, (line, f"{name} stands for two different "
                                           "expressions in the chains that bring it in"))
            continue
        model.defs[name] = Definition(name, (), value, line, f"{name} (implicit, line {line})")
        model.notes.append(f"line {line}: {name} is never defined; it stands for what it "
                           f"replaces in {text}: read as that")


def _generic_primes(chains: tuple[Chain, ...], parsed: list, model: Model) -> None:
    """``(u/v)' = (u'v - uv')/v^2``: a chain whose primes stand on letters that no chain
    defines, with no entry (z_i) in it, is a rule about generic functions of one variable the
    text does not write: u is read as u(x) and u' as du(x)/dx, x the one variable the chain
    differentiates by (∂/∂x [f/g]) or else a letter the document does not use (said in a
    note); u, v are then generic functions (checked as fixed ones)."""
    heads = _named_heads(chains, parsed)
    used = {x.name if isinstance(x, A.Sym) else x.base for x in _walk_parsed(parsed)
            if isinstance(x, A.Sym | A.Idx)}
    var = next((v for v in ("x", "w", "r", "s") if v not in used), None)
    prime = A.Sym(A.PRIME)
    for pos, nodes in enumerate(parsed):
        good = [n for n in nodes if not isinstance(n, Unreadable)]
        walked = [x for n in good for x in A.walk(n)]
        letters = {x.f.name for x in walked if isinstance(x, A.Deriv) and x.var == prime
                   and isinstance(x.f, A.Sym) and len(x.f.name) == 1}
        written = {x.var.name for x in walked if isinstance(x, A.Deriv)
                   and isinstance(x.var, A.Sym) and x.var != prime}  # ∂/∂x [f/g] = (f'g - fg')/g^2
        chosen = next(iter(written)) if len(written) == 1 else var
        if (chosen is None or not letters or letters & heads or letters & set(model.defs)
                or chosen in letters or len(written) > 1
                or any(isinstance(x, A.Idx) for x in walked) or len(good) != len(nodes)):
            continue
        at = A.Sym(chosen)

        def put(node: A.Node, at: A.Node = at, letters: set[str] = letters) -> A.Node:
            if isinstance(node, A.Sym) and node.name in letters:
                return A.Apply(node.name, at)
            if node == prime:
                return at
            kids = [put(k) for k in A.children(node)]
            return replace_children(node, kids) if kids else node
        parsed[pos] = [put(n) for n in nodes]
        model.notes.append(f"line {chains[pos].members[0].line}: "
                           f"{', '.join(sorted(letters))} with a prime and no argument: read as "
                           f"functions of one variable {chosen} ({min(letters)}' = "
                           f"d{min(letters)}({chosen})/d{chosen})")


def _batch_mean(nodes: list) -> bool:
    """``L = \\frac{1}{m} \\sum_i L_i`` (also Σ_n L_n / N): the loss of a batch as the mean of
    the examples' losses, L_i the loss of example i, whose sum runs over the examples."""
    if len(nodes) != 2 or not isinstance(head := nodes[0], A.Sym):
        return False
    body = nodes[1]
    if (isinstance(body, A.Mul) and len(body.factors) == 2 and isinstance(body.factors[0], A.Div)
            and body.factors[0].num == A.Num(Fraction(1))):
        count, total = body.factors[0].den, body.factors[1]  # (1/m) Σ_i L_i
    elif isinstance(body, A.Div):
        count, total = body.den, body.num  # Σ_n L_n / N
    else:
        return False
    return (isinstance(count, A.Sym) and isinstance(total, A.Sum)
            and total.body == A.Idx(head.name, (total.var,)))


def _hot_or_cold(model: Model, name: str, first: A.Idx, body: A.Node, line: int) -> None:
    """t_k = 1 names the hot class k (the first one said); t_k = 0 says k is not the hot class
    on its line ("if y_i = 0: ∂L/∂z_i = p_i")."""
    if len(first.indices) != 1 or not isinstance(first.indices[0], str):
        return
    if body == A.Num(Fraction(1)) and model.onehot is None:
        model.onehot = (name, first.indices[0], line)
    if body == A.Num(Fraction(0)):
        model.cold[line] = first.indices[0]


def _zero_sum(node: A.Node) -> bool:
    """Σ_{k=0}^{K-1}: a sum over classes numbered from 0."""
    return (isinstance(node, A.Sum) and node.lo == A.Num(Fraction(0))
            and isinstance(node.hi, A.Add) and len(node.hi.terms) == 2
            and isinstance(node.hi.terms[0], A.Sym)
            and node.hi.terms[1] == A.Neg(A.Num(Fraction(1))))


def _zero_to_number(node: A.Node) -> bool:
    """Σ_{k=0}^{9}: a sum over classes 0 … 9 (ten of them)."""
    return (isinstance(node, A.Sum) and node.lo == A.Num(Fraction(0))
            and isinstance(node.hi, A.Num) and node.hi.value.denominator == 1
            and node.hi.value >= 0)


def _one_based_sums(node: A.Node) -> A.Node:
    """Every Σ_{k=0}^{K-1} as the sum over all K classes, Σ_{k=0}^{n} as Σ_{k=1}^{n+1}."""
    kids = [_one_based_sums(k) for k in A.children(node)]
    node = replace_children(node, kids) if kids else node
    if _zero_sum(node):
        return A.Sum(node.var, None, node.hi.terms[0], node.skip, node.body)  # type: ignore[union-attr]
    if _zero_to_number(node):
        return A.Sum(node.var, None, A.Num(node.hi.value + 1), node.skip,  # type: ignore[union-attr]
                     node.body)
    return node


def _to_last(node: A.Node) -> str | None:
    """The name n of Σ_{k=0}^{n} (classes 0 … n), else None."""
    if (isinstance(node, A.Sum) and node.lo == A.Num(Fraction(0))
            and isinstance(node.hi, A.Sym)):
        return node.hi.name
    return None


def _over_all(node: A.Node, last: str) -> A.Node:
    """Σ_{k=0}^{n} and Σ_{k=1}^{n} as the sum over all classes, n the last (Σ_k^{n})."""
    kids = [_over_all(k, last) for k in A.children(node)]
    node = replace_children(node, kids) if kids else node
    if (isinstance(node, A.Sum) and node.hi == A.Sym(last)
            and node.lo in (A.Num(Fraction(0)), A.Num(Fraction(1)))):
        return A.Sum(node.var, None, node.hi, node.skip, node.body)
    return node


def _last_index_sums(parsed: list, model: Model) -> None:
    """Σ_{k=0}^{n} (classes 0 … n, n+1 of them): n is the last class, read as K (y_n is the
    last class); n is never read as a number then, so n must stand only as a sum's bound.
    A document that sums from 0 to n in one chain and from 1 to n in another means one sum
    (read so, and said); a chain that writes both is read literally (not read)."""
    lasts = {v for x in _walk_parsed(parsed) if (v := _to_last(x)) is not None}
    if len(lasts) != 1:
        return
    last = lasts.pop()
    uses, bounds = _bound_uses(parsed, last)
    if uses != len(bounds):
        return
    ones = any(isinstance(x, A.Sum) and x.hi == A.Sym(last) and x.lo == A.Num(Fraction(1))
               for x in _walk_parsed(parsed))
    if ones:
        literal = any(isinstance(x, A.Idx) and any(isinstance(i, int) for i in x.indices)
                      for x in _walk_parsed(parsed))
        mixed = any({_to_last(x) is not None for n in row if not isinstance(n, Unreadable)
                     for x in A.walk(n) if isinstance(x, A.Sum) and x.hi == A.Sym(last)
                     and x.lo is not None} == {True, False} for row in parsed)
        if literal or mixed:
            return
        model.notes.append(f"sums run from 0 to {last} and from 1 to {last}: both are read as "
                           f"the sum over all classes, {last} the last")
    else:
        # one note for both (y_0 may have said "numbered from 0" already)
        model.notes = [n for n in model.notes if not n.startswith(_ZERO_NOTE)]
        model.zero_based = True
        model.notes.append(f"the classes are numbered from 0 to {last}: read as 1 … K, class c "
                           f"as the (c+1)-th, {last} the last")
    model.last_name = last
    parsed[:] = [[n if isinstance(n, Unreadable) else _over_all(n, last) for n in row]
                 for row in parsed]


_ZERO_NOTE = "the classes are numbered from 0 ("


def _zero_based(parsed: list, model: Model) -> None:
    """Classes numbered from 0 (Σ_{k=0}^{K-1}, e^{a_0}): sums to K-1 are sums over all
    classes, and a literal class c is class c + 1 of 1..K (the builder shifts it)."""
    sums = any(_zero_sum(x) for x in _walk_parsed(parsed))
    literal = {int(x.hi.value) for x in _walk_parsed(parsed) if _zero_to_number(x)}
    one_literal = any(isinstance(x, A.Sum) and x.lo == A.Num(Fraction(1))
                      and isinstance(x.hi, A.Num) for x in _walk_parsed(parsed))
    if literal and (one_literal or len(literal) > 1):
        return  # Σ_{k=0}^{9} beside Σ_{k=1}^{10} or Σ_{k=0}^{4}: read literally (not read)
    sums = sums or bool(literal)
    exps = _exponentiated(parsed)
    zero = any(isinstance(x, A.Idx) and x.base in exps and 0 in x.indices
               for x in _walk_parsed(parsed))
    if not (sums or zero):
        return
    model.zero_based = True
    parsed[:] = [[n if isinstance(n, Unreadable) else _one_based_sums(n) for n in row]
                 for row in parsed]
    model.notes.append(_ZERO_NOTE + "0 … K-1): read as 1 … K, class c as the (c+1)-th")


def _class_label_note(chains: tuple[Chain, ...], model: Model) -> None:
    """Say so when y_i is written as an index (f_{y_i}): it is read as the class c."""
    for chain in chains:
        for m in chain.members:
            found = re.search(r"_\{[^{}]*?(" + CLASS_LABEL + ")", m.text)
            if found:
                model.notes.append(f"line {m.line}: {found[1]} written as an index is the "
                                   "class of the example, read as the class index c")
                return


def learn(chains: tuple[Chain, ...], prose: str) -> tuple[Model, list[StepSpec]]:
    """Read definitions and conditions; return the model and every step to check.

    The first chain whose first member is a bare name defines that name, wherever the name
    was used before ("E = -sum_k t_k ln y_k, where y_k = ...").
    """
    model = Model()
    chains = _skipped_chains(_matrix_identities(chains, model), model)
    cache: dict[str, A.Node | Unreadable] = {}
    steps: list[StepSpec] = []
    softmax_claims: list[tuple[Definition, Chain]] = []
    loss_claims: list[tuple[Definition, Chain]] = []
    jacobian_claims: list[tuple[Definition, Chain]] = []
    parsed: list[list[A.Node | Unreadable]] = []
    simplex_chains: list[tuple[int, str, int]] = []
    start: list[int] = []
    implied: dict[int, tuple[IndexCond, ...]] = {}  # chain position -> "i = j \implies"

    for chain in chains:
        nodes = [_parse(m, cache) for m in chain.members]
        parsed.append(nodes)
        if _batch_mean(nodes):
            continue  # L = (1/m) Σ_i L_i: its L_i are the examples' losses, not L's entries
        for n in nodes:
            if not isinstance(n, Unreadable):
                model.indexed |= {x.base for x in A.walk(n) if isinstance(x, A.Idx)}
    chains = _reversed_definitions(chains, parsed, model)
    _generic_primes(chains, parsed, model)
    _class_label_note(chains, model)
    _index_calls(chains, parsed, model)
    _zero_based(parsed, model)
    _last_index_sums(parsed, model)

    model.count_name = _count_name(parsed, model, written_bounds(chains))
    _given_values(model, chains, parsed)
    written = entries.find(chains, parsed, set())
    if written is not None:
        for pos in written.scope:
            parsed[pos] = [n if isinstance(n, Unreadable) else replace_symbols(n, written.rename)
                           for n in parsed[pos]]
    model.wrt = {x.var.base if isinstance(x.var, A.Idx) else x.var.name
                 for nodes in parsed for n in nodes if not isinstance(n, Unreadable)
                 for x in A.walk(n) if isinstance(x, A.Deriv)}
    model.fixed_k = _fixed_k(chains, parsed, model)
    n = vector_length(chains)
    if model.fixed_k is None and n is not None and 2 <= n <= 8:
        model.fixed_k = n
        model.notes.append(f"the document writes its vectors with {n} entries: steps are "
                           f"checked at K = {n} only")
    if written is not None:
        _entrywise(model, written, chains)
    index_letters = {i for nodes in parsed for n in nodes if not isinstance(n, Unreadable)
                     for x in A.walk(n) if isinstance(x, A.Idx)
                     for i in x.indices if isinstance(i, str)}

    _abbreviations(chains, parsed, model)
    why: list[str] = []  # per chain: why its first relations are not steps
    def_section: dict[str, str] = {}  # name -> the heading of the section defining it
    restate_at: dict[int, str] = {}  # chain position -> defined name it states again
    named_at: set[tuple[int, int]] = set()  # (chain, relation) that names a sum's terms

    for chain, nodes in zip(chains, parsed, strict=True):
        head = chain.members[0].text.strip()
        why.append("")
        if written is not None and model.softmax == written.name and len(start) in written.entries:
            # y_2 = e^{z_2} / (e^{z_1} + e^{z_2} + e^{z_3}): an entry of the softmax, checked
            c = written.entries[len(start)]
            steps.append(StepSpec(chain.members[0], chain.members[1], nodes[1],  # type: ignore
                                  A.Softmax(written.logits, c), "", (), "definition", "softmax"))
            start.append(1)
            continue
        if _batch_mean(nodes):
            why[-1] = ("the mean of the examples' losses over a batch: not read (the other steps "
                       "are about one example)")
            start.append(len(nodes))
            continue
        if _vector_literal(chain):
            # "z = [z_1, z_2]", "softmax([z_1, z_2, z_3]) = y_1, y_2, y_3": vectors written out
            why[-1] = "a vector written out entry by entry, not a step"
            start.append(len(nodes))
            continue
        if _entries_equal(chain):
            why[-1] = "says that the entries are all equal (v_1 = … = v_K), not a step"
            start.append(len(nodes))
            continue
        if _assumed_in_prose(chain):
            why[-1] = "an assumption stated in prose ('suppose …'), not a step"
            start.append(len(nodes))
            continue
        if _prose_condition(chain, nodes):
            why[-1] = "a condition stated in prose ('when …'), not a step"
            first = nodes[0]
            if (len(nodes) == 2 and isinstance(first, A.Idx) and first.base not in model.defs
                    and first.base not in model.functions):
                _hot_or_cold(model, first.base, first, nodes[1], chain.members[0].line)  # type: ignore[arg-type]
            start.append(len(nodes))
            continue
        if (len(nodes) >= 2 and isinstance(nodes[0], A.Delta)
                and isinstance(nodes[1], A.Num | A.Cases)):
            why[-1] = "states the Kronecker delta, not a step"
            start.append(len(nodes))
            continue
        vec = _vector_softmax(chain, nodes)
        if vec is not None:
            # "S = softmax(Z)" with the entries written s_i, z_i: the capitals name the vectors
            # whose entries are lowercase (the capital never has an index of its own)
            vec = tuple(n.lower() if n.isupper() and n not in model.indexed
                        and n.lower() in model.indexed else n for n in vec)  # type: ignore[assignment]
        if vec is not None and vec[0] in model.defs and model.defs[vec[0]].params:
            # p = softmax(z) after p_i = ...: the vector statement, checked entrywise
            name, logits = vec
            steps.append(StepSpec(chain.members[0], chain.members[1], A.Idx(name, ("i",)),
                                  A.Softmax(logits, "i"), "", ()))
            start.append(1)
            continue
        if vec is not None and vec[0] not in model.defs and model.softmax is None:
            name, logits = vec
            model.defs[name] = Definition(name, ("i",), A.Softmax(logits, "i"),
                                          chain.members[0].line,
                                          f"{chain.members[0].text} = {chain.members[1].text}",
                                          "softmax")
            model.softmax, model.logits = name, logits
            model.notes.append(f"line {chain.members[0].line}: {chain.members[0].text} = "
                               f"{chain.members[1].text} read entrywise: {name}_i = "
                               f"softmax({logits})_i")
            start.append(1)
            continue
        if _is_index_statement(chain.members) or _class_case(chain.members, chains) or (
                head in index_letters and head not in model.indexed and len(head) == 1):
            # "i = j", "i = 1, \dots, K": statements about indices, not steps ...
            if "implies" in chain.rels and chain.rels.index("implies") + 2 <= len(nodes) - 1:
                # ... except "i = j \implies dy_i/dz_j = ...": the steps after the arrow
                # hold in that case
                k = chain.rels.index("implies")
                a, b = (m.text.strip() for m in chain.members[:2])
                if k == 1 and chain.rels[0] in ("=", "ne") and len(a) == len(b) == 1:
                    implied[len(start)] = (("eq" if chain.rels[0] == "=" else "ne", a, b),)
                else:
                    implied[len(start)] = ()
                why[-1] = "an index condition before \\implies"
                start.append(k + 1)
                continue
            why[-1] = "a statement about indices, not a step"
            start.append(len(nodes))
            continue
        first = nodes[0]
        if len(nodes) >= 2 and chain.rels[0] in ("=", ":=") and (
                _scalar_of_vector(first, nodes[1], model) or _loss_of_vector(first, nodes[1],
                                                                             model)):
            # g(Z) = Σ_c e^{Z_c}, C(z) = -ln q_y: the scalar the formula defines; a later
            # call g(Z) with the same vector is that scalar (builders.apply)
            model.vector_args[first.name] = first.arg.name  # type: ignore[union-attr]
            first = nodes[0] = A.Sym(first.name)  # type: ignore[union-attr]
        begin = 0
        again = _bare_name(first) if not isinstance(first, Unreadable) else None
        if (again is not None and chain.rels[:1] == (":=",) and again[0] in model.defs
                and again[0] != model.softmax
                and not _used_between(chains, parsed, again[0], model.defs[again[0]].line,
                                      chain.members[0].line)):
            # "q_i := z_i / Σ z_k. However, … we instead do q_i := e^{z_i} / Σ e^{z_k}": a
            # definition given again with := before any use replaces the first
            old = model.defs.pop(again[0])
            model.skipped.append((old.line, old.text, f"replaced by the definition on line "
                                  f"{chain.members[0].line} (:= again, before any use)"))
        if (again is not None and again[0] in model.defs and chain.rels[:1] == ("=",)
                and model.defs[again[0]].line > 0
                and len(again[1]) == len(model.defs[again[0]].params)
                and def_section.get(again[0], _section(chain)) != _section(chain)):
            # "## 3. Linear + MSE ... L = 1/2 (a - y)^2": a restatement (checked) or the
            # section naming L anew (decided first in run.py: if it differs, it is that)
            restate_at[len(start)] = again[0]
        if (len(nodes) >= 3 and chain.rels[:2] == ("=", "=") and isinstance(first, A.Sym)
                and _unread_call(nodes[1], model) and not isinstance(nodes[2], Unreadable)
                and first.name not in model.defs and not _depends(model, nodes[2], first.name)
                and not A.free_indices(nodes[2])):
            # "S = g(Z) = Σ_c e^{Z_c}": S is the formula it ends with (g(Z), a function the
            # document never defines, is not read, so the two relations through it are not
            # steps the reader can decide)
            model.defs[first.name] = Definition(first.name, (), nodes[2], chain.members[0].line,
                                                f"{chain.members[0].text} = "
                                                f"{chain.members[2].text}")
            why[-1] = (f"names {first.name} through {chain.members[1].text}, which is not read; "
                       f"{first.name} is read as the formula it ends with")
            begin = 1
        elif (len(nodes) >= 2 and chain.rels[0] in ("=", ":=")
                and not isinstance(first, Unreadable) and not isinstance(nodes[1], Unreadable)):
            body = nodes[1]
            simplex = _simplex_base(first, body)
            bare = _bare_name(first)
            if (isinstance(first, A.Sym) and isinstance(body, A.Apply)
                    and isinstance(body.arg, A.Sym) and body.arg.name in model.indexed
                    and body.name not in model.functions and body.name not in model.defs):
                # y = f(x), l = g(y) with vectors x, y: a map, not a definition (y_i and a
                # generic loss l are read from what follows)
                why[-1] = (f"{first.name} written as a function of the vector {body.arg.name}, "
                           "not a definition")
                begin = 1
                if model.logits is None or body.arg.name == model.logits:
                    # ŷ = σ(z), σ never defined (a sigmoid? the softmax?): ŷ is not guessed
                    model.unread.setdefault(first.name, (chain.members[0].line, (
                        f"{first.name} = {body.name}({body.arg.name}) with {body.name} never "
                        "defined")))
            elif (isinstance(first, A.Apply) and isinstance(first.arg, A.Sym)
                    and first.name not in model.functions and first.name not in model.defs
                    and first.name not in _names_used(body)):
                # a function definition such as \sigma(x) = 1 / (1 + e^{-x})
                model.functions[first.name] = (first.arg.name, body)
                if first.arg.name not in _names_used(body) and _has_names(body):
                    model.argless[first.name] = first.arg.name
                why[-1] = f"defines the function {first.name}"
                begin = 1
            elif simplex is not None:
                simplex_chains.append((len(start), simplex, chain.members[0].line))
                why[-1] = "states that the targets sum to 1"
                begin = 1  # the statement itself; "... = 1 \implies A = B" still checks A = B
            elif (isinstance(first, A.Idx) and not _has_names(body)
                  and (bare := bare or (first.base, ())) and bare[0] not in model.defs
                  and bare[0] not in model.functions):
                # a statement about an input: t_k = 1 or t_k = [k = c] (one-hot), t_k = 0.2
                _hot_or_cold(model, bare[0], first, body, chain.members[0].line)
                if isinstance(body, A.Num) and all(isinstance(i, int) for i in first.indices):
                    # "$y_1 = 0$, so $\hat y_1 - y_1 = \hat y_1$": the value holds on its line
                    model.line_values.setdefault(chain.members[0].line, {})[first] = body
                if body in (A.Num(Fraction(0)), A.Num(Fraction(1))) or any(
                        isinstance(x, A.Delta | A.Cases) for x in A.walk(body)):
                    model.stated_targets.add(bare[0])
                    model.simplex_stated.append(
                        f"line {chain.members[0].line}: {chain.members[0].text} is one-hot")
                else:
                    model.notes.append(f"line {chain.members[0].line}: "
                                       f"{chain.members[0].text} = {chain.members[1].text} is "
                                       "read as an example value, not a definition")
                model.targets.add(bare[0])
                why[-1] = "a statement about the targets (an assumption), not a step"
                begin = 1  # "t_k = \delta_{kc} \implies A = B" still checks A = B
            elif bare and bare[0] not in model.defs and (calls := _unknown_calls(body, model)):
                # H(p,q) = -sum_i p(x_i) log q(x_i): a formula in functions p, q; the document
                # applies it later (H(y,a) = ...), and that is the definition read
                why[-1] = ("a general formula in functions "
                           + ", ".join(f"{c}(...)" for c in calls) + " (not read as a definition)")
                begin = 1
            elif (bare and not bare[1] and isinstance(body, A.Sym) and body.name != bare[0]
                  and body.name not in model.defs and len(nodes) == 2):
                # "J = CE(y, \\hat y)" with CE never defined: another name for an unknown
                # function, not a definition (a later J = -sum_i y_i log hat_y_i is one)
                why[-1] = ("another name for something the document does not define, not read "
                           "as a definition")
                begin = 1
            elif bare and not bare[1] and not _has_names(body) and len(nodes) > 2:
                # "L = -\\log(0.245) = 1.406": the value in an example, not a definition
                why[-1] = f"the value of {bare[0]} in an example, not a definition"
                begin = 1
            elif (bare and not bare[1] and bare[0] in model.indexed and bare[0] not in model.defs
                  and not any(isinstance(x, A.Sum) for x in A.walk(body))):
                # "z = wx + b" while the document writes z_i too: a vector equation (a layer),
                # not a definition of the entries z_i
                why[-1] = (f"{bare[0]} is written with an index elsewhere: this is a vector "
                           "equation, not read as a definition of its entries")
                begin = 1
            elif bare and bare[0] not in model.defs and not _depends(model, body, bare[0]):
                name, params = bare
                head, lead = 0, 1  # the members holding the name and its formula
                alias = _alias_chain(model, name, params, nodes, chain)
                if alias is not None:
                    # f(x)[n] = y[n] = e^{x_n} / sum_k e^{x_k}: f_n names y_n, and y_n is
                    # what the formula defines
                    model.defs[name] = Definition(name, params, A.Idx(alias, params),
                                                  chain.members[0].line,
                                                  f"{chain.members[0].text} = "
                                                  f"{chain.members[1].text}", "other")
                    name, body, head, lead = alias, nodes[2], 1, 2
                # letters left open (E = -ln y_c) are fixed by the step that uses the name
                implicit = tuple(sorted(A.free_indices(body) - set(params) - {model.count_name}))
                d = Definition(name, params, body, chain.members[head].line,
                               f"{chain.members[head].text} = {chain.members[lead].text}",
                               implicit=implicit)
                model.defs[name] = d
                def_section[name] = _section(chain)
                has_softmax = any(isinstance(x, A.Softmax) for x in A.walk(body))
                if has_softmax and len(params) == 1 and model.softmax is None:
                    model.softmax = name
                    model.defs[name] = _with_role(d, "softmax")
                    model.logits = next(x.logits for x in A.walk(body)
                                        if isinstance(x, A.Softmax))
                elif (len(params) == 1 and model.softmax is None and _ratio_shaped(body)
                      and (name == "sigma" or _mentions_softmax(chain) or (
                          _exponentiates_indices(body) and "softmax" in prose.lower()))):
                    model.softmax = name
                    model.defs[name] = _with_role(d, "softmax")
                    softmax_claims.append((model.defs[name], chain))
                elif len(params) == 2 and re.search(r"jacobian", chain.context, re.I):
                    jacobian_claims.append((d, chain))  # J_{ij} = …: checked below
                elif not params and name in LOSS_NAMES:
                    model.defs[name] = _with_role(d, "loss")
                    if _CE_PROSE.search(chain.context.split("\n", 1)[-1]):
                        loss_claims.append((model.defs[name], chain))
                begin = lead
        elif (len(nodes) >= 2 and chain.rels[0] in ("=", ":=") and isinstance(first, A.Idx)
              and len(first.indices) == 1 and isinstance(nodes[1], Unreadable)
              and first.base not in model.defs
              and (cls := onehot_cases(chain.members[1].text)) is not None):
            # t_j = \begin{cases} 1 & j \in I \\ 0 & \text{otherwise} \end{cases}
            if model.onehot is None and cls:
                model.onehot = (first.base, cls, chain.members[0].line)
            model.simplex_stated.append(
                f"line {chain.members[0].line}: {chain.members[0].text} is one-hot")
            model.stated_targets.add(first.base)
            model.targets.add(first.base)
            why[-1] = "a statement about the targets (one-hot), not a step"
            begin = 1
        elif (len(nodes) >= 2 and chain.rels[0] in ("=", ":=")
              and not isinstance(first, Unreadable) and isinstance(nodes[1], Unreadable)
              and not in_words(chain.members[1].text)):  # C = \text{num classes}: a gloss
            bare = _bare_name(first) or (
                (first.base, ()) if isinstance(first, A.Idx) else None)  # y_1 = (unreadable)
            if bare and bare[0] not in model.defs and bare[0] not in model.unread:
                model.unread[bare[0]] = (chain.members[0].line, str(nodes[1]))
            elif bare:  # read elsewhere: which definition a step between them uses is open
                model.unread_defs.setdefault(bare[0], (chain.members[0].line, str(nodes[1])))
        elif (len(nodes) >= 2 and chain.rels[0] in ("=", ":=") and isinstance(first, Unreadable)
              and (named := _LABELLED_HEAD_RE.fullmatch(chain.members[0].text))):
            # "Softmax: P_i = …" not read: P has a definition the reader could not take, so
            # nothing is guessed for it (no implicit softmax) and its steps are unreadable
            model.unread.setdefault(named[1], (chain.members[0].line, (
                f"its left side '{chain.members[0].text.strip()}' could not be read")))
            model.unread_heads.add(named[1])
        start.append(begin)
        for k in range(begin, len(nodes) - 1):  # "-sum_j y_j log p_j = -sum_j l_j" names l_j
            named = _named_terms(nodes[k], nodes[k + 1], model) if chain.rels[k] == "=" else None
            if named is not None:
                name, var, body = named
                model.defs[name] = Definition(name, (var,), body, chain.members[k + 1].line,
                                              f"{name}_{var} = the term of "
                                              f"{chain.members[k].text}", "other")
                named_at.add((len(start) - 1, k))
                model.notes.append(f"line {chain.members[k + 1].line}: {name}_{var} is read as "
                                   f"the term of {chain.members[k].text}")

    for pos, base, line in simplex_chains:
        if base in model.defs:
            start[pos] = 0  # sum_k y_k = 1 with y defined is a claim to check
        else:
            model.simplex_stated.append(f"line {line}: sum of {base} is 1")
            model.stated_targets.add(base)
            model.targets.add(base)

    for pos, (chain, nodes, begin) in enumerate(zip(chains, parsed, start, strict=True)):
        example = any(chain.rels[k] == "=" and _at_example_values(
            chain.members[k].text, nodes[k], chain.members[k + 1].text, nodes[k + 1])
            for k in range(begin, len(nodes) - 1))  # σ_1(z) = e^1/Σ_j e^{z_j} = 2.718/30.193
        for k in range(min(begin, len(chain.rels))):
            if why[pos]:
                m = chain.members[k + 1]
                model.skipped.append((m.rel_line or m.line, f"{chain.members[k].text} "
                                      f"{_REL_TEXT.get(chain.rels[k], '=')} {m.text}", why[pos]))
        for k in range(begin, len(nodes) - 1):
            rel = chain.rels[k]
            if (pos, k) in named_at:
                m = chain.members[k + 1]
                model.skipped.append((m.rel_line or m.line, f"{chain.members[k].text} = {m.text}",
                                      "names the terms of the sum, not a step"))
                continue
            if rel in ("ne", "ineq", "implies", "=:", "in"):
                m = chain.members[k + 1]
                model.skipped.append((m.rel_line or m.line, f"{chain.members[k].text} "
                                      f"{_REL_TEXT.get(rel, rel)} {m.text}",
                                      _REL_WHY.get(rel, "not an equality; not checked")))
                continue
            if (rel == "=" and nodes[k + 1] == A.Num(Fraction(1))
                    and not isinstance(nodes[k], Unreadable)
                    and _targets_only(nodes[k], model)):
                # "... = y_i + sum_{k != i} y_k = 1": the author states the condition
                m = chain.members[k + 1]
                model.simplex_stated.append(f"line {m.line}: {chain.members[k].text} = 1")
                model.skipped.append((m.rel_line or m.line, f"{chain.members[k].text} = 1",
                                      "states that the targets sum to 1"))
                continue
            lhs, rhs = chain.members[k], chain.members[k + 1]
            ln, rn = nodes[k], nodes[k + 1]
            if rel == "=" and _at_example_values(lhs.text, ln, rhs.text, rn):
                model.skipped.append((rhs.rel_line or rhs.line, f"{lhs.text} = {rhs.text}",
                                      "a value at an example's numbers (decimals), not an "
                                      "identity"))
                continue
            worded = [m for m, n in ((lhs, ln), (rhs, rn))
                      if isinstance(n, Unreadable) and in_words(m.text)]
            if worded:
                model.skipped.append((rhs.rel_line or rhs.line, f"{lhs.text} = {rhs.text}",
                                      "a side written in words (a gloss or a label), not a step"))
                continue
            reason = ""
            arithmetic = (rel == "approx" and not isinstance(ln, Unreadable)
                          and not isinstance(rn, Unreadable) and _numbers_only(ln, rn))
            if rel in ("approx", "propto") and not arithmetic:
                reason = f"relation \\{rel} is not an equality; not checked"
            elif isinstance(ln, Unreadable):
                reason = f"left side: {ln}"
            elif isinstance(rn, Unreadable):
                reason = f"right side: {rn}"
            else:
                ln, rn, reason = _bind_primes(model, nodes, parsed, ln, rn)
                reason = (reason or _bare_sum_clash(lhs.text, rn) or _bare_sum_clash(rhs.text, ln)
                          or _argless_derivative(model, ln, rn))
                bound = _bind_argless(model, nodes, parsed, ln, rn, before=pos) if reason else None
                if bound is not None:
                    (ln, rn), reason = bound, ""
            restriction = tuple(dict.fromkeys(chain.restriction + implied.get(pos, ())
                                              + rhs.conds + subscript_cases(lhs.text)
                                              + subscript_cases(rhs.text)))
            steps.append(StepSpec(
                lhs, rhs,
                None if reason else ln,  # type: ignore[arg-type]
                None if reason else rn,  # type: ignore[arg-type]
                reason, restriction,
                k_only=model.example_k.get(chain.context) or (
                    None if reason else _written_out_k(ln, rn)),
                given=model.given_at.get(pos, ""), example=example,
                claim=("approx" if arithmetic else
                       f"restates:{restate_at[pos]}" if k == 0 and pos in restate_at else ""),
                rel=rel if rel in ("approx", "propto") else "="))

    # logits and targets
    for d, chain in softmax_claims:
        bases = sorted({x.base for x in A.walk(d.body) if isinstance(x, A.Idx)} - {d.name})
        if _transformed_softmax(d.body, d.params[0]):
            # "p_i = e^{v_i/T} / sum_j e^{v_j/T}": the softmax of v/T, read as written
            model.notes.append(f"line {d.line}: {d.text} is the softmax of a transform of the "
                               "logits; read as written")
            continue
        if len(bases) == 1 and d.implicit and isinstance(d.body, A.Div) and (
                A.free_indices(d.body.num) & set(d.implicit)):
            # "p_j = e^{a_i} / sum_k e^{a_k}": the right side's index is not the one defined,
            # so p_j would not depend on j; the body is compared with softmax_j over i and j
            # (it differs where i != j), and the rest is read with the softmax it means
            model.logits = bases[0]
            steps.append(StepSpec(chain.members[0], chain.members[1], d.body,
                                  A.Softmax(bases[0], d.params[0]), "", (), "definition",
                                  "softmax"))
            model.defs[d.name] = _with_role(replace(d, body=A.Softmax(bases[0], d.params[0]),
                                                    implicit=()), "softmax")
            model.notes.append(f"line {d.line}: {d.text} uses the index "
                               f"{', '.join(d.implicit)} on the right where the left names "
                               f"{d.params[0]} (flagged); the rest is read with "
                               f"{d.name}_{d.params[0]} = softmax({bases[0]})_{d.params[0]}")
        elif len(bases) == 1:
            model.logits = bases[0]
            applied = _applied_to(d, chain, chains, parsed, model)
            if applied is not None:
                model.logits = applied
                d = model.defs[d.name] = replace(d, body=rename_base(d.body, bases[0], applied))
                model.notes.append(f"line {d.line}: {d.name} is defined on {bases[0]} and used on "
                                   f"{applied}: read with {applied} as the logits")
            steps.append(StepSpec(
                chain.members[0], chain.members[1], A.Idx(d.name, (d.params[0],)),
                A.Softmax(model.logits, d.params[0]), "", (), "definition", "softmax"))
        elif not bases and _exponentiates_indices(d.body):
            # "softmax is p_j = e^j / Σ_i e^i": the index itself in the exponent, no logits;
            # compared with the softmax of logits the document does not name (it differs)
            exp_bases = _exponentiated(parsed)
            letter = (exp_bases.pop() if len(exp_bases) == 1 else
                      next(v for v in "zxaouvw" if v not in _names_used(d.body) | {d.name}))
            p = d.params[0]
            steps.append(StepSpec(chain.members[0], chain.members[1], d.body,
                                  A.Softmax(letter, p), "", (), "definition", "softmax-of-index"))
            # flagged there; the rest of the document is read with the softmax it means
            model.defs[d.name] = _with_role(replace(d, body=A.Softmax(letter, p)), "softmax")
            model.logits = model.logits or letter
            model.notes.append(f"{d.text} exponentiates the index, not a logit (flagged); the "
                               f"rest is read with {d.name}_{p} = softmax({letter})_{p}")
        else:
            steps.append(StepSpec(chain.members[0], chain.members[1], None, None,
                                  "cannot tell which symbol holds the logits", (),
                                  "definition"))
    for d, chain in loss_claims:
        # "the cross-entropy loss is E = sum_k t_k ln y_k": the sign is part of the claim
        outs = {x.base for x in A.walk(d.body) if isinstance(x, A.Idx)}
        raw = outs - set(model.defs) - {model.logits}
        if (model.softmax is None or model.softmax not in outs or len(raw) != 1
                or not any(isinstance(x, A.Sum) for x in A.walk(d.body))):
            continue
        scale = {x.name for x in A.walk(d.body) if isinstance(x, A.Sym)} - set(model.defs) - {
            model.count_name, "e"}
        if scale:
            # -1/N Σ_i y_i log p_i: a mean over N examples, not the cross-entropy of one
            model.notes.append(f"line {chain.members[0].line}: the loss carries "
                               f"{', '.join(sorted(scale))} (a mean over examples): not "
                               "compared with -sum_k t_k ln y_k")
            continue
        t, y = raw.pop(), model.softmax
        var = next(v for v in "kmnlpqrsabcdefgh" if v not in A.free_indices(d.body) and v != t)
        expected = cross_entropy(t, y, var)
        steps.append(StepSpec(chain.members[0], chain.members[1], A.Sym(d.name), expected,
                              "", (), "definition", "cross-entropy"))
    for d, chain in jacobian_claims:
        if model.softmax is None or model.logits is None or model.softmax not in model.defs:
            continue
        # "the Jacobian J = diag(p) - p p^T": the softmax's Jacobian is symmetric, so either
        # convention (J_ij = dp_i/dz_j or dp_j/dz_i) is the same claim
        i, j = d.params
        expected = A.Deriv(A.Idx(model.softmax, (i,)), A.Idx(model.logits, (j,)))
        steps.append(StepSpec(chain.members[0], chain.members[1], d.body, expected, "", (),
                              "definition", "jacobian"))
    _generic_functions(model, parsed)
    if model.logits is None:
        _logits_from_exponentials(model, parsed)
    if model.softmax is None:
        _implicit_softmax(model, parsed, chains, prose)
    else:
        _second_softmax(model, parsed, chains)
    _implicit_normaliser(model, parsed)
    steps = _loss_from_gradient(model, steps)
    for rewrite in STEP_REWRITES:
        steps = [rewrite(spec, model) for spec in steps]
    raw_indexed = model.indexed - set(model.defs) - ({model.logits} if model.logits else set())
    loss_defs = [d for d in model.defs.values() if d.role == "loss"]
    usual: set[str] = set()
    for d in model.defs.values():
        model.inputs |= {x.base for x in A.walk(d.body) if isinstance(x, A.Idx)} & raw_indexed
    model.inputs |= model.targets
    if loss_defs:
        for d in loss_defs:
            named = {x.base for x in A.walk(d.body) if isinstance(x, A.Idx)} & raw_indexed
            logged = _logged_bases(d.body)
            # L = -sum t_i ln y_i: y, under the log, is the prediction (its definition may be
            # unread), not a target; t is
            model.targets |= (named - logged) if named - logged else named
            # L = -[y log y_hat] (vectors) names its targets y too: y_k is then an input
            vec = {x.name for x in A.walk(d.body) if isinstance(x, A.Sym)} & raw_indexed
            model.targets |= vec
            model.inputs |= vec - {n for n in vec if n.startswith("hat_")}
    else:
        model.targets |= raw_indexed
        # no loss is defined: a conventional target name (t, y, l) used with an index is the
        # targets, an input (the other undefined names stay undefined)
        # -Σ_k Y_k log σ_k: the weight of a log names the targets; else t, y or l
        usual = (_log_weights(parsed, model) & raw_indexed
                 or {n for n in raw_indexed if n in ("t", "y", "l")} - {model.softmax})
        if len(usual) == 1:
            model.inputs |= usual
    for d in model.defs.values():  # -Σ p_j log p̂_j with p̂ never defined: the prediction unknown
        weights = {x.base for x in A.walk(d.body) if isinstance(x, A.Idx)} & raw_indexed
        logged = _logged_bases(d.body) & raw_indexed
        if weights - logged:
            model.unknown_predictions |= logged - set(model.defs) - {model.logits or ""}
    targets = model.targets if loss_defs or len(usual) != 1 else usual
    model.free = _free_vectors(parsed, model, raw_indexed - targets)
    model.inputs |= model.free
    for name in list(model.targets):
        if "hat_" + name in model.targets:
            # y and \hat y both undefined: \hat y is the prediction, y the targets
            model.targets.discard("hat_" + name)
    said = [m.group(0) for m in _SIMPLEX_PROSE.finditer(prose)
            if _states_targets(prose, m.start(), m.end(), model.targets)]
    hot = [w for w in said if re.fullmatch(ONE_HOT_WORDS, w, re.I)]
    # the first saying, and the first that says one-hot (which class is hot reads from it)
    model.simplex_stated += [f"prose: '{w}'" for w in dict.fromkeys(said[:1] + hot[:1])]
    return model, steps


_NEGATION = re.compile(r"\bnot\b|n't\b|\bunlike\b|\bnever\b|\binstead of\b|\brather than\b"
                       r"|\bno longer\b|\bneed(s)? not\b", re.I)
_ABOUT_OUTPUT = re.compile(r"softmax|output|prediction|logit", re.I)
_ABOUT_TARGETS = re.compile(r"target|label|ground[- ]truth|true class|expected output|"
                            r"desired output|correct answer", re.I)


def _states_targets(prose: str, a: int, b: int, targets: set[str] | None = None) -> bool:
    """Does the sentence around prose[a:b] ('one-hot', 'sums to one') say it of the targets?

    Not when it is negated ("unlike one-hot labels, ours need not be normalised") or speaks
    of the softmax output ("softmax turns the logits into a probability distribution"),
    unless its own clause says it of a symbol while the document has targets ("…, where
    $\\mathbf{y}$ is a one-hot vector"; the prose has its math blanked).
    """
    ends = [m.end() for m in re.finditer(r"[.!?](\s|$)|\n\s*\n", prose[:a])]
    start = ends[-1] if ends else 0
    after = re.search(r"[.!?](\s|$)|\n\s*\n", prose[b:])
    end = b + after.start() if after else len(prose)
    sentence = prose[start:end]
    if _NEGATION.search(sentence):
        return False
    cut = [m.end() for m in re.finditer(r"[,;:](?=\s)|\bwhere\b|\band\b", prose[start:a])]
    clause = prose[start + (cut[-1] if cut else 0):end]
    if targets and "$" in prose[start + (cut[-1] if cut else 0):a] \
            and not _ABOUT_OUTPUT.search(clause):
        return True  # "where $y$ is one-hot": said of a symbol, in a clause of its own
    return not (_ABOUT_OUTPUT.search(sentence) and not _ABOUT_TARGETS.search(sentence))


def _with_role(d: Definition, role: str) -> Definition:
    return Definition(d.name, d.params, d.body, d.line, d.text, role, d.implicit)

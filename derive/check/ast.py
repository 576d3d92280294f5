"""Index-aware expression trees read from a derivation's LaTeX.

The tree keeps index letters symbolic (``y_i``, ``\\sum_k``) so that one parse can be
evaluated for every K and every assignment of the free indices.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

Index = str | int
"""An index is a letter (``i``) or a literal position (``1``)."""


@dataclass(frozen=True)
class Num:
    """A rational literal."""

    value: Fraction


@dataclass(frozen=True)
class EulerE:
    """Euler's number e (a bare ``e``)."""


@dataclass(frozen=True)
class Sym:
    """A scalar symbol such as ``E``, ``L`` or ``K``."""

    name: str


@dataclass(frozen=True)
class Idx:
    """An indexed quantity ``base_{i j ...}``."""

    base: str
    indices: tuple[Index, ...]


@dataclass(frozen=True)
class Add:
    """A sum of terms."""

    terms: tuple[Node, ...]


@dataclass(frozen=True)
class Mul:
    """A product of factors."""

    factors: tuple[Node, ...]


@dataclass(frozen=True)
class Div:
    """num / den."""

    num: Node
    den: Node


@dataclass(frozen=True)
class Neg:
    """-x."""

    arg: Node


@dataclass(frozen=True)
class Pow:
    """base ** exp (``e^{x}`` is read as :class:`Fn` exp instead)."""

    base: Node
    exp: Node


@dataclass(frozen=True)
class Fn:
    """exp(arg) or ln(arg) (``\\log`` is the natural logarithm)."""

    name: str
    arg: Node


@dataclass(frozen=True)
class Sum:
    """sum over ``var`` from lo to hi (default 1..K), skipping indices in ``skip``."""

    var: str
    lo: Node | None
    hi: Node | None
    skip: tuple[Index, ...]
    body: Node


@dataclass(frozen=True)
class Deriv:
    """Partial derivative d f / d var, var an indexed or scalar symbol."""

    f: Node
    var: Idx | Sym


@dataclass(frozen=True)
class Delta:
    """Kronecker delta: 1 when a == b else 0."""

    a: Index
    b: Index


@dataclass(frozen=True)
class Cond:
    """An index condition of a cases row: ``a = b``, ``a != b`` or otherwise (op 'else')."""

    op: str
    a: Index | None = None
    b: Index | None = None


@dataclass(frozen=True)
class Cases:
    """A ``\\begin{cases}`` block: the first row whose condition holds."""

    rows: tuple[tuple[Node, Cond], ...]


@dataclass(frozen=True)
class Apply:
    """``f(arg)`` for a bare name f: a function call, read only if f is defined as a function."""

    name: str
    arg: Node


@dataclass(frozen=True)
class Matrix:
    """``\\begin{pmatrix} a & b \\\\ c & d \\end{pmatrix}``: equal when equal entry by entry."""

    rows: tuple[tuple[Node, ...], ...]


LOGITS = "$logits"  # the document's logits, in D_j S_i = ∂S_i/∂(j-th logit)
PRIME = "$prime"  # the unwritten variable of a prime on a bracket, (…)'


@dataclass(frozen=True)
class Gap:
    """``\\cdots``, ``\\vdots`` or ``\\ddots`` in a matrix: entries the author leaves out."""

    kind: str


@dataclass(frozen=True)
class Softmax:
    """``\\operatorname{softmax}(z)_i`` = e^{z_i} / sum_k e^{z_k}."""

    logits: str
    index: Index


Node = (
    Num | EulerE | Sym | Idx | Add | Mul | Div | Neg | Pow | Fn | Sum | Deriv | Delta | Cases
    | Softmax | Apply | Matrix | Gap
)


def children(node: Node) -> tuple[Node, ...]:
    """Direct sub-expressions of a node."""
    if isinstance(node, Add):
        return node.terms
    if isinstance(node, Mul):
        return node.factors
    if isinstance(node, Div):
        return (node.num, node.den)
    if isinstance(node, Neg | Fn | Apply):
        return (node.arg,)
    if isinstance(node, Pow):
        return (node.base, node.exp)
    if isinstance(node, Sum):
        return tuple(x for x in (node.lo, node.hi, node.body) if x is not None)
    if isinstance(node, Deriv):
        return (node.f, node.var)
    if isinstance(node, Cases):
        return tuple(r[0] for r in node.rows)
    if isinstance(node, Matrix):
        return tuple(x for row in node.rows for x in row)
    return ()


def walk(node: Node):
    """Yield every node of the tree, pre-order."""
    yield node
    for c in children(node):
        yield from walk(c)


def free_indices(node: Node, bound: frozenset[str] = frozenset()) -> set[str]:
    """Index letters used but not bound by an enclosing sum."""
    out: set[str] = set()

    def letters(ixs) -> None:
        for ix in ixs:
            if isinstance(ix, str) and ix not in bound:
                out.add(ix)

    if isinstance(node, Idx):
        letters(node.indices)
    elif isinstance(node, Delta):
        letters((node.a, node.b))
    elif isinstance(node, Softmax):
        letters((node.index,))
    elif isinstance(node, Cases):
        for expr, cond in node.rows:
            out |= free_indices(expr, bound)
            letters(x for x in (cond.a, cond.b) if x is not None)
        return out
    elif isinstance(node, Sum):
        letters(node.skip)
        for x in (node.lo, node.hi):
            if x is not None:
                out |= free_indices(x, bound)
        return out | free_indices(node.body, bound | {node.var})
    for c in children(node):
        out |= free_indices(c, bound)
    return out


def has_literal_index(node: Node) -> bool:
    """True when some index is a number (``z_1``): symmetry shortcuts then do not apply."""
    for n in walk(node):
        if isinstance(n, Idx) and any(isinstance(i, int) for i in n.indices):
            return True
        if isinstance(n, Delta) and (isinstance(n.a, int) or isinstance(n.b, int)):
            return True
        if isinstance(n, Softmax) and isinstance(n.index, int):
            return True
        if isinstance(n, Sum) and (
            n.lo not in (None, Num(Fraction(1)))
            or n.hi not in (None, Sym("K"))
            or any(isinstance(s, int) for s in n.skip)
        ):
            return True
        if isinstance(n, Cases) and any(
                isinstance(c.a, int) or isinstance(c.b, int) for _, c in n.rows):
            return True
    return False

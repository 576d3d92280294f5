"""Index substitution in the trees of :mod:`derive.check.ast`."""

from __future__ import annotations

from dataclasses import fields, is_dataclass, replace

from derive.check import ast as A


def substitute_index(node: A.Node, letter: str, value: A.Index) -> A.Node:  # noqa: C901
    """The tree with an index letter replaced (by a literal index or another letter); a sum
    that binds the letter is left as it is."""
    def sub(n: A.Node) -> A.Node:
        return substitute_index(n, letter, value)

    def ix(i):
        return value if i == letter else i
    if isinstance(node, A.Idx):
        return A.Idx(node.base, tuple(ix(i) for i in node.indices))
    if isinstance(node, A.Delta):
        return A.Delta(ix(node.a), ix(node.b))
    if isinstance(node, A.Softmax):
        return A.Softmax(node.logits, ix(node.index))
    if isinstance(node, A.Sum):
        if node.var == letter:
            return node
        return A.Sum(node.var, node.lo, node.hi, tuple(ix(i) for i in node.skip),
                     substitute_index(node.body, letter, value))
    if isinstance(node, A.Cases):
        return A.Cases(tuple((substitute_index(e, letter, value),
                              A.Cond(c.op, ix(c.a), ix(c.b))) for e, c in node.rows))
    if isinstance(node, A.Add):
        return A.Add(tuple(substitute_index(t, letter, value) for t in node.terms))
    if isinstance(node, A.Mul):
        return A.Mul(tuple(substitute_index(t, letter, value) for t in node.factors))
    if isinstance(node, A.Div):
        return A.Div(sub(node.num), sub(node.den))
    if isinstance(node, A.Neg | A.Fn | A.Apply):
        return replace(node, arg=substitute_index(node.arg, letter, value))
    if isinstance(node, A.Pow):
        return A.Pow(sub(node.base), sub(node.exp))
    if isinstance(node, A.Deriv):
        return A.Deriv(sub(node.f), sub(node.var))
    if isinstance(node, A.Matrix):
        return A.Matrix(tuple(tuple(substitute_index(x, letter, value) for x in row)
                              for row in node.rows))
    return node


def replace_symbols(node: A.Node, table: dict[str, A.Node]) -> A.Node:
    """The tree with every scalar ``Sym(name)`` in ``table`` replaced by its node (x -> z_1)."""
    if isinstance(node, A.Sym):
        return table.get(node.name, node)
    if not any(isinstance(x, A.Sym) and x.name in table for x in A.walk(node)):
        return node
    changes = {}
    for f in fields(node):  # type: ignore[arg-type]
        value = getattr(node, f.name)
        changes[f.name] = _replace_in(value, table)
    return replace(node, **changes)  # type: ignore[type-var]


def replace_nodes(node: A.Node, table: dict[A.Node, A.Node]) -> A.Node:
    """The tree with every sub-expression in ``table`` replaced by its node (y_1 -> 0)."""
    if node in table:
        return table[node]
    kids = A.children(node)
    return replace_children(node, [replace_nodes(k, table) for k in kids]) if kids else node


def _replace_in(value: object, table: dict[str, A.Node]) -> object:
    if isinstance(value, tuple):
        return tuple(_replace_in(v, table) for v in value)
    if isinstance(value, A.Cond) or not is_dataclass(value):
        return value
    return replace_symbols(value, table)  # type: ignore[arg-type]


def replace_children(node: A.Node, kids: list[A.Node]) -> A.Node:
    """The node with its direct sub-expressions (in :func:`derive.check.ast.children` order)
    replaced by ``kids``."""
    if isinstance(node, A.Add):
        return A.Add(tuple(kids))
    if isinstance(node, A.Mul):
        return A.Mul(tuple(kids))
    if isinstance(node, A.Div):
        return A.Div(kids[0], kids[1])
    if isinstance(node, A.Neg | A.Fn | A.Apply):
        return replace(node, arg=kids[0])
    if isinstance(node, A.Pow):
        return A.Pow(kids[0], kids[1])
    if isinstance(node, A.Sum):
        it = iter(kids)
        lo = next(it) if node.lo is not None else None
        hi = next(it) if node.hi is not None else None
        return A.Sum(node.var, lo, hi, node.skip, next(it))
    if isinstance(node, A.Deriv):
        var = kids[1] if isinstance(kids[1], A.Idx | A.Sym) else node.var
        return A.Deriv(kids[0], var)
    if isinstance(node, A.Cases):
        return A.Cases(tuple((k, c) for k, (_, c) in zip(kids, node.rows, strict=True)))
    if isinstance(node, A.Matrix):
        it = iter(kids)
        return A.Matrix(tuple(tuple(next(it) for _ in row) for row in node.rows))
    return node


def rename_base(node: A.Node, old: str, new: str) -> A.Node:
    """The tree with every entry ``old_i`` renamed ``new_i`` (and softmax(old) → softmax(new))."""
    if isinstance(node, A.Idx):
        return A.Idx(new, node.indices) if node.base == old else node
    if isinstance(node, A.Softmax):
        return A.Softmax(new, node.index) if node.logits == old else node
    kids = A.children(node)
    if not kids:
        return node
    return replace_children(node, [rename_base(k, old, new) for k in kids])

"""Matrices as the author writes them: explicit entries, entries left out, and ∂y/∂z.

A Jacobian is written as a grid whose rows and columns are classes.  A row or column made only
of ``\\vdots``/``\\cdots``/``\\ddots`` stands for the classes left out; the rows before it are
classes 1, 2, …, the one after it is the last class K (more than one row after it is not
labelled).  ``∂y/∂z`` of two vectors is the matrix whose (i, j) entry is ∂y_i/∂z_j, laid out
like the matrix it is equated with; a name defined as a matrix is that matrix.
"""

from __future__ import annotations

from derive.check import ast as A
from derive.check.definitions import Model

Label = int | str
Entry = tuple[tuple[Label, Label], A.Node, A.Node]


def shape(m: A.Matrix) -> tuple[int, int]:
    """(rows, columns)."""
    return len(m.rows), len(m.rows[0]) if m.rows else 0


def _gap_lines(lines: list[tuple[A.Node, ...]]) -> list[bool]:
    """Which rows (or columns) are made only of ellipses."""
    return [all(isinstance(x, A.Gap) for x in line) for line in lines]


def _labels(gaps: list[bool], count: str) -> list[Label | None] | None:
    """Class labels of the lines: 1, 2, … before the one run of gap lines, K after it (None
    for a gap line); None when the layout cannot be labelled."""
    if not any(gaps):
        return list(range(1, len(gaps) + 1))
    first = gaps.index(True)
    last = len(gaps) - 1 - gaps[::-1].index(True)
    if not all(gaps[first:last + 1]) or len(gaps) - last - 1 > 1:
        return None
    out: list[Label | None] = list(range(1, first + 1))
    out += [None] * (last - first + 1)
    out += [count] * (len(gaps) - last - 1)
    return out


def labels(m: A.Matrix, count: str) -> tuple[list[Label | None], list[Label | None]] | None:
    """Row and column class labels of a Jacobian-shaped matrix, or None."""
    rows = _labels(_gap_lines(list(m.rows)), count)
    cols = _labels(_gap_lines(list(zip(*m.rows, strict=True))), count)
    return None if rows is None or cols is None else (rows, cols)


def _vector_derivative(node: A.Node, model: Model) -> tuple[str, str] | None:
    """(y, z) for ∂y/∂z with y and z vectors of the document, else None."""
    if not (isinstance(node, A.Deriv) and isinstance(node.f, A.Sym)
            and isinstance(node.var, A.Sym)):
        return None
    y, z = node.f.name, node.var.name
    vectors = model.indexed | set(model.defs) | {model.softmax or "", model.logits or ""}
    return (y, z) if y in vectors and z in vectors else None


def as_matrix(node: A.Node, other: A.Node, model: Model) -> A.Matrix | None:
    """node as a matrix laid out like `other`: itself, a name's matrix, ∂y/∂z; else None."""
    if isinstance(node, A.Matrix):
        return node
    if isinstance(node, A.Sym) and node.name in model.defs:
        body = model.defs[node.name].body
        return body if isinstance(body, A.Matrix) else None
    vd = _vector_derivative(node, model)
    if vd is None or not isinstance(other, A.Matrix):
        return None
    lab = labels(other, model.count_name)
    if lab is None:
        return None
    y, z = vd
    rows = tuple(
        tuple(A.Gap("cdots") if r is None or c is None else A.Deriv(A.Idx(y, (r,)), A.Idx(z, (c,)))
              for c in lab[1])
        for r in lab[0])
    return A.Matrix(rows)


def size_letters(m: A.Matrix, count: str) -> A.Matrix:
    """The last row (column) after the gap written with a letter no other row (column) uses
    (``∂y_m/∂z_1 … ∂y_m/∂z_n`` for an m×n Jacobian): the letter is the size, class K there."""
    from derive.check.substitute import substitute_index

    lab = labels(m, count)
    if lab is None:
        return m
    rows = [list(r) for r in m.rows]
    for axis in (0, 1):
        lines = rows if axis == 0 else [list(c) for c in zip(*rows, strict=True)]
        if lab[axis][-1] != count or len(lines) < 2:
            continue
        last = [e for e in lines[-1] if not isinstance(e, A.Gap)]
        others = [e for line in lines[:-1] for e in line if not isinstance(e, A.Gap)]
        common = set.intersection(*(A.free_indices(e) for e in last)) if last else set()
        mine = {v for v in common - {count}
                if not any(v in A.free_indices(e) for e in others)}
        if len(mine) != 1:
            continue
        (v,) = mine
        for j, e in enumerate(lines[-1]):
            lines[-1][j] = e if isinstance(e, A.Gap) else substitute_index(e, v, count)
        rows = lines if axis == 0 else [list(r) for r in zip(*lines, strict=True)]
    return A.Matrix(tuple(tuple(r) for r in rows))


def entry_pairs(left: A.Matrix, right: A.Matrix, count: str = "K") -> list[Entry]:
    """The entries both matrices write, with their (row, column) class labels (positions when
    the layout has none); an entry one side writes where the other leaves a gap is skipped."""
    lab = labels(left, count) or labels(right, count)
    out: list[Entry] = []
    for r, (ra, rb) in enumerate(zip(left.rows, right.rows, strict=True)):
        for c, (a, b) in enumerate(zip(ra, rb, strict=True)):
            if not isinstance(a, A.Gap) and not isinstance(b, A.Gap):
                row = lab[0][r] if lab else None
                col = lab[1][c] if lab else None
                out.append(((row or r + 1, col or c + 1), a, b))
    return out

"""Read one member of an equation chain (LaTeX) into an index-aware tree.

The grammar extends SymPy's lark LaTeX grammar (``sympy/parsing/latex/lark``) at the level of
terminals: the operator, fraction, sum, log/exp and relation terminals are ``%import``-ed from
SymPy's ``grammar/latex.lark`` and the Greek letters from its ``greek_symbols.lark``.  The
rules are an LALR grammar of its own, modelled on SymPy's, because SymPy's rules cannot be
reused as they are: they fold ``y_i`` into one opaque terminal (no index to substitute per K),
return an unresolved ``_ambig`` tree for ``y_i (1 - y_i)`` (function call or product), reject
``\\sum_k`` and ``\\partial``, and the explicit-ambiguity Earley parse takes 0.1-0.2 s per
formula (this parser: under 1 ms).  Nothing is ever passed to
``eval``/``sympify``: text becomes a tree only through this grammar.
"""

from __future__ import annotations

import copy
import functools
import os
import re
from fractions import Fraction
from functools import lru_cache

import lark
from lark import Lark, Token, Transformer, v_args

from derive.check import ast as A
from derive.check.normalize import match_brace, normalize_member

GRAMMAR = r"""
start: expr

?expr: expr ADD prod            -> add
     | expr SUB prod            -> sub
     | SUB prod                 -> neg
     | ADD prod                 -> pos
     | prod

?prod: prod MUL_SYMBOL factor   -> mul
     | prod MUL_SYMBOL SUB factor -> mul_neg
     | prod DIV_SYMBOL factor   -> div
     | prod factor              -> mul
     | factor

?factor: power
       | bigsum
       | dop
       | func

?power: atom
      | atom CARET sup_arg      -> pow

?atom: NUMBER                   -> number
     | base_sym
     | base_sym "(" expr ")"    -> apply
     | indexed
     | "(" expr ")"             -> paren
     | "[" expr "]"             -> paren
     | "{" expr "}"             -> paren
     | frac
     | deriv
     | deriv_n
     | softmax_app
     | softmax_shift
     | indicator
     | cases
     | matrix

?sup_arg: SUB_DIGIT             -> number
        | base_sym
        | "{" expr "}"

base_sym: SYMBOL
        | LOGIT_OF
        | PRIME_VAR
        | UPRIGHT_E
        | GREEK_SYMBOL
        | SIGMA
        | GREEK_UPPER
        | ELL
        | DECOR "{" SYMBOL "}"
        | DECOR SYMBOL
        | FONT "{" SYMBOL "}"

indexed: base_sym "_" index_spec
       | base_sym "_" index_spec CARET sup_arg -> indexed_pow

index_spec: SYMBOL
          | SUB_DIGIT
          | "{" index_item (","? index_item)* "}"

?index_item: SYMBOL | NUMBER

frac: CMD_FRAC "{" expr "}" "{" expr "}"

deriv: CMD_FRAC "{" PARTIAL expr "}" "{" PARTIAL dvar "}"
     | PARTIAL atom DIV_SYMBOL PARTIAL dvar

deriv_n: CMD_FRAC "{" PARTIAL CARET SUB_DIGIT expr "}" "{" (PARTIAL dvar)+ "}"

dop: CMD_FRAC "{" PARTIAL "}" "{" PARTIAL dvar "}" func_arg

?dvar: base_sym | indexed

bigsum: FUNC_SUM sum_spec prod
      | FUNC_SUM sum_spec SUB prod -> bigsum_neg

sum_spec: "_" SYMBOL
        | "_" "{" SYMBOL "}"
        | "_" "{" SYMBOL NOT_EQUAL index_item "}"
        | "_" "{" SYMBOL "=" bound "}" CARET bound_sup
        | "_" "{" SYMBOL "=" bound "," SYMBOL NOT_EQUAL index_item "}" CARET bound_sup
        | CARET bound_sup "_" "{" SYMBOL "=" bound "}"

?bound: NUMBER -> number
      | SYMBOL -> base_sym

?bound_sup: SUB_DIGIT -> number
          | SYMBOL -> base_sym
          | "{" bound "}"
          | "{" SYMBOL SUB NUMBER "}" -> bound_minus

func: (FUNC_LN | FUNC_LOG | FUNC_EXP) func_arg

?func_arg: power | bigsum | func

softmax_app: OPNAME "(" vec ")" "_" index_spec
           | OPNAME "(" vec ")"

softmax_shift: OPNAME "(" vec shift_op shift ")" "_" index_spec
             | OPNAME "(" base_sym "_" index_spec shift_op shift ")"

shift_op: ADD | SUB

?shift: NUMBER -> number
      | base_sym

vec: SYMBOL | FONT "{" SYMBOL "}" | GREEK_SYMBOL | DECOR "{" SYMBOL "}" | DECOR SYMBOL

indicator: ONE "_" "{" index_item "=" index_item "}"
         | ONE "[" index_item "=" index_item "]"
         | ONE "\\{" index_item "=" index_item "\\}"

matrix: BEGIN_MATRIX matrix_row (ROW_SEP matrix_row)* ROW_SEP? END_MATRIX

matrix_row: cell ("&" cell)*

?cell: expr
     | GAP                      -> gap

cases: BEGIN_CASES case_row (ROW_SEP case_row)* ROW_SEP? END_CASES

case_row: expr ","? "&" texts? index_item (EQ_SIGN | NOT_EQUAL) index_item texts? ("," | ".")?
        | expr ","? "&" texts ("," | ".")?

texts: TEXT | texts TEXT

EQ_SIGN: "="

// Terminals shared with SymPy's grammar are imported from it, not redefined.
%import latex (ADD, SUB, MUL_SYMBOL, CARET, CMD_FRAC, FUNC_SUM, FUNC_LN, FUNC_LOG)
%import latex (FUNC_EXP, NOT_EQUAL, CMD_TIMES, CMD_CDOT, MUL, DIV)
DIV_SYMBOL: "/"
PARTIAL: "\\partial"
SIGMA: "\\sigma"
GREEK_UPPER: /\\(Sigma|Gamma|Delta|Theta|Lambda|Xi|Pi|Upsilon|Phi|Psi|Omega)(?![a-zA-Z])/
ELL: "\\ell"
DECOR: "\\hat" | "\\tilde" | "\\bar" | "\\check"
FONT.2: "\\mathcal" | "\\mathbf" | "\\boldsymbol" | "\\bm" | "\\vec"
ONE.3: /\\(mathbb|mathbf|mathbm)\{1\}/ | "\\mathbb{I}" | "\\mathbb 1"
LOGIT_OF.3: "\\logitof"
PRIME_VAR.3: "\\primevar"
UPRIGHT_E.3: "\\mathrm{e}" | "\\operatorname{e}"
OPNAME.2: /\\(operatorname|mathrm|text)\{[a-zA-Z]+\}/
TEXT: /\\text\{[^}]*\}/
BEGIN_CASES: "\\begin{cases}"
BEGIN_MATRIX: "\\begin{pmatrix}" | "\\begin{bmatrix}" | "\\begin{matrix}" | "\\begin{smallmatrix}"
            | "\\begin{vmatrix}"
END_MATRIX: "\\end{pmatrix}" | "\\end{bmatrix}" | "\\end{matrix}" | "\\end{smallmatrix}"
          | "\\end{vmatrix}"
GAP.3: /\\(cdots|vdots|ddots|ldots|dots)(?![a-zA-Z])|\.\.\.|…/
END_CASES: "\\end{cases}"
ROW_SEP: "\\\\"
SYMBOL: /[a-zA-Z]/
SUB_DIGIT: /[0-9]/
NUMBER: /[0-9]+(\.[0-9]+)?/

%import greek_symbols.GREEK_SYMBOL

%ignore /[ \t\n\r]+/
%ignore /\\[,;:! ]/
%ignore "\\quad" | "\\qquad" | "\\left" | "\\right" | "\\displaystyle" | "\\limits"
%ignore "\\nolimits" | "\\textstyle"
%ignore /\\[bB]igg?[lr]?/
"""


class Unreadable(Exception):
    """A member that cannot be read exactly; the message is the reason."""


def _idx(tok: Token | A.Num) -> A.Index:
    if isinstance(tok, A.Num):
        if tok.value.denominator != 1:
            raise Unreadable(f"index {tok.value} is not an integer")
        return int(tok.value)
    s = str(tok)
    return int(s) if s.isdigit() else s


def _name(node: object) -> str:
    if isinstance(node, A.Sym):
        return node.name
    raise Unreadable("expected a symbol")


@v_args(inline=True)
class ToTree(Transformer):
    """lark parse tree -> :mod:`derive.check.ast` nodes."""

    def start(self, e):
        return e

    def add(self, a, _op, b):
        return A.Add(_flat(A.Add, a) + _flat(A.Add, b))

    def sub(self, a, _op, b):
        return A.Add(_flat(A.Add, a) + (A.Neg(b),))

    def neg(self, _op, a):
        return A.Neg(a)

    def pos(self, _op, a):
        return a

    def mul(self, a, *rest):
        b = rest[-1]
        return A.Mul(_flat(A.Mul, a) + _flat(A.Mul, b))

    def mul_neg(self, a, _op, _minus, b):
        return self.mul(a, A.Neg(b))

    def div(self, a, _op, b):
        return A.Div(a, b)

    def paren(self, e):
        return e

    def apply(self, f, arg):
        name = _name(f)
        if name == "e":
            raise Unreadable("e(...) is ambiguous")
        return A.Apply(name, arg)

    def number(self, tok):
        return A.Num(Fraction(str(tok)))

    def pow(self, base, _caret, exp):
        if base == A.Sym("e"):
            return A.Fn("exp", exp)
        if isinstance(exp, A.Sym) and exp.name == "T":
            raise Unreadable("transpose (^T) is matrix notation, not supported")
        return A.Pow(base, exp)

    def base_sym(self, *toks):
        toks = [t for t in toks if isinstance(t, Token)]
        if toks[0].type == "DECOR":
            return A.Sym(f"{toks[0][1:]}_{toks[1]}")
        if toks[0].type == "FONT":
            return A.Sym(str(toks[1]))
        if toks[0].type == "UPRIGHT_E":
            return A.Sym("e")
        if toks[0].type == "LOGIT_OF":  # D_j S_i: by the j-th logit, whatever its letter
            return A.Sym(A.LOGITS)
        if toks[0].type == "PRIME_VAR":  # (…)': by a variable the text does not write
            return A.Sym(A.PRIME)
        if toks[0].type in ("GREEK_SYMBOL", "SIGMA", "ELL", "GREEK_UPPER"):
            return A.Sym(str(toks[0]).lstrip("\\").replace("var", ""))
        return A.Sym(str(toks[0]))

    def index_spec(self, *items):
        return tuple(_idx(i) for i in items)

    def indexed(self, base, spec):
        name = _name(base)
        if name == "delta":
            if len(spec) != 2:
                raise Unreadable("Kronecker delta needs two indices")
            return A.Delta(spec[0], spec[1])
        if name == "e":
            raise Unreadable("e with a subscript is ambiguous")
        return A.Idx(name, spec)

    def indexed_pow(self, base, spec, _caret, exp):
        return self.pow(self.indexed(base, spec), _caret, exp)

    def frac(self, _cmd, num, den):
        return A.Div(num, den)

    def deriv(self, *parts):
        parts = [p for p in parts if not (isinstance(p, Token) and p.type in (
            "CMD_FRAC", "PARTIAL", "DIV_SYMBOL"))]
        f, var = parts
        return A.Deriv(f, _dvar(var))

    def deriv_n(self, *parts):
        order = int(next(p for p in parts if isinstance(p, Token) and p.type == "SUB_DIGIT"))
        rest = [p for p in parts if not isinstance(p, Token)]
        f, dens = rest[0], rest[1:]
        variables: list[A.Idx | A.Sym] = []
        for d in dens:
            if (isinstance(d, A.Pow) and isinstance(d.exp, A.Num)
                    and d.exp.value.denominator == 1 and 1 <= d.exp.value <= 9):
                variables += [_dvar(d.base)] * int(d.exp.value)
            else:
                variables.append(_dvar(d))
        if len(variables) != order:
            raise Unreadable(f"order {order} does not match {len(variables)} variable(s)")
        node = f
        for v in reversed(variables):
            node = A.Deriv(node, v)
        return node

    def dop(self, _cmd, _p1, _p2, var, body):
        return A.Deriv(body, _dvar(var))

    def bigsum(self, _tok, spec, body):
        var, lo, hi, skip = spec
        return A.Sum(var, lo, hi, skip, body)

    def bigsum_neg(self, tok, spec, _minus, body):
        return self.bigsum(tok, spec, A.Neg(body))

    def bound_minus(self, sym, _minus, num):
        """The upper bound K - 1 of a sum over classes numbered from 0."""
        return A.Add((A.Sym(str(sym)), A.Neg(A.Num(Fraction(str(num))))))

    def sum_spec(self, *items):
        items = [i for i in items if not (isinstance(i, Token) and i.type in ("CARET",))]
        if len(items) == 1:
            return (str(items[0]), None, None, ())
        if len(items) == 3 and isinstance(items[1], Token) and items[1].type == "NOT_EQUAL":
            return (str(items[0]), None, None, (_idx(items[2]),))
        if len(items) == 6:  # \sum_{k=1, k \neq i}^{K}
            var, lo, again, _ne, skip, hi = items
            if str(again) != str(var):
                raise Unreadable(f"the sum over {var} skips a value of {again}")
            return (str(var), lo, hi, (_idx(skip),))
        if isinstance(items[0], Token) and items[0].type == "SYMBOL":
            var, lo, hi = items
        else:
            hi, var, lo = items
        return (str(var), lo, hi, ())

    def func(self, tok, arg):
        return A.Fn("exp" if tok.type == "FUNC_EXP" else "ln", arg)

    def vec(self, *toks):
        if toks[0].type == "DECOR":  # softmax(\hat{y}): the logits are named hat_y
            return f"{toks[0][1:]}_{toks[-1]}"
        return str(toks[-1]).lstrip("\\").replace("var", "")

    def softmax_app(self, name, vec, spec=None):
        fname = str(name).split("{", 1)[1].rstrip("}")
        if re.fullmatch(r"[a-zA-Z]_\w+", fname):
            raise Unreadable(f"{fname}(...) is a function with a subscript, not modelled")
        if fname.lower() != "softmax":
            raise Unreadable(f"unknown function {fname}")
        if spec is None:
            raise Unreadable("softmax(...) without an index is a vector; only softmax(z)_i "
                             "is read")
        if len(spec) != 1:
            raise Unreadable("softmax(...) takes one index")
        return A.Softmax(vec, spec[0])

    def shift_op(self, tok):
        return str(tok)

    def softmax_shift(self, name, *parts):
        """softmax(z + c)_i = e^{z_i + c} / sum_k e^{z_k + c}; softmax(z_i + c) is its entry i."""
        if isinstance(parts[0], str):  # softmax(z + c)_i
            vec, op, shift, spec = parts
        else:  # softmax(z_i + c)
            base, spec, op, shift = parts
            vec = _name(base)
        self.softmax_app(name, vec, spec)  # the same checks as softmax(z)_i
        used = {vec, *(str(i) for i in spec), *(x.name for x in A.walk(shift)
                                                  if isinstance(x, A.Sym))}
        var = next(v for v in "kjlmnpqr" if v not in used)
        c = shift if op == "+" else A.Neg(shift)

        def at(i: A.Index) -> A.Node:
            return A.Fn("exp", A.Add((A.Idx(vec, (i,)), c)))
        return A.Div(at(spec[0]), A.Sum(var, None, None, (), at(var)))

    def indicator(self, _one, a, b):
        return A.Delta(_idx(a), _idx(b))

    def gap(self, tok):
        return A.Gap(str(tok).lstrip("\\") if str(tok).startswith("\\") else "dots")

    def matrix_row(self, *entries):
        return ("row", tuple(entries))

    def matrix(self, *parts):
        rows = tuple(p[1] for p in parts if isinstance(p, tuple) and p and p[0] == "row")
        if len({len(r) for r in rows}) != 1:
            raise Unreadable("matrix rows of different lengths")
        if "vmatrix" in str(parts[0]) and len(rows) > 1 and len(rows[0]) > 1:
            # |a b; c d| is a determinant; a single row or column between bars is a vector
            raise Unreadable("a determinant (vmatrix) is not read")
        return A.Matrix(rows)

    def cases(self, *parts):
        rows = tuple(p for p in parts if isinstance(p, tuple))
        return A.Cases(rows)

    def texts(self, *toks):
        return [t for tt in toks for t in (tt if isinstance(tt, list) else [tt])]

    def case_row(self, expr, *rest):
        flat = [t for r in rest for t in (r if isinstance(r, list) else [r])]
        words = " ".join(str(t)[6:-1] for t in flat if isinstance(t, Token) and t.type == "TEXT")
        rel = [t for t in flat if not (isinstance(t, Token) and t.type == "TEXT")]
        if len(rel) == 3:
            at = [i for i, t in enumerate(flat) if not (isinstance(t, Token) and t.type == "TEXT")]
            before = " ".join(str(t)[6:-1] for t in flat[:at[0]])
            after = " ".join(str(t)[6:-1] for t in flat[at[-1] + 1:])
            if not (_CASE_LEAD.fullmatch(before) and _CASE_TAIL.fullmatch(after)):
                # "i \neq j \text{ and } j \text{ even}": reading only i != j would apply
                # this row where another one does
                raise Unreadable("cases condition is more than one index relation: "
                                 f"'{before} ... {after}'".replace("  ", " "))
            op = "eq" if rel[1].type == "EQ_SIGN" else "ne"
            return (expr, A.Cond(op, _idx(rel[0]), _idx(rel[2])))
        if re.fullmatch(r"[\s,.;:]*(?:if\s+)?(?:otherwise|else|(?:for|in) all other cases)"
                        r"[\s,.;:]*", words, re.I):
            return (expr, A.Cond("else"))
        if "otherwise" in words or "else" in words:
            raise Unreadable(f"cases condition '{words.strip()}' is more than 'otherwise'")
        raise Unreadable("cases row without an index condition")


# hostile (issue 10): same languages as S*(W S*)?,?S* and X*(P)?X*, written so that no two
# stars can share a run of spaces (those fullmatches were quadratic on 30 000 spaces)
_CASE_LEAD = re.compile(r"\s*,?\s*(?:(?:if|for|when|whenever|where|with)\s*)?(?:,\s*)?", re.I)
_CASE_TAIL = re.compile(r"[\s,.;:]*(?:\([^()]*\)[\s,.;:]*)?")


def _dvar(var: A.Node) -> A.Idx | A.Sym:
    if isinstance(var, A.Idx | A.Sym):
        return var
    raise Unreadable("derivative with respect to something that is not a variable")


def _flat(cls: type, node: A.Node) -> tuple[A.Node, ...]:
    if isinstance(node, cls):
        return node.terms if cls is A.Add else node.factors  # type: ignore[attr-defined]
    return (node,)


def _extend_operator_scope(tree: lark.Tree) -> None:
    """``\\frac{\\partial}{\\partial a_j} e^{a_j} (\\sum_k e^{a_k})^{-1}``: an operator that
    begins a product applies to the whole product (its operand runs to the next + or -).

    Bottom-up, each product whose left factor is such an operator takes its right factor into
    the operand; an operator after another factor (``c \\frac{\\partial}{\\partial z} a b``) is
    left as it is (and refused as ambiguous below)."""
    for t in list(tree.iter_subtrees()):
        if t.data != "mul" or len(t.children) != 2:
            continue
        left = t.children[0]
        if not (isinstance(left, lark.Tree) and left.data == "dop"):
            continue
        arg = left.children[-1]
        if isinstance(arg, lark.Tree) and arg.data in ("paren", "bigsum"):
            continue
        t.data = "dop"
        t.children = [*left.children[:-1], lark.Tree("mul", [arg, t.children[1]])]


def _check_operator_scope(tree: lark.Tree) -> None:
    """Refuse ``\\frac{\\partial}{\\partial z} a b``: does the operator take a, or a b?

    The operator form applies to the next factor.  That is unambiguous when the factor is a
    parenthesised group or a sum (which runs to the end of the product) or when nothing
    follows; otherwise the reading would be a guess.
    """
    for t in tree.iter_subtrees():
        if t.data not in ("mul", "div"):
            continue
        left = t.children[0]
        while isinstance(left, lark.Tree) and left.data == "mul":
            left = left.children[-1]
        if isinstance(left, lark.Tree) and left.data == "dop":
            arg = left.children[-1]
            if not (isinstance(arg, lark.Tree) and arg.data in ("paren", "bigsum")):
                raise Unreadable("ambiguous: put the operand of \\frac{\\partial}{\\partial ...} "
                                 "in parentheses")


def _cache_file() -> str | bool:
    """Where the built parser is cached: the user cache directory ($XDG_CACHE_HOME or
    ~/.cache)/derive, else Lark's own temporary-directory cache (``True``)."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    folder = os.path.join(base, "derive")
    try:
        os.makedirs(folder, exist_ok=True)
        if os.access(folder, os.W_OK):
            return os.path.join(folder, f"check-grammar-lark{lark.__version__}.cache")
    except OSError:
        pass
    return True


@lru_cache(maxsize=1)
def _parser() -> Lark:
    """The LALR parser, built on SymPy's grammar files; a local copy of the few shared
    terminals is used only if this SymPy has no lark grammar (SymPy < 1.13).

    Building the LALR tables costs ~0.6 s; Lark's ``cache=`` stores them (keyed by the
    grammar and the options), so later runs load them in ~0.02 s.  A cache that cannot be
    written or read only costs the build.
    """
    try:
        import sympy.parsing.latex.lark as sympy_lark

        grammar_dir = os.path.join(os.path.dirname(sympy_lark.__file__), "grammar")
        text, paths = GRAMMAR, [grammar_dir]
    except (ImportError, OSError):
        text, paths = _standalone(GRAMMAR), []
    for cache in (_cache_file(), False):
        try:
            return Lark(text, parser="lalr", import_paths=paths, maybe_placeholders=False,
                        cache=cache)
        except (OSError, EOFError, ValueError, lark.exceptions.GrammarError):
            if cache is False and paths:
                return Lark(_standalone(GRAMMAR), parser="lalr", maybe_placeholders=False)
            if cache is False:
                raise
    raise AssertionError("unreachable")


_FALLBACK_TERMINALS = r"""
ADD: "+"
SUB: "-"
MUL: "*"
DIV: "/"
CMD_TIMES: "\\times"
CMD_CDOT: "\\cdot"
MUL_SYMBOL: MUL | CMD_TIMES | CMD_CDOT
CARET: "^"
CMD_FRAC: "\\frac" | "\\dfrac" | "\\tfrac" | "\\nicefrac"
FUNC_SUM: "\\sum"
FUNC_LN: "\\ln"
FUNC_LOG: "\\log"
FUNC_EXP: "\\exp"
NOT_EQUAL: "\\neq" | "\\ne"
GREEK_SYMBOL: /\\(alpha|beta|gamma|delta|varepsilon|epsilon|zeta|eta|vartheta|theta|kappa)/
    | /\\(lambda|mu|nu|xi|varrho|rho|tau|upsilon|varphi|phi|chi|psi|omega)/
"""


def _standalone(grammar: str) -> str:
    """The grammar with its %import lines replaced by local terminal definitions."""
    kept = [ln for ln in grammar.splitlines() if not ln.startswith("%import")]
    return "\n".join(kept) + _FALLBACK_TERMINALS


_TRANSFORMER = ToTree()


@functools.lru_cache(maxsize=4096)
def narrow_reading(text: str) -> A.Node | None:
    """The other reading of a member whose leading operator was given the whole product
    (:func:`_extend_operator_scope`): the operator on its next factor only, as in the
    quotient rule's ``\\frac{\\partial}{\\partial z} e^{z_j} (\\sum_k e^{z_k})``; None when
    the member has no such operator (or cannot be read)."""
    if "partial" not in text and "\\frac{d" not in text and "nabla" not in text:
        return None
    src = normalize_member(text.strip()).strip()
    try:
        tree = _parser().parse(src)
    except lark.exceptions.LarkError:
        return None
    wide = copy.deepcopy(tree)
    _extend_operator_scope(wide)
    if wide == tree:
        return None
    try:
        return _TRANSFORMER.transform(tree)
    except lark.exceptions.VisitError:
        return None


_SUM_GROUP_RE = re.compile(r"\\sum(?:\\limits)?\s{0,3}"
                           r"(?:_\s{0,3}(?:\{[^{}]{0,40}\}|[a-zA-Z])\s{0,3})"
                           r"(?:\^\s{0,3}(?:\{[^{}]{0,40}\}|[a-zA-Z0-9])\s{0,3})?(?=\{)")


def brace_sum_text(text: str) -> str | None:
    """``\\sum_k{e^{z_k} - (e^{z_i})^2}`` as it renders: the sum of the first term only,
    ``\\sum_k{e^{z_k}} - (e^{z_i})^2`` (braces do not show); None when no sum's group holds a
    top-level + or -."""
    out, last, changed = [], 0, False
    for m in _SUM_GROUP_RE.finditer(text):
        if m.start() < last:
            continue
        open_at = m.end()
        close = match_brace(text, open_at)
        if close < 0:
            continue
        inner = text[open_at + 1: close]
        cut = _top_level_sign(inner)
        if cut is None:
            continue
        out += [text[last:open_at], "{", inner[:cut], "}", inner[cut:]]
        last, changed = close + 1, True
    return "".join(out) + text[last:] if changed else None


def _top_level_sign(s: str) -> int | None:
    """Index of the first + or - outside any bracket, after the first term (None if none)."""
    depth, j = 0, 0
    while j < len(s):
        c = s[j]
        if c == "\\":
            j += 2
            continue
        if c in "{([":
            depth += 1
        elif c in "})]":
            depth -= 1
        elif c in "+-" and depth == 0 and s[:j].strip():
            return j
        j += 1
    return None


def brace_sum_reading(text: str) -> A.Node | None:
    """The member read as it renders (:func:`brace_sum_text`), or None."""
    other = brace_sum_text(text)
    if other is None:
        return None
    try:
        return parse_member(other)
    except Unreadable:
        return None


def parse_member(text: str) -> A.Node:
    """Parse one member (no top-level '='). Raises :class:`Unreadable` with a reason."""
    src = normalize_member(text.strip()).strip()
    if not src:
        raise Unreadable("empty expression")
    try:
        tree = _parser().parse(src)
    except lark.exceptions.UnexpectedCharacters as exc:
        snippet = src[exc.pos_in_stream: exc.pos_in_stream + 12]
        raise Unreadable(f"cannot read {snippet!r} (column {exc.column})") from None
    except lark.exceptions.UnexpectedToken as exc:
        tok = exc.token
        if tok.type == "$END":
            raise Unreadable("expression ends too early") from None
        raise Unreadable(f"unexpected {str(tok)!r} (column {tok.column})") from None
    except lark.exceptions.UnexpectedEOF:
        raise Unreadable("expression ends too early") from None
    _extend_operator_scope(tree)
    _check_operator_scope(tree)
    try:
        return _TRANSFORMER.transform(tree)
    except lark.exceptions.VisitError as exc:
        if isinstance(exc.orig_exc, Unreadable):
            raise exc.orig_exc from None
        raise Unreadable(f"cannot read: {exc.orig_exc}") from None

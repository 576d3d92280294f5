"""Bounds on the work ``derive check`` does for one formula and one step (hostile documents).

Every limit is data (:data:`LIMITS`); each rule is a small function that returns the reason a
formula exceeds it, or ''.  A formula over a limit is ``unreadable`` with that reason; a step
that runs out of time is ``unreadable: time limit``; the rest of the document is still read.
Text rules run before parsing (so the parser never sees a 10 000-deep formula), tree rules on
the parsed tree (so SymPy never evaluates ``10^{10^{10}}`` exactly).
"""

from __future__ import annotations

import math
import re
import signal
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, TypeVar

from derive.check import ast as A
from derive.check.parser import Unreadable, parse_member

if TYPE_CHECKING:
    from derive.check.extract import Extraction

T = TypeVar("T")


@dataclass(frozen=True)
class Limit:
    """One bound: its name, its value and what it bounds (shown in ``derive check --help``)."""

    name: str
    value: float
    what: str


LIMITS: tuple[Limit, ...] = (
    Limit("formula_chars", 2000, "characters in one side of an equation"),
    Limit("nesting", 40, "nesting depth of braces, parentheses and brackets"),
    Limit("terms", 200, "terms (+ and - signs) in one side"),
    Limit("number_digits", 30, "digits in one number"),
    Limit("exponent", 1000, "size of a constant exponent (10^{10^{10}}, 2^{10^9} are refused)"),
    Limit("constant_log10", 100, "size of a constant, as a power of ten (10^{100})"),
    Limit("nested_sums", 4, "sums nested inside one another"),
    Limit("expanded_terms", 20000, "terms once every sum is written out for K = 10"),
    Limit("case_formulas", 50, "inline formulas governed by one case sentence ('When i = j, ...')"),
    Limit("equations", 2000, "equation chains read in one document (the rest are reported)"),
    Limit("step_seconds", 5.0, "seconds of work for one step"),
    Limit("document_seconds", 40.0, "seconds for a whole document (later steps: time limit)"),
)
LIMIT = {lim.name: lim.value for lim in LIMITS}
SUM_K = 10  # the largest K a step is evaluated at (derive.math.decide.WITNESS_KS)
COUNT_NAMES = ("K", "N")  # read as a constant <= SUM_K when sizing constants


def describe() -> str:
    """The limits as text for ``derive check --help`` and the README (one line each)."""
    return "\n".join(f"  {lim.what}: {lim.value:g}" for lim in LIMITS)


# -- text rules (before parsing) ----------------------------------------------------------

_DIGITS_RE = re.compile(r"\d+")
_TERM_RE = re.compile(r"[+\-]|\\pm(?![a-zA-Z])|\\mp(?![a-zA-Z])")


def too_long(text: str) -> str:
    """More characters than `formula_chars`."""
    n = LIMIT["formula_chars"]
    return f"formula longer than {n:g} characters ({len(text)})" if len(text) > n else ""


def too_deep(text: str) -> str:
    """Braces/parentheses/brackets nested deeper than `nesting` (counted in one linear pass)."""
    depth = deepest = 0
    for ch in text:
        if ch in "{([":
            depth += 1
            deepest = max(deepest, depth)
        elif ch in "})]":
            depth -= 1
    n = LIMIT["nesting"]
    return f"brackets nested deeper than {n:g} ({deepest})" if deepest > n else ""


def too_many_terms(text: str) -> str:
    """More + and - signs than `terms`."""
    count = len(_TERM_RE.findall(text))
    n = LIMIT["terms"]
    return f"more than {n:g} terms ({count} signs)" if count > n else ""


def number_too_long(text: str) -> str:
    """A number with more digits than `number_digits`."""
    longest = max((len(m) for m in _DIGITS_RE.findall(text)), default=0)
    n = LIMIT["number_digits"]
    return f"a number with more than {n:g} digits ({longest})" if longest > n else ""


_EQ_REF_RE = re.compile(r"\s{0,8}(?:式|公式|Eq\.?|eq\.?|Equation|\\text\s{0,3}\{\s{0,3}(?:Eq\.?|式)"
                        r"\s{0,3}\})?\s{0,3}\(\s{0,3}\d{1,3}\s{0,3}\)\s{0,8}")


def equation_reference(text: str) -> str:
    """``式(1) = …``, ``Eq. (1) = …``: a side that is only an equation's number in brackets
    names that equation, not the number."""
    return ("a reference to an equation by its number, not its formula: not read"
            if _EQ_REF_RE.fullmatch(text) else "")


TEXT_RULES: tuple[Callable[[str], str], ...] = (too_long, too_deep, too_many_terms,
                                                 number_too_long, equation_reference)


# -- tree rules (after parsing) -----------------------------------------------------------

def _nodes(node: A.Node) -> Iterator[A.Node]:
    """Every node of a tree, without recursion (pre-order)."""
    stack = [node]
    while stack:
        n = stack.pop()
        yield n
        stack.extend(reversed(A.children(n)))


class _TooBig(Exception):
    """A constant is beyond the limits (the message says which)."""


def magnitude(node: A.Node) -> float | None:
    """Upper bound on |log10 |value|| of a constant subtree (K, N read as 10), else None.

    Never computes a big number: b^e is sized as |e|·magnitude(b), and an exponent above
    `exponent` raises :class:`_TooBig` before anything is evaluated.
    """
    if isinstance(node, A.Num):
        v = abs(node.value)
        return abs(math.log10(v)) if v else 0.0
    if isinstance(node, A.EulerE):
        return math.log10(math.e)
    if isinstance(node, A.Sym) and node.name in COUNT_NAMES:
        return math.log10(SUM_K)
    if isinstance(node, A.Neg):
        return magnitude(node.arg)
    if isinstance(node, A.Add | A.Mul | A.Div):
        parts = [magnitude(c) for c in A.children(node)]
        if any(p is None for p in parts):
            return None
        if isinstance(node, A.Add):
            return max(parts) + math.log10(len(parts))  # type: ignore[type-var,operator]
        return sum(parts)  # type: ignore[arg-type]
    if isinstance(node, A.Fn) and node.name != "exp":
        inner = magnitude(node.arg)
        return None if inner is None else max(inner, 1.0)
    if isinstance(node, A.Pow | A.Fn):
        exp = magnitude(node.exp if isinstance(node, A.Pow) else node.arg)
        if exp is None:
            return None
        if exp > math.log10(LIMIT["exponent"]):
            raise _TooBig(f"a constant exponent larger than {LIMIT['exponent']:g}")
        base = magnitude(node.base) if isinstance(node, A.Pow) else math.log10(math.e)
        if base is None:
            return None
        size = (10 ** exp) * base
        if size > LIMIT["constant_log10"]:
            raise _TooBig(f"a constant larger than 10^{LIMIT['constant_log10']:g}")
        return size
    return None


def constants_too_big(node: A.Node) -> str:
    """A constant exponent above `exponent` or a constant above 10^`constant_log10`."""
    for n in _nodes(node):
        exp = n.exp if isinstance(n, A.Pow) else n.arg if (
            isinstance(n, A.Fn) and n.name == "exp") else None
        if exp is None:
            continue
        try:
            e = magnitude(exp)
            if e is not None and e > math.log10(LIMIT["exponent"]):
                return f"a constant exponent larger than {LIMIT['exponent']:g}"
            magnitude(n)
        except _TooBig as exc:
            return str(exc)
    return ""


def _sum_depth(node: A.Node) -> int:
    """Deepest nesting of sums in a tree (iterative)."""
    deepest = 0
    stack: list[tuple[A.Node, int]] = [(node, 0)]
    while stack:
        n, d = stack.pop()
        if isinstance(n, A.Sum):
            d += 1
            deepest = max(deepest, d)
        stack.extend((c, d) for c in A.children(n))
    return deepest


def sums_too_deep(node: A.Node) -> str:
    """More sums nested inside one another than `nested_sums`."""
    d = _sum_depth(node)
    n = LIMIT["nested_sums"]
    return f"more than {n:g} nested sums ({d})" if d > n else ""


def expanded_size(node: A.Node) -> int:
    """Number of nodes once every sum is written out for K = SUM_K (an upper bound)."""
    cap = int(LIMIT["expanded_terms"]) + 1

    def size(n: A.Node) -> int:
        total = 1 + sum(size(c) for c in A.children(n))
        if isinstance(n, A.Sum):
            total *= SUM_K
        return min(total, cap)

    return size(node)


def too_many_expanded_terms(node: A.Node) -> str:
    """More than `expanded_terms` terms once the sums are written out."""
    n = LIMIT["expanded_terms"]
    return (f"more than {n:g} terms once its sums are written out"
            if expanded_size(node) > n else "")


TREE_RULES: tuple[Callable[[A.Node], str], ...] = (constants_too_big, sums_too_deep,
                                                    too_many_expanded_terms)


def parse_member_bounded(text: str) -> A.Node:
    """:func:`parse_member` within the limits: Unreadable (with the reason) past any of them."""
    for rule in TEXT_RULES:
        why = rule(text)
        if why:
            raise Unreadable(why)
    try:
        node = parse_member(text)
        for tree_rule in TREE_RULES:
            why = tree_rule(node)
            if why:
                raise Unreadable(why)
    except RecursionError:
        raise Unreadable("nested too deeply to read") from None
    return node


def cap_equations(ex: Extraction) -> Extraction:
    """The first `equations` chains of an extraction; the others become one reported problem."""
    n = int(LIMIT["equations"])
    if len(ex.chains) <= n:
        return ex
    first = ex.chains[n].members[0]
    why = (f"{len(ex.chains) - n} more equations: only the first {n} of the document are read")
    return replace(ex, chains=ex.chains[:n],
                   problems=(*ex.problems, (first.line, first.text[:60], why)))


# -- time ----------------------------------------------------------------------------------

class TimeLimit(BaseException):
    """A step ran out of time (BaseException: no ``except Exception`` in SymPy swallows it)."""


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Raise :class:`TimeLimit` in the block after `seconds` (SIGALRM, main thread only).

    Elsewhere (another thread, no SIGALRM) the block runs unbounded: the size limits above
    still hold.  The previous handler and timer are restored.
    """
    usable = (hasattr(signal, "setitimer") and threading.current_thread()
              is threading.main_thread() and seconds > 0)
    if not usable:
        yield
        return
    armed = [True]

    def on_alarm(signum: int, frame: object) -> None:
        if armed[0]:
            raise TimeLimit()

    previous = signal.signal(signal.SIGALRM, on_alarm)
    old_delay, _ = signal.setitimer(signal.ITIMER_REAL, seconds)
    start = time.monotonic()
    try:
        yield
    finally:
        armed[0] = False
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        if old_delay:  # an outer timer: give back what is left of it
            signal.setitimer(signal.ITIMER_REAL, max(old_delay - (time.monotonic() - start),
                                                     1e-3))


class Budget:
    """Per-step and per-document time: ``run(f, ...)`` or the reason the step was not run."""

    def __init__(self, step_seconds: float | None = None,
                 document_seconds: float | None = None) -> None:
        self.step = LIMIT["step_seconds"] if step_seconds is None else step_seconds
        self.document = LIMIT["document_seconds"] if document_seconds is None \
            else document_seconds
        self.start = time.monotonic()

    def left(self) -> float:
        """Seconds left of the document's budget."""
        return self.document - (time.monotonic() - self.start)

    def run(self, f: Callable[..., T], *args: object) -> T:
        """f(*args) within min(step, what is left); raises TimeLimit with the reason."""
        left = self.left()
        if left <= 0:
            raise TimeLimit(f"time limit: the document's {self.document:g} s were used up "
                            "before this step (not decided)")
        seconds = min(self.step, left)
        try:
            with time_limit(seconds):
                return f(*args)
        except TimeLimit:
            raise TimeLimit(f"time limit: more than {seconds:.3g} s for this step "
                            "(not decided)") from None

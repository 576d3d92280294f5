"""Property-based fuzzing of `derive check` (issue 10): random LaTeX/Markdown with nesting, huge
numbers, long runs, unbalanced delimiters, control characters and invalid UTF-8 always gets exit
0, 1 or 2, never a traceback, within a bounded time per example.

The profile ``derive-fuzz`` runs 500 examples (DERIVE_FUZZ_EXAMPLES overrides), each with a
10 s deadline; the checker's own time limits are lowered while fuzzing so that no example can
use them up.
"""

from __future__ import annotations

import os
import re
import time
from datetime import timedelta

from click.testing import CliRunner
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from derive.check import limits as L
from derive.cli import main

settings.register_profile(
    "derive-fuzz",
    max_examples=int(os.environ.get("DERIVE_FUZZ_EXAMPLES", "500")),
    deadline=timedelta(seconds=10),
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
FUZZ = settings.get_profile("derive-fuzz")

SOFTMAX = "Softmax $y_i = \\frac{e^{z_i}}{\\sum_k e^{z_k}}$ and $E = -\\sum_k t_k \\ln y_k$.\n\n"
ATOMS = ["y_i", "y_j", "z_i", "z_j", "t_k", "y_k", "e^{z_i}", "K", "E", "\\delta_{ij}", "1",
         "0", "2", "\\ln y_i", "\\partial", "\\frac{\\partial E}{\\partial z_j}", "i", "j"]
OPS = [" + ", " - ", " \\cdot ", " ", "/", "^", "_", " = ", " \\neq ", " := ", " & ", " \\\\ "]
NOISE = ["$", "$$", "\\[", "\\]", "\\(", "\\)", "{", "}", "(", ")", "[", "]", "\\begin{align}",
         "\\end{align}", "\\begin{cases}", "\\end{cases}", "\\text{if }", "\\quad", "<!--",
         "-->", "```", "`", "\n", "\n\n", " ", "When $i = j$, ", "# Case $i \\neq j$\n",
         "\\sum_k ", "\\sum_{k=1}^{K} ", "\\frac{", "}{", "\\left(", "\\right)", ",", ".",
         "\\,", "\\\\", "\t", "\r\n", "\\"]


def _number(n: int) -> str:
    return str(n)


atoms = st.one_of(
    st.sampled_from(ATOMS),
    st.integers(min_value=0, max_value=10**60).map(_number),
    st.sampled_from(["10^{10^{10}}", "2^{10^9}", "e^{10^{10^{10}}}", "K^{K^{K}}",
                     "((2^{100})^{100})^{100}", "10^{-400}", "1e999"]),
)


def _wrap(children: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.one_of(
        st.tuples(st.sampled_from(["{%s}", "(%s)", "\\frac{%s}{2}", "\\sum_k %s", "e^{%s}",
                                   "\\ln(%s)", "\\left(%s\\right)", "[%s]", "%s^2",
                                   "\\frac{\\partial %s}{\\partial z_j}"]), children)
        .map(lambda p: p[0] % p[1]),
        st.lists(children, min_size=2, max_size=4).flatmap(
            lambda xs: st.sampled_from(OPS).map(lambda op: op.join(xs))),
    )


expressions = st.recursive(atoms, _wrap, max_leaves=30)
runs = st.tuples(st.sampled_from(NOISE + ["y_i + ", "(", "{", " ", "$y_i = y_i$ "]),
                 st.integers(min_value=1, max_value=3000)).map(lambda p: p[0] * p[1])
controls = st.text(st.characters(categories=["Cc", "Cf", "Zs", "So", "Lo"]), max_size=20)
pieces = st.one_of(
    expressions.map(lambda e: f"$${e}$$\n"),
    st.tuples(expressions, expressions).map(lambda p: f"$${p[0]} = {p[1]}$$\n"),
    st.tuples(expressions, expressions).map(lambda p: f"When $i = j$, ${p[0]} = {p[1]}$.\n"),
    st.sampled_from(NOISE),
    runs,
    controls,
    st.text(max_size=30),
)
# half of the documents define softmax, so that their steps are decided, not just read
documents = st.tuples(st.sampled_from([True, False]),
                      st.lists(pieces, min_size=1, max_size=8)).map(
    lambda p: (SOFTMAX if p[0] else "") + "".join(p[1]))
damage = st.sampled_from([b"", b"\xff", b"\xc3(", b"\x00", b"\xed\xa0\x80", b"\xef\xbb\xbf"])


@FUZZ
@given(documents, damage, st.integers(min_value=0, max_value=3))
def test_check_never_crashes_on_random_documents(doc: str, bad: bytes, where: int) -> None:
    data = doc.encode("utf-8", "surrogatepass")
    if bad:
        cut = len(data) * where // 3
        data = data[:cut] + bad + data[cut:]
    saved = dict(L.LIMIT)
    L.LIMIT.update(step_seconds=1.0, document_seconds=2.0)
    start = time.monotonic()
    try:
        result = CliRunner().invoke(main, ["check", "-", "--no-symbolic"], input=data)
    finally:
        L.LIMIT.clear()
        L.LIMIT.update(saved)
    event(f"exit {result.exit_code}")
    event("some step decided" if re.search(r": (ok|WRONG|NEEDS)", result.stdout)
          else "nothing decided")
    assert result.exit_code in (0, 1, 2), (result.exit_code, result.output[-500:])
    assert result.exception is None or isinstance(result.exception, SystemExit), \
        repr(result.exception)
    assert "Traceback" not in result.output
    if result.exit_code == 2:
        errors = [ln for ln in result.stderr.splitlines() if ln.startswith("Error:")]
        assert len(errors) == 1, result.stderr
    assert time.monotonic() - start < 10

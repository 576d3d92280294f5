"""Every bad option of every command, in one table: one line on stderr, exit 2, nothing written.

Each case runs in an empty working folder (the inputs live elsewhere) and must fail before any
work, so the whole table takes a few seconds.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from derive.cli import main

DOC = "Softmax $y_i = \\frac{e^{z_i}}{\\sum_k e^{z_k}}$.\n"

# (arguments, text the one error line must contain); IN is the input document, WORK the
# (empty) working folder, DIR an existing folder, FILE an existing regular file, LINK a
# symlink to the input document.
BAD: list[tuple[list[str], str]] = [
    # the group itself
    (["nosuch"], "No such command 'nosuch'"),
    (["--bogus"], "No such option"),
    # list
    (["list", "extra"], "unexpected extra argument"),
    (["list", "--bogus"], "No such option"),
    # verify
    (["verify", "--k", "0"], "--k 0: K must be at least 1"),
    (["verify", "--k", "-3"], "--k -3: K must be at least 1"),
    (["verify", "--k", "2.5"], "whole number"),
    (["verify", "--k", "abc"], "whole number"),
    (["verify", "--k", "1000000000"], "refused"),
    (["verify", "--k", "5..2"], "empty range"),
    (["verify", "--k", "1..99999"], "refused"),
    (["verify", "--claim", "nosuch"], "unknown claim 'nosuch'"),
    (["verify", "--format", "xml"], "'xml' is not one of"),
    (["verify", "--points", "0"], "--points 0: must be between 1 and 1000"),
    (["verify", "--points", "x"], "--points x: must be a whole number"),
    (["verify", "--seed", "-1"], "--seed -1: the seed must be a whole number from 0"),
    (["verify", "--seed", "1.5"], "--seed 1.5: the seed must be"),
    (["verify", "--junit", "DIR"], "is a directory"),
    (["verify", "--junit", "WORK/nodir/r.xml"], "the folder {WORK}/nodir does not exist"),
    (["verify", "--junit", "FILE/r.xml"], "is not a folder"),
    (["verify", "--notation", "fancy"], "'fancy' is not one of"),
    (["verify", "--bogus"], "No such option"),
    # check
    (["check"], "Missing argument 'FILE|DIR|GLOB...'"),
    (["check", "WORK/missing.md"], "no such file"),
    (["check", "DIR"], "no documents found"),
    (["check", "IN", "--seed", "-3"], "--seed -3: the seed must be"),
    (["check", "IN", "--seed", "many"], "--seed many: the seed must be"),
    (["check", "IN", "--format", "xml"], "'xml' is not one of"),
    (["check", "IN", "-o", "WORK/nodir/r.txt"], "the folder {WORK}/nodir does not exist"),
    (["check", "IN", "-o", "DIR"], "is a directory"),
    (["check", "IN", "-o", "IN"], "is the input"),
    (["check", "IN", "--annotate", "IN"], "is the input"),
    (["check", "IN", "--annotate", "LINK"], "is the input"),
    (["check", "IN", "--annotate", "WORK/a.md", "-o", "WORK/a.md"], "the same file twice"),
    (["check", "IN", "--annotate", "-"], "both go to standard output"),
    (["check", "IN", "--annotate", "WORK/nodir/a.md"], "does not exist"),
    (["check", "IN", "--no-symbolic", "--bogus"], "No such option"),
    # doc
    (["doc"], "give a derivation NAME"),
    (["doc", "no-such-derivation", "-o", "WORK/x.tex"], "unknown derivation"),
    (["doc", "softmax-jacobian", "--k", "0"], "--k 0: K must be between 1 and 10"),
    (["doc", "softmax-jacobian", "--k", "99"], "--k 99: K must be between 1 and 10"),
    (["doc", "softmax-jacobian", "--k", "three"], "--k three: K must be a whole number"),
    (["doc", "softmax-jacobian", "--k", "3", "--all-k"], "exclude each other"),
    (["doc", "softmax-jacobian", "--logits", "\\input{/etc/passwd}"],
     "invalid symbol name for logits"),
    (["doc", "softmax-jacobian", "--outputs", "y_1"], "invalid symbol name for outputs"),
    (["doc", "softmax-jacobian", "--logits", "i"], "reserved in documents"),
    (["doc", "softmax-jacobian", "--logits", "y"], "symbol names must be distinct"),
    (["doc", "softmax-jacobian", "--format", "xml"], "'xml' is not one of"),
    (["doc", "softmax-jacobian", "--format", "md", "-o", "WORK/x.tex"], "contradicts"),
    (["doc", "softmax-jacobian", "--format", "pdf", "-o", "WORK/x.md"], "contradicts"),
    (["doc", "softmax-jacobian", "-o", "WORK/x.txt"], "cannot tell the format"),
    (["doc", "softmax-jacobian", "-o", "WORK/nodir/x.tex"], "the folder {WORK}/nodir does not"),
    (["doc", "softmax-jacobian", "-o", "DIR"], "is a directory"),
    (["doc", "softmax-jacobian", "--no-pdf"], "--no-pdf is used only with --all"),
    (["doc", "softmax-jacobian", "--template-dir", "WORK/nope"], "--template-dir"),
    (["doc", "--all"], "--all needs a folder"),
    (["doc", "--all", "-o", "FILE"], "not a folder"),
    (["doc", "--all", "--format", "md", "-o", "WORK/out"], "--format is not used"),
    (["doc", "--all", "--k", "4", "-o", "WORK/out"], "--k is not used"),
    (["doc", "--all", "--all-k", "-o", "WORK/out"], "--all-k is not used"),
    (["doc", "--all", "softmax-jacobian", "-o", "WORK/out"], "NAME is not used"),
    # crosscheck
    (["crosscheck", "--points", "0"], "--points 0: must be at least 1"),
    (["crosscheck", "--points", "-1"], "--points -1"),
    (["crosscheck", "--seed", "-1"], "--seed -1: the seed must be"),
    (["crosscheck", "--scale", "nan"], "--scale nan"),
    (["crosscheck", "--scale", "-2"], "--scale -2"),
    (["crosscheck", "--scale", "1e301"], "up to 1e+300"),
    (["crosscheck", "--scale", "big"], "--scale big: must be a number"),
    (["crosscheck", "--k", "0"], "--k 0: K must be at least 1"),
    (["crosscheck", "--k", "x"], "--k x: K must be a whole number"),
    (["crosscheck", "--k", "5000"], "GiB"),
    (["crosscheck", "--z", "1,two"], "--z"),
    (["crosscheck", "--z", "1,2", "--z", "1,2,3"], "same number"),
    (["crosscheck", "--claim", "nosuch"], "unknown claim"),
    (["crosscheck", "--backend", "abacus"], "'abacus' is not one of"),
]


@pytest.fixture()
def places(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    inputs = tmp_path / "in"
    inputs.mkdir()
    doc = inputs / "doc.md"
    doc.write_text(DOC)
    (inputs / "link.md").symlink_to(doc)
    (inputs / "file").write_text("x")
    (inputs / "dir").mkdir()
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    return {"IN": str(doc), "LINK": str(inputs / "link.md"), "FILE": str(inputs / "file"),
            "DIR": str(inputs / "dir"), "WORK": str(work)}


def _args(args: list[str], places: dict[str, str]) -> list[str]:
    out = []
    for a in args:
        for key in ("WORK", "IN", "LINK", "FILE", "DIR"):  # WORK first: it contains no IN
            if a == key or a.startswith(key + "/"):
                a = places[key] + a[len(key):]
                break
        out.append(a)
    return out


def _snapshot(root: Path) -> list[tuple[str, bytes]]:
    return sorted((str(p.relative_to(root)), p.read_bytes() if p.is_file() else b"")
                  for p in root.rglob("*"))


@pytest.mark.parametrize(("args", "needle"), BAD, ids=[" ".join(a) for a, _ in BAD])
def test_bad_option_is_one_line_exit_2_and_writes_nothing(
        args: list[str], needle: str, places: dict[str, str], tmp_path: Path) -> None:
    before = _snapshot(tmp_path)
    result = CliRunner().invoke(main, _args(args, places))
    lines = result.stderr.strip().splitlines()
    assert result.exit_code == 2, (result.output, result.exception)
    assert not isinstance(result.exception, Exception) or isinstance(
        result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output
    assert len(lines) == 1 and lines[0].startswith("Error: "), result.stderr
    assert needle.replace("{WORK}", places["WORK"]) in lines[0], lines[0]
    assert result.stdout == ""
    assert _snapshot(tmp_path) == before  # no file written, no folder made
    assert os.listdir(places["WORK"]) == []

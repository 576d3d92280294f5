"""Golden files of every command's output: `python tests/golden/regen.py` rewrites them.

Each entry of COMMANDS is (file name, argv). Timings are masked so that the files are stable, and
JSON's raw |Δ|/tol is shown as the text report shows it (float rounding differs by machine);
everything else is the command's output byte for byte (stdout, then the exit status).
"""

from __future__ import annotations

import re
import subprocess
import sys
import tempfile
from pathlib import Path

from derive.math.tolerance import shown_excess

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
CORPUS = "tests/check/corpus"
COMMANDS: list[tuple[str, list[str]]] = [
    ("list.txt", ["list"]),
    ("verify-default.txt", ["verify"]),
    ("verify-k2-json.json", ["verify", "--k", "2", "--format", "json"]),
    ("verify-all-k-junit.xml", ["verify", "--all-k", "--claim", "softmax-jacobian",
                                "--claim", "cross-entropy-gradient", "--junit", "{file}"]),
    ("check-quotient.txt", ["check", f"{CORPUS}/correct_quotient.md"]),
    ("check-planted-sign.json", ["check", f"{CORPUS}/planted_sign_error.md", "--format", "json"]),
    ("check-planted-blog-annotate.md", ["check", f"{CORPUS}/planted_blog_style.md",
                                        "--format", "annotate"]),
    ("doc-jacobian-k3.md", ["doc", "softmax-jacobian", "--k", "3", "--format", "md"]),
    ("doc-backprop-general.tex", ["doc", "softmax-backprop", "--format", "tex"]),
    ("crosscheck-jacobian.txt", ["crosscheck", "--claim", "softmax-jacobian", "--k", "4",
                                 "--points", "20", "--backend", "lambdify",
                                 "--backend", "complex-step", "--backend", "mpmath"]),
]
_TIMES = re.compile(r"\d+\.\d+ s\b|\"seconds\": [0-9.e-]+|time=\"[0-9.]+\"")
_EXCESS = re.compile(r"(\"max_excess\": )([0-9.e+-]+|Infinity|NaN)")


def mask(text: str) -> str:
    """Replace timings (`0.42 s`, JSON seconds, JUnit time) by a fixed token, JSON's |Δ|/tol by
    what the text report shows of it."""
    text = _EXCESS.sub(lambda m: f'{m[1]}"{shown_excess(float(m[2]))}"', text)
    return _TIMES.sub("<time>", text)


def run(argv: list[str], root: Path = ROOT) -> str:
    """The masked output of `python -m derive ARGV` (stdout, a written {file}, the exit status)."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "out"
        argv = [a.replace("{file}", str(out)) for a in argv]
        proc = subprocess.run([sys.executable, "-m", "derive", *argv], cwd=root,
                              capture_output=True, text=True, timeout=600)
        written = f"\n[file]\n{mask(out.read_text())}" if out.exists() else ""
    return mask(proc.stdout) + written + f"\n[exit {proc.returncode}]\n"


def main() -> None:
    root = Path(sys.argv[1]).resolve() if len(sys.argv) > 1 else ROOT
    for name, argv in COMMANDS:
        (HERE / name).write_text(run(argv, root))
        print(f"wrote tests/golden/{name}")


if __name__ == "__main__":
    main()

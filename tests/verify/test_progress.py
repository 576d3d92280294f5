"""A long `derive verify` shows a progress bar on a terminal, and none when redirected."""

from __future__ import annotations

import os
import pty
import select
import subprocess
import sys
import time

ARGS = ["verify", "--k", "1000", "--claim", "softmax-jacobian", "--claim", "log-softmax-gradient"]


def _run_on_pty(args: list[str], env: dict[str, str]) -> tuple[str, str, int]:
    """stdout through a pipe, stderr on a pseudo-terminal: (stdout, terminal text, exit)."""
    master, slave = pty.openpty()
    proc = subprocess.Popen([sys.executable, "-m", "derive", *args], stdout=subprocess.PIPE,
                            stderr=slave, env=env, text=True)
    os.close(slave)
    seen = b""
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        ready, _, _ = select.select([master], [], [], 0.5)
        if ready:
            try:
                chunk = os.read(master, 4096)
            except OSError:
                break
            if not chunk:
                break
            seen += chunk
        elif proc.poll() is not None:
            break
    out = proc.communicate(timeout=60)[0]
    os.close(master)
    return out, seen.decode(errors="replace"), proc.returncode


def test_progress_bar_on_a_terminal_only() -> None:
    env = {k: v for k, v in os.environ.items() if k != "NO_COLOR"}
    out, terminal, code = _run_on_pty(ARGS, env)
    assert code == 0, (out, terminal)
    assert "deciding" in terminal and "2/2" in terminal
    assert "deciding" not in out and "2 of 2 proven" in out
    quiet = subprocess.run([sys.executable, "-m", "derive", *ARGS, "--quiet"],
                           capture_output=True, text=True, timeout=300)
    assert "deciding" not in quiet.stderr


def test_no_colour_when_redirected_or_NO_COLOR() -> None:
    res = subprocess.run([sys.executable, "-m", "derive", "verify", "--k", "2",
                          "--claim", "softmax-jacobian"], capture_output=True, text=True,
                         timeout=120)
    assert "\x1b[" not in res.stdout

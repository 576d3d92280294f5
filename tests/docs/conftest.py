"""Shared helpers: external tools are skipped locally when missing, but required under CI=true."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
OUTPUTS = ROOT / "outputs"


@pytest.fixture
def tool():
    """The `require_tool` function, for tests (works under any pytest import mode)."""
    return require_tool


def require_tool(name: str, hint: str) -> str:
    """Path of executable `name`; skip with a visible reason, or fail when CI=true."""
    exe = shutil.which(name)
    if exe:
        return exe
    message = f"{name} not found ({hint})"
    if os.environ.get("CI") == "true":
        pytest.fail(f"CI=true but {message}")
    pytest.skip(message)
    raise AssertionError("unreachable")

"""Every command's output equals its golden file (timings masked).

After an intended change, regenerate with: python tests/golden/regen.py
"""

from __future__ import annotations

import pytest

from tests.golden.regen import COMMANDS, HERE, run


@pytest.mark.parametrize("name, argv", COMMANDS, ids=[n for n, _ in COMMANDS])
def test_output_matches_golden_file(name: str, argv: list[str]) -> None:
    expected = (HERE / name).read_text()
    assert run(argv) == expected, (
        f"tests/golden/{name} is stale; regenerate with: python tests/golden/regen.py")

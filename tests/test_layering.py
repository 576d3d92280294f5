"""Layers: the core (derive.math) imports no feature; no feature imports the CLI."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PKG = Path(__file__).resolve().parent.parent / "derive"
FEATURES = ("derive.docs", "derive.check", "derive.crosscheck", "derive.verify")


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def _modules(sub: str) -> list[Path]:
    return sorted((PKG / sub).rglob("*.py")) if sub else sorted(PKG.glob("*.py"))


@pytest.mark.parametrize("path", _modules("math"), ids=lambda p: p.name)
def test_the_core_imports_no_feature_and_no_cli(path: Path):
    bad = {m for m in _imports(path) if m.startswith((*FEATURES, "derive.cli"))}
    assert not bad, f"{path.name} imports {bad}"


@pytest.mark.parametrize("path", [p for sub in ("docs", "check", "crosscheck", "verify", "")
                                  for p in _modules(sub) if p.name != "__main__.py"],
                         ids=lambda p: str(p.relative_to(PKG)))
def test_no_feature_imports_the_cli(path: Path):
    assert not {m for m in _imports(path) if m.startswith("derive.cli")}


def test_the_checker_finds_an_import_when_there_is_one(tmp_path: Path):
    probe = tmp_path / "probe.py"
    probe.write_text("from derive.cli import main\nimport derive.docs.render\n")
    assert _imports(probe) == {"derive.cli", "derive.docs.render"}

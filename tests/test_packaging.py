"""The wheel installs on its own and its `derive` runs outside the checkout."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def test_a_built_wheel_installs_and_runs(tmp_path: Path) -> None:
    if importlib.util.find_spec("hatchling") is None:
        if os.environ.get("CI") == "true":
            pytest.fail("CI=true but hatchling is not installed")
        pytest.skip("hatchling not installed (pip install hatchling)")
    subprocess.run([sys.executable, "-m", "pip", "wheel", str(ROOT), "--no-deps",
                    "--no-build-isolation", "-q", "-w", str(tmp_path)], check=True, timeout=300)
    wheel = next(tmp_path.glob("derive_softmax-*.whl"))
    env_dir = tmp_path / "venv"
    venv.create(env_dir, system_site_packages=True, with_pip=True)
    py = env_dir / "bin" / "python"
    subprocess.run([str(py), "-m", "pip", "install", "-q", "--no-deps", "--ignore-installed",
                    str(wheel)], check=True, timeout=300)
    elsewhere = tmp_path / "cwd"
    elsewhere.mkdir()
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    where = subprocess.run([str(py), "-c", "import derive; print(derive.__file__)"], cwd=elsewhere,
                           capture_output=True, text=True, env=env, check=True)
    assert str(env_dir) in where.stdout
    for argv in ([str(env_dir / "bin" / "derive"), "--version"],
                 [str(py), "-m", "derive", "--version"]):
        out = subprocess.run(argv, cwd=elsewhere, capture_output=True, text=True, env=env,
                             timeout=120)
        assert out.returncode == 0 and "0.1.0" in out.stdout, out
    listed = subprocess.run([str(env_dir / "bin" / "derive"), "list"], cwd=elsewhere,
                            capture_output=True, text=True, env=env, timeout=120)
    assert listed.returncode == 0 and "softmax-jacobian" in listed.stdout
    meta = subprocess.run([str(py), "-c", "import importlib.metadata as m; d = m.metadata("
                           "'derive-softmax'); print(d['License-Expression'], len(d.get_all("
                           "'Classifier')))"], cwd=elsewhere, capture_output=True, text=True,
                          env=env)
    expression, classifiers = meta.stdout.split()
    assert expression == "MIT" and int(classifiers) >= 5

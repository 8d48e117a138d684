"""wirecheck as a new user installs it: a wheel of this checkout, ``pip install``-ed (not
editable) into a fresh virtual environment, then ``python -m pytest --impl clock=FILE`` in
an empty folder holding one server file — no test file, no conftest, nothing of the
checkout importable.

One test: the wheel is built once and pip's cache serves the dependencies. CI runs it;
``-m "not install"`` skips it on a developer's machine."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from protocols import get_protocol

ROOT = Path(__file__).resolve().parents[2]
IGNORED = shutil.ignore_patterns(".git", ".venv", "venv", ".tox", "build", "dist", "*.egg-info", "__pycache__", ".hypothesis", ".wirecheck")


def run(command: list[str], cwd: Path, timeout: float = 600) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "PYTEST_", "VIRTUAL_ENV", "WIRECHECK_"))}
    return subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)


def ok(done: subprocess.CompletedProcess) -> subprocess.CompletedProcess:
    assert done.returncode == 0, f"{done.args}\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
    return done


@pytest.mark.slow
@pytest.mark.install
def test_fresh_venv_pip_install_then_pytest_impl_in_an_empty_folder(tmp_path):
    source = tmp_path / "source"
    shutil.copytree(ROOT, source, ignore=IGNORED)  # building in place would leave build/ behind
    ok(run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(tmp_path / "dist"), str(source)], tmp_path))
    (wheel,) = (tmp_path / "dist").glob("wirecheck-*.whl")

    venv = tmp_path / "venv"
    ok(run([sys.executable, "-m", "venv", str(venv)], tmp_path))
    python = str(venv / "bin" / "python")
    ok(run([python, "-m", "pip", "install", "--quiet", str(wheel)], tmp_path))

    user = tmp_path / "user"
    user.mkdir()
    shutil.copy(ROOT / "reference_servers/clock.py", user / "clockserver.py")
    command = [python, "-m", "pytest", "--impl", "clock=clockserver.py", "--wirecheck-profile", "quick", "-p", "no:cacheprovider"]
    correct = run(command, user)
    assert correct.returncode == 0, correct.stdout + correct.stderr
    assert f"{len(get_protocol('clock').requirements)} passed" in correct.stdout and "wirecheck: clock=clockserver.py" in correct.stdout
    assert str(venv) in ok(run([python, "-c", "import wirecheck; print(wirecheck.__file__)"], user)).stdout

    shutil.copy(ROOT / "tests/selftest/servers/clock/buggy_zero_padded_day.py", user / "clockserver.py")
    buggy = run(command, user)
    assert buggy.returncode == 1, buggy.stdout + buggy.stderr
    assert "FAILED wirecheck/clock::CLOCK-1" in buggy.stdout and f"1 failed, {len(get_protocol('clock').requirements) - 1} passed" in buggy.stdout

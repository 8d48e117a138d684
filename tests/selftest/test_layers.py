"""The layers of docs/layout.md hold: import-linter checks the contracts in pyproject.toml
(faces over grading over checks over drive over harness over render over core, pure
``protocols/`` and ``render``, stdlib-only reference servers, no circle in any package)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def test_every_import_contract_is_kept(capsys):
    from importlinter.cli import lint_imports

    cwd = os.getcwd()
    os.chdir(ROOT)
    try:
        status = lint_imports(config_filename=str(ROOT / "pyproject.toml"), no_cache=True)
    finally:
        os.chdir(cwd)
    report = capsys.readouterr().out
    assert status == 0, report
    assert "BROKEN" not in report and report.count("KEPT") >= 7, report


def test_the_top_level_holds_only_the_faces_and_packages():
    top = ROOT / "wirecheck"
    modules = sorted(p.stem for p in top.glob("*.py"))
    packages = sorted(p.name for p in top.iterdir() if (p / "__init__.py").exists())
    assert modules == ["__init__", "__main__", "baseline", "cli", "pytest_plugin"]
    assert packages == ["checks", "core", "drive", "grading", "harness", "render"]


@pytest.mark.parametrize("package", ["checks", "core", "drive", "grading", "harness", "render"])
def test_the_layout_map_names_every_package(package):
    assert f"`wirecheck/{package}/`" in (ROOT / "docs" / "layout.md").read_text(encoding="utf-8")

"""The harness stays reusable alone: nothing in it imports the checks, grading, the client
machinery or Hypothesis (see ``wirecheck/harness/__init__.py``)."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import wirecheck.harness

HARNESS = Path(wirecheck.harness.__file__).parent
FORBIDDEN = ("wirecheck.checks", "wirecheck.grading", "wirecheck.drive", "hypothesis")


def _imported_modules(path: Path) -> set[str]:
    """Every module a harness file imports, relative imports resolved against wirecheck.harness."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = ["wirecheck", "harness"][: 2 - (node.level - 1)]
                module = ".".join(base + ([node.module] if node.module else []))
                names.add(module)
                names.update(f"{module}.{alias.name}" for alias in node.names)
            else:
                names.add(node.module or "")
    return names


def _forbidden(module: str) -> bool:
    return any(module == rule or module.startswith(rule + ".") for rule in FORBIDDEN)


def test_no_harness_file_imports_checks_grading_drive_or_hypothesis():
    offenders = {
        path.name: sorted(name for name in _imported_modules(path) if _forbidden(name))
        for path in sorted(HARNESS.glob("*.py"))
    }
    assert {name: found for name, found in offenders.items() if found} == {}


def test_importing_the_whole_harness_loads_none_of_them():
    """Transitively too: a module the harness imports must not bring them in."""
    modules = ", ".join(f"wirecheck.harness.{p.stem}" for p in sorted(HARNESS.glob("*.py")) if p.stem != "__init__")
    probe = (
        f"import sys, importlib\n"
        f"for name in '{modules}'.split(', '): importlib.import_module(name)\n"
        f"print('\\n'.join(sorted(m for m in sys.modules)))\n"
    )
    loaded = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout.split()
    assert sorted(m for m in loaded if _forbidden(m)) == []

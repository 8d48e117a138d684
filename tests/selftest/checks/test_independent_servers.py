"""Servers written from the standard and the course text alone, by someone who had not read the
checks nor the fixture servers: each buggy one fails exactly the requirements its manifest
names (by the standard), each correct one passes them all.

They live under ``independent/<protocol>/`` with a ``manifest.py`` like the fixtures', plus an
optional ``DISAGREES = {file: {ID: why}}``: a place where wirecheck's current verdict differs
from the standard's. Those cases are expected to fail (``xfail``, not strict) until wirecheck is
fixed, so a fix shows up as XPASS and the entry can be removed.

By default only a sample runs, to keep CI short: the first correct server of each protocol,
with the ``quick`` profile. ``WIRECHECK_INDEPENDENT=all`` runs every server with the ``default``
profile (the quick one misses some of the buggy servers' failures); ``WIRECHECK_INDEPENDENT_PROFILE``
overrides the profile, and ``WIRECHECK_SELFTEST_RUNS`` and ``WIRECHECK_SELFTEST_SEED`` work as for
the fixture servers."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import pytest

from protocols import get_protocol
from wirecheck.checks import checks_for
from wirecheck.drive.parallel import check_many
from wirecheck.drive.profiles import get_profile
from wirecheck.drive.runner import RunOptions
from wirecheck.harness.target import resolve_target
from wirecheck.render.report import to_text

from ..fixture_servers import load_manifest

INDEPENDENT = Path(__file__).parents[1] / "independent"
RUNS = int(os.environ.get("WIRECHECK_SELFTEST_RUNS", "1"))
WORKERS = int(os.environ.get("WIRECHECK_SELFTEST_WORKERS", "2"))
BASE_SEED = int(os.environ.get("WIRECHECK_SELFTEST_SEED", "20261124"))
ALL = os.environ.get("WIRECHECK_INDEPENDENT", "") == "all"
PROFILE = os.environ.get("WIRECHECK_INDEPENDENT_PROFILE", "default" if ALL else "quick")


@dataclass(frozen=True)
class IndependentServer:
    protocol: str
    path: Path
    must_fail: frozenset[str]
    disagrees: dict  # {ID: why}: where wirecheck's verdict is known to differ from the standard
    sample: bool  # run even when not all servers are

    @property
    def id(self) -> str:
        return f"{self.protocol}/{self.path.name}"


def independent_servers() -> list[IndependentServer]:
    found = []
    for folder in sorted(p for p in INDEPENDENT.iterdir() if (p / "manifest.py").is_file()):
        manifest = load_manifest(folder, "independent")
        protocol = folder.name.replace("_", "-")
        disagrees = getattr(manifest, "DISAGREES", {})
        buggy = sorted(getattr(manifest, "BUGGY", {}).items())
        correct = list(getattr(manifest, "CORRECT", []))
        for name, ids in buggy:
            found.append(IndependentServer(protocol, folder / name, frozenset(ids), disagrees.get(name, {}), False))
        for index, name in enumerate(correct):
            found.append(IndependentServer(protocol, folder / name, frozenset(), disagrees.get(name, {}), index == 0))
    return found


def _param(server, run):
    marks = []
    if server.disagrees:
        why = "; ".join(f"{rid}: {text}" for rid, text in sorted(server.disagrees.items()))
        marks.append(pytest.mark.xfail(reason=f"wirecheck differs from the standard — {why}", strict=False))
    ident = f"{server.id}#{run}" if RUNS > 1 else server.id
    return pytest.param(server, BASE_SEED + run, id=ident, marks=marks)


SERVERS = independent_servers()
CASES = [
    _param(server, run)
    for server in SERVERS
    if (ALL or server.sample) and checks_for(server.protocol)
    for run in range(RUNS)
]


def test_every_manifest_names_real_files_and_ids():
    for server in SERVERS:
        assert server.path.is_file(), f"{server.id}: no such file"
        known = {r.id for r in get_protocol(server.protocol).requirements}
        assert server.must_fail <= known, f"{server.id}: unknown IDs {sorted(server.must_fail - known)}"
        assert set(server.disagrees) <= known, f"{server.id}: unknown IDs in DISAGREES"
        first_line = server.path.read_text().lstrip().splitlines()[0]
        assert first_line.startswith('"""') and first_line.endswith('"""'), f"{server.id}: no one-line docstring"


@pytest.mark.slow
@pytest.mark.parametrize(("server", "seed"), CASES)
def test_independent_server(server, seed):
    protocol = get_protocol(server.protocol)
    options = RunOptions(profile=get_profile(PROFILE), seed=seed)
    [result] = check_many([(server.protocol, resolve_target(server.path))], options, workers=WORKERS, catalogue=checks_for)
    failing = {r.id for r in result.requirements if r.verdict not in ("pass",)}
    assert failing == set(server.must_fail), (
        f"{server.id} should fail exactly {sorted(server.must_fail) or 'nothing'} by the standard, "
        f"wirecheck says {sorted(failing) or 'nothing'}\n\n" + to_text(result, protocol)
    )

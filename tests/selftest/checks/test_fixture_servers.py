"""Every buggy server fails exactly the requirements its bug breaks, and every correct
server — written in several styles — passes them all. This is what proves that each
check can fail, and that it does not fail correct code.

``WIRECHECK_SELFTEST_RUNS=10`` runs each server that many times, with different seeds."""

from __future__ import annotations

import os

import pytest

from protocols import get_protocol
from wirecheck.checks import checks_for
from wirecheck.drive.profiles import get_profile
from wirecheck.render.report import to_text
from wirecheck.drive.parallel import check_many
from wirecheck.drive.runner import TOO_SLOW_TO_CHECK, RunOptions
from wirecheck.harness.target import resolve_target
from wirecheck.core.results import NOT_HOLDING

from ..fixture_servers import fixture_servers

RUNS = int(os.environ.get("WIRECHECK_SELFTEST_RUNS", "1"))
WORKERS = int(os.environ.get("WIRECHECK_SELFTEST_WORKERS", "2"))
BASE_SEED = int(os.environ.get("WIRECHECK_SELFTEST_SEED", "20261124"))

CASES = [
    pytest.param(server, BASE_SEED + run, id=f"{server.id}#{run}" if RUNS > 1 else server.id)
    for server in fixture_servers()
    if checks_for(server.protocol)
    for run in range(RUNS)
]


def _too_slow_ok(server, item) -> bool:
    """A correct server's requirement that the check could not finish in its time, ungraded
    (never charged to the student), where the manifest allows it for that slow server."""
    return (
        item.id in server.too_slow_ok and item.verdict == "error" and item.fault == "wirecheck"
        and item.detail.startswith(TOO_SLOW_TO_CHECK)
    )


@pytest.mark.slow
@pytest.mark.parametrize(("server", "seed"), CASES)
def test_fixture_server(server, seed):
    protocol = get_protocol(server.protocol)
    options = RunOptions(profile=get_profile("default"), seed=seed)
    # Requirements side by side, as `wirecheck check` runs them: most of the time is waiting.
    [result] = check_many([(server.protocol, resolve_target(server.path))], options, workers=WORKERS, catalogue=checks_for)
    # A manifest lists the IDs that must not hold: failed, not shown (V-WITNESS) or errored.
    failing = {r.id for r in result.requirements if r.verdict in NOT_HOLDING and not _too_slow_ok(server, r)}
    not_shown = {r.id for r in result.requirements if r.verdict == "not shown"}
    skipped = {r.id for r in result.requirements if r.verdict == "skip"}
    assert not skipped, f"requirements without a check: {sorted(skipped)}"
    assert failing == set(server.must_fail), (
        f"{server.id} should fail exactly {sorted(server.must_fail) or 'nothing'}, "
        f"failed {sorted(failing) or 'nothing'}\n\n" + to_text(result, protocol)
    )
    # Where a manifest says which of them must be "not shown" (NOT_SHOWN), those are (others
    # may be, or fail: which one depends on the steps drawn).
    if server.not_shown is not None:
        assert set(server.not_shown) <= not_shown, (
            f"{server.id}: {sorted(server.not_shown)} should be not shown, "
            f"not shown: {sorted(not_shown) or 'nothing'}\n\n" + to_text(result, protocol)
        )

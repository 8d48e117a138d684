"""V-BOUNDED: a server that never gives an answer the protocol can read is judged at once —
each requirement fails with what it already showed, or is ``not shown`` — instead of
waiting out every example's windows and every shrink. (bench/hopeless.py measures the
bounds on every protocol; this keeps two real cases fast in CI.)"""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from wirecheck.checks import checks_for
from wirecheck.drive.parallel import check_many
from wirecheck.drive.profiles import get_profile
from wirecheck.drive.runner import RunOptions
from wirecheck.harness.target import resolve_target

pytestmark = pytest.mark.slow  # each checks a whole protocol against a hopeless server

HOPELESS = Path(__file__).parents[1] / "servers" / "hopeless"
# Well inside the standard's 60 s a requirement: without the early stop these took minutes.
QUICKLY = 40.0


@pytest.mark.parametrize(
    ("protocol", "server"),
    [("guess", "guess_troppo_alto.py"), ("guess", "guess_italian.py"), ("clock", "silent.py")],
)
def test_a_server_without_a_readable_answer_is_judged_at_once(protocol, server):
    options = RunOptions(profile=get_profile("default"), seed=20261201)
    began = time.monotonic()
    [result] = check_many([(protocol, resolve_target(HOPELESS / server))], options, workers=2, catalogue=checks_for)
    took = time.monotonic() - began
    verdicts = {r.id: r.verdict for r in result.requirements}
    assert "pass" not in verdicts.values(), verdicts
    assert "not shown" in verdicts.values(), verdicts
    assert took < QUICKLY, f"{took:.1f} s"
    told = [r.detail for r in result.requirements if r.verdict == "not shown"]
    assert all("never gave an answer the standard can read" in d for d in told), told

"""A scheduler that runs no server: each "server file" says in a comment which verdicts its
check gets, so that whole gradings (discovery, policies, every output) run in milliseconds.

    # wirecheck-test: CLOCK-1=fail CLOCK-3=not_shown CLOCK-5=wirecheck
    # wirecheck-test: nostart       (every requirement: the server did not start)
    # wirecheck-test: hang          (the check never ends: the scheduler ticks until stopped)

A failure carries a counterexample and a recorded replay, so that it has a diagram."""

from __future__ import annotations

import re
from pathlib import Path

from protocols import get_protocol
from wirecheck.core.results import CheckResult, RequirementResult
from wirecheck.grading.scheduler import Job, JobReport

from .test_grading import COUNTEREXAMPLE, REPLAY

MARK = re.compile(r"#\s*wirecheck-test:(.*)")
NOT_STARTED = "server did not start: Python cannot read this file at line 4 of clockserver.py (SyntaxError: invalid syntax)"
TRACEBACK = 'Traceback (most recent call last):\n  File "/srv/subs/x/clockserver.py", line 4\n    def main(:\n             ^\nSyntaxError: invalid syntax\n'


def server(verdicts: str = "") -> str:
    """A server file's text whose fake check gets ``verdicts``."""
    return f"# wirecheck-test: {verdicts}\nimport socket\n"


def fake_result(job: Job, seed: int) -> CheckResult:
    text = Path(job.target).read_text(encoding="utf-8")
    spec = " ".join(m.group(1) for m in MARK.finditer(text)).split()
    protocol = get_protocol(job.protocol)
    result = CheckResult(protocol.name, job.display, seed)
    if "nostart" in spec:
        for req in protocol.requirements:
            result.requirements.append(RequirementResult(req.id, req.level, "error", NOT_STARTED, None, TRACEBACK))
        return result
    wanted = dict(item.split("=", 1) for item in spec if "=" in item)
    for req in protocol.requirements:
        verdict = wanted.get(req.id, "pass")
        if verdict == "fail":
            item = RequirementResult(req.id, req.level, "fail", "not ctime's format", COUNTEREXAMPLE, "read b'What'\n", replay=REPLAY)
        elif verdict == "not_shown":
            item = RequirementResult(req.id, req.level, "not shown", "your server never answered")
        elif verdict == "wirecheck":
            item = RequirementResult(req.id, req.level, "error", "ZeroDivisionError: injected fault", fault="wirecheck")
        else:
            item = RequirementResult(req.id, req.level, "pass")
        result.requirements.append(item)
    return result


class FakeScheduler:
    """Stands in for ``Scheduler``: the same calls, the verdicts the files ask for."""

    ran: list[Job] = []

    def __init__(self, settings, jobs: int, extra: bool = True) -> None:
        self.settings = settings

    def run(self, jobs, on_done, on_tick=None) -> None:
        for job in jobs:
            text = Path(job.target).read_text(encoding="utf-8")
            while "hang" in " ".join(m.group(1) for m in MARK.finditer(text)).split():
                assert on_tick is not None, "a check that never ends needs a tick to stop it"
                on_tick()  # raises when the grader's time is up
            FakeScheduler.ran.append(job)
            on_done(JobReport(job, fake_result(job, self.settings.seed), 0.5))
            if on_tick is not None:
                on_tick()

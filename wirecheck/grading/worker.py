"""One student × protocol check, in a process of its own (forked by ``worker_process``, or
``python -m wirecheck.grading.worker SPEC.json``): a submission that crashes, hangs or forks
without end takes down this process at worst, never the grader.

SPEC.json holds: protocol, target, display, seed, profile, examples, env, time_limit, workers,
out. The requirements are checked ``workers`` at a time, each in a process forked from this one
(wirecheck.drive.parallel, as ``wirecheck check`` does): a check mostly waits, so a class is graded
in a fraction of the time it takes one requirement after the other. Each requirement's result
is appended to ``out`` as one JSON line the moment it is known, so the grader keeps every
verdict reached even when it has to stop this process; a last line ``{"done": ...}`` says the
check ended by itself."""

from __future__ import annotations

import dataclasses
import json
import os
import resource
import sys
from pathlib import Path

from protocols import get_protocol

from ..checks import checks_for
from ..drive.profiles import get_profile
from ..core.results import RequirementResult
from ..drive import hypothesis_glue
from ..drive.parallel import check_many
from ..drive.runner import RunOptions, check_protocol
from ..harness import ending
from ..harness.target import Target

OUTPUT_KEPT = 32 * 1024  # characters of a server's output kept per requirement


def run_options(spec: dict) -> RunOptions:
    profile = get_profile(spec["profile"])
    if spec.get("examples"):
        profile = dataclasses.replace(profile, examples=int(spec["examples"]))
    # No example database: nothing one student's check found is replayed for another.
    return RunOptions(
        profile=profile,
        seed=int(spec["seed"]),
        env=spec.get("env") or None,
        database_root=None,
        time_limit=float(spec["time_limit"]) if spec.get("time_limit") else None,
        python=spec.get("python") or None,
    )


def result_line(item: RequirementResult, env: dict[str, str]) -> dict:
    replay = item.replay
    if replay is not None and env:
        replay = {**replay, "env": env}
    return {
        "requirement": item.to_dict(),
        "seconds": round(item.seconds, 3),
        "server_output": item.server_output[-OUTPUT_KEPT:],
        "replay": replay,
    }


def warm_hypothesis(home: str | None) -> None:
    """Hypothesis's caches (its Unicode table: about 0.35 CPU-seconds in every process that
    draws text), built (or read from ``home``, where the first worker of a grading saved
    them) here, once, before the requirement workers are forked from this process: they
    are theirs for free."""
    hypothesis_glue.warm(home)


def main(argv: list[str]) -> int:
    spec = json.loads(Path(argv[1]).read_text(encoding="utf-8"))
    # The grader stops a worker with SIGINT or SIGTERM (SIGHUP too): each unwinds the check,
    # so its servers are stopped on the way out; so does the grader's death, even by SIGKILL.
    ending.end_on_signals()
    ending.watch_parent()
    protocol = get_protocol(spec["protocol"])
    checks = checks_for(protocol.name)
    target = Target(path=Path(spec["target"]), display=spec["display"])
    options = run_options(spec)
    warm_hypothesis(spec.get("hypothesis_home"))
    base_env = dict(spec.get("env") or {})
    with open(spec["out"], "a", encoding="utf-8") as out:

        def on_result(item: RequirementResult) -> None:
            check = checks.get(item.id)
            env = {**base_env, **((check.env or {}) if check is not None else {})}
            out.write(json.dumps(result_line(item, env)) + "\n")
            out.flush()

        workers = int(spec.get("workers") or 1)
        if workers > 1:
            (result,) = check_many([(protocol.name, target)], options, workers, checks_for, on_result=lambda _name, item: on_result(item))
        else:
            result = check_protocol(protocol, checks, target, options, on_result=on_result)
        out.write(json.dumps({"done": {"seconds": round(result.seconds, 3), "address": result.address}}) + "\n")
        out.flush()
    _note_cpu(spec, result.seconds)
    return 0


CPU_LOG = "WIRECHECK_CPU_LOG"  # a folder (bench/grade_class.py): each check's CPU is noted there


def _note_cpu(spec: dict, seconds: float) -> None:
    """For bench/: the CPU this check cost — this process, its requirement workers and
    every server they started (all reaped by now)."""
    if not os.environ.get(CPU_LOG):
        return
    folder = Path(os.environ[CPU_LOG])
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime
    line = {"protocol": spec["protocol"], "target": spec["display"], "cpu": round(cpu, 3), "seconds": round(seconds, 3)}
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / f"cpu-{os.getpid()}.jsonl", "a", encoding="utf-8") as handle:
        handle.write(json.dumps(line) + "\n")


def run(argv: list[str]) -> int:
    """``main`` as a process runs it: its exit status, or 128 + the signal that ended it. Its
    requirement workers were told to end on the way out; whatever of them, or of a server
    whose start was cut short, is still below this process ends then. A forked worker runs
    no exit handlers, so the launcher's own (stop every server) is called here too."""
    from ..harness.launcher import kill_all_running

    try:
        return main(argv)
    except KeyboardInterrupt as stopped:
        ending.end_everything_started()
        return ending.exit_status(stopped)
    finally:
        kill_all_running()


if __name__ == "__main__":
    sys.exit(run(sys.argv))

"""What C-STOP's check (CLOCK-8, UDP-3, UNIX-2, UNIXD-2, WEB-7, SWAP-10, GUESS-9, WGUESS-7)
costs and how steady its verdicts are: every fixture server of a protocol that has the
check — the buggy ones whose manifest names the ID must fail it, every other must not
fail it — and each reference server, checked on that ID alone, RUNS times.

    python bench/stop_cost.py --runs 5
    python bench/stop_cost.py --runs 20 --only buggy --load 2

The check has no random part (the seed changes nothing it plays); the runs show it gives
the same verdict whatever the load (a buggy fixture that never answers is `not shown`). ``--load N`` adds N busy processes at the lowest
priority while it runs. The seconds are the requirement's own, as a protocol's check adds
them: a fresh server's start, one answer, the clients' acceptance, ctrl-C and the wait for
the tree (up to 3 s, then the kill). Run by hand; the figures go in bench/README.md."""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from protocols import get_protocol  # noqa: E402
from tests.selftest.fixture_servers import fixture_servers  # noqa: E402
from wirecheck.checks import checks_for  # noqa: E402
from wirecheck.checks.stop import PLANS  # noqa: E402
from wirecheck.drive.profiles import get_profile  # noqa: E402
from wirecheck.drive.runner import RunOptions, run_requirement  # noqa: E402
from wirecheck.harness import zygote  # noqa: E402
from wirecheck.harness.target import resolve_target  # noqa: E402


def servers(only: str) -> list[tuple[str, str, str]]:
    """(protocol, target, the verdicts wanted: "pass", or "fail or not shown" where the
    manifest says the ID does not hold)."""
    found = []
    for server in fixture_servers():
        if server.protocol not in PLANS:
            continue
        failing = PLANS[server.protocol].requirement in server.must_fail
        if only == "buggy" and not failing:
            continue
        found.append((server.protocol, str(server.path), "fail or not shown" if failing else "pass"))
    if only != "buggy":
        found += [(p, f"reference_servers.{get_protocol(p).reference}", "pass") for p in PLANS]
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--only", choices=["all", "buggy"], default="all")
    parser.add_argument("--load", type=int, default=0, help="busy processes at the lowest priority meanwhile")
    args = parser.parse_args()
    busy = [
        subprocess.Popen([sys.executable, "-c", "while True: pass"], preexec_fn=lambda: os.nice(19)) for _ in range(args.load)
    ]
    wrong = 0
    try:
        print(f"load average at start: {os.getloadavg()[0]:.1f}")
        print("| protocol | server | wanted | as wanted | verdicts | median s | max s |")
        print("|---|---|---|---:|---|---:|---:|")
        for protocol, target, wanted in servers(args.only):
            req = PLANS[protocol].requirement
            verdicts, seconds = [], []
            for run in range(args.runs):
                with zygote.zygotes():
                    result = run_requirement(
                        get_protocol(protocol), checks_for(protocol)[req], resolve_target(target),
                        RunOptions(profile=get_profile("default"), seed=run),
                    )
                verdicts.append(result.verdict)
                seconds.append(result.seconds)
            good = sum(v in wanted.split(" or ") for v in verdicts)
            wrong += len(verdicts) - good
            print(
                f"| {protocol} {req} | {Path(target).name if '/' in target else target} | {wanted} | {good}/{len(verdicts)} "
                f"| {', '.join(sorted(set(verdicts)))} | {statistics.median(seconds):.2f} | {max(seconds):.2f} |",
                flush=True,
            )
        print(f"load average at end: {os.getloadavg()[0]:.1f}")
    finally:
        for process in busy:
            process.kill()
            process.wait()
    return 1 if wrong else 0


if __name__ == "__main__":
    sys.exit(main())

"""Bounded verdicts (V-BOUNDED): `wirecheck check PROTOCOL SERVER` on servers that never give
a protocol answer — silent, flooding, spinning, answering in other words — must give every
requirement's verdict within 60 s and the whole protocol's within 3 minutes; and the buggy and
correct fixture servers must keep their verdicts (none correct failed) and their speed (median
buggy verdict at most 10 s).

    python bench/hopeless.py                   # hopeless servers on every protocol, then the fixtures
    python bench/hopeless.py --no-fixtures     # the hopeless servers only
    python bench/hopeless.py --only guess      # one protocol

Each run is `wirecheck check`'s own machinery (its requirements side by side, as the command
runs them), timed from the start of the check to its last verdict; a requirement's time is the
one its runner measured.
It costs CPU: run it by hand, on an otherwise quiet machine if the figures are to mean much."""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.selftest.fixture_servers import fixture_servers  # noqa: E402

HOPELESS = ROOT / "tests" / "selftest" / "servers" / "hopeless"
STREAM = ["clock", "clock-fork", "hello-web", "swap", "guess", "guess-web"]
CASES = [(p, HOPELESS / name) for p in STREAM for name in ("silent.py", "flood.py", "spin.py")]
CASES += [("clock-udp", HOPELESS / "silent_udp.py")]
CASES += [("guess", HOPELESS / n) for n in ("guess_too_large_spin.py", "guess_italian.py", "guess_troppo_alto.py")]
PROTOCOL_BOUND = 180.0
REQUIREMENT_BOUND = 60.0


def tally(verdicts: dict) -> str:
    counts: dict[str, int] = {}
    for verdict in verdicts.values():
        counts[verdict] = counts.get(verdict, 0) + 1
    return ", ".join(f"{n} {v}" for v, n in sorted(counts.items()))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", help="one protocol")
    parser.add_argument("--seed", type=int, default=1000)
    parser.add_argument("--no-fixtures", action="store_true")
    args = parser.parse_args()
    print(f"load average at start: {os.getloadavg()[0]:.1f}")
    print("| protocol | server | verdicts | protocol s | slowest requirement s | within bounds |")
    print("|---|---|---|---:|---:|---|")
    worst = 0.0
    for protocol, server in CASES:
        if args.only and protocol != args.only:
            continue
        result = run_in_process(protocol, server, args.seed)
        ok = result["seconds"] <= PROTOCOL_BOUND and result["slowest"] <= REQUIREMENT_BOUND
        worst = max(worst, result["seconds"])
        print(
            f"| {protocol} | {server.name} | {tally(result['verdicts'])} | {result['seconds']:.1f} | "
            f"{result['slowest']:.1f} | {'yes' if ok else '**no**'} |",
            flush=True,
        )
    if args.no_fixtures:
        return 0
    print()
    print("| fixture | expected | got | seconds |")
    print("|---|---|---|---:|")
    buggy_times, wrong = [], 0
    for fixture in fixture_servers():
        if args.only and fixture.protocol != args.only:
            continue
        result = run_in_process(fixture.protocol, fixture.path, args.seed)
        failing = {i for i, v in result["verdicts"].items() if v in ("fail", "error", "not shown")}
        right = failing == set(fixture.must_fail)
        wrong += not right
        if fixture.must_fail:
            buggy_times.append(result["seconds"])
        print(
            f"| {fixture.id} | {', '.join(sorted(fixture.must_fail)) or 'pass'} | "
            f"{', '.join(sorted(failing)) or 'pass'}{'' if right else ' **differs**'} | {result['seconds']:.1f} |",
            flush=True,
        )
    if buggy_times:
        print(f"\nmedian buggy-fixture verdict: {statistics.median(buggy_times):.1f} s over {len(buggy_times)}; "
              f"fixtures whose verdicts differ from their manifest: {wrong}")
    print(f"load average at end: {os.getloadavg()[0]:.1f}")
    return 0


def run_in_process(protocol: str, server: Path, seed: int) -> dict:
    """`wirecheck check`'s own machinery, as the command runs it (requirements side by side),
    with each requirement's time as its runner measured it."""
    from wirecheck.drive.parallel import check_many, default_workers
    from wirecheck.drive.profiles import get_profile
    from wirecheck.drive.runner import RunOptions
    from wirecheck.harness.target import resolve_target

    with tempfile.TemporaryDirectory(prefix="wirecheck-bench-") as folder:
        options = RunOptions(profile=get_profile("default"), seed=seed, database_root=Path(folder))
        began = time.monotonic()
        [result] = check_many([(protocol, resolve_target(server))], options, workers=default_workers(), catalogue=checks_for)
        seconds = time.monotonic() - began
    return {
        "seconds": seconds,
        "verdicts": {r.id: r.verdict for r in result.requirements},
        "slowest": max((r.seconds for r in result.requirements), default=0.0),
    }


if __name__ == "__main__":
    from wirecheck.harness.ending import run_to_the_end

    # SIGTERM, SIGHUP and ctrl-C end the servers this started and remove its folders.
    sys.exit(run_to_the_end(main))

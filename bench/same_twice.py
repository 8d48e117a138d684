"""V-SAME, measured: a class of deterministic servers graded again and again with one seed
gets a byte-identical gradebook.csv and the same verdicts in results.json every time.

    python bench/same_twice.py --protocols guess,guess-web --runs 10 --profile quick

The class is made of the selftest fixture servers of each protocol (correct and buggy, one
student per server); servers whose bug is a race (``unlocked`` in their name) are left out,
since their verdicts may rightly differ (V-SAME's "unless its own behaviour varies"). Each
grading goes to a folder of its own; every gradebook (bytes) and every verdict (with its
fault) is compared with the first grading's; details that differ are counted. Run by hand; the figures go in bench/README.md."""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SERVERS = ROOT / "tests" / "selftest" / "servers"
sys.path.insert(0, str(ROOT))

from protocols import get_protocol  # noqa: E402


def build_class(root: Path, protocols: list[str]) -> Path:
    subs = root / "submissions"
    for protocol in protocols:
        folder = SERVERS / protocol.replace("-", "_")
        for server in sorted(folder.glob("*.py")):
            if server.name == "manifest.py" or "unlocked" in server.name:
                continue
            student = subs / f"{protocol}-{server.stem}"
            student.mkdir(parents=True, exist_ok=True)
            shutil.copy(server, student / get_protocol(protocol).filename)
    return subs


def verdicts(results: dict) -> dict:
    """Every student × protocol × requirement: its verdict, fault and detail."""
    found = {}
    for student, record in results["students"].items():
        for protocol, value in record["protocols"].items():
            for item in (value.get("check") or {}).get("requirements", []):
                found[(student, protocol, item["id"])] = (item["verdict"], item.get("fault"), item["detail"])
    return found


def _verdict(value):
    return None if value is None else value[:2]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--protocols", default="guess,guess-web")
    parser.add_argument(
        "--selftest-class", action="store_true",
        help="grade the class of tests/selftest/grading/test_grading_class.py (clock and clock-udp) instead",
    )
    parser.add_argument("--runs", type=int, default=10, help="gradings (each compared with the first)")
    parser.add_argument("--profile", default="quick")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--seed", type=int, default=20261201)
    args = parser.parse_args()
    protocols = [p.strip() for p in args.protocols.split(",")]
    work = Path(tempfile.mkdtemp(prefix="wirecheck-same-"))
    try:
        if args.selftest_class:
            from tests.selftest.grading.test_grading_class import build_class as selftest_class

            subs, protocols = selftest_class(work), ["clock", "clock-udp"]
        else:
            subs = build_class(work, protocols)
        print(f"{len(list(subs.iterdir()))} students × {', '.join(protocols)}, seed {args.seed}, profile {args.profile}")
        first_book = first_verdicts = None
        differing = 0
        for run in range(1, args.runs + 1):
            out = work / f"out{run}"
            began = time.monotonic()
            done = subprocess.run(
                [sys.executable, "-m", "wirecheck", "grade", str(subs), "--out", str(out), "--seed", str(args.seed),
                 "--profile", args.profile, "--jobs", str(args.jobs), "--protocols", ",".join(protocols)],
                cwd=ROOT, capture_output=True, text=True,
            )
            seconds = time.monotonic() - began
            if done.returncode != 0:
                print(done.stdout + done.stderr)
                return 2
            book = (out / "gradebook.csv").read_bytes()
            found = verdicts(json.loads((out / "results.json").read_text()))
            internal = sorted(k for k, v in found.items() if "internal error" in v[2] or v[1] == "wirecheck")
            if first_book is None:
                first_book, first_verdicts = book, found
                print(f"run {run}: {seconds:.0f} s, {len(found)} verdicts, internal errors: {internal or 'none'}")
                continue
            # The same verdicts (and faults); a detail may differ where a server's own secret is
            # random (buggy_ignores_secret), so details are counted apart.
            changed = sorted(k for k in found.keys() | first_verdicts.keys() if _verdict(found.get(k)) != _verdict(first_verdicts.get(k)))
            details = sum(1 for k in found if found[k] != first_verdicts.get(k))
            same_book = book == first_book
            differing += bool(changed) or not same_book
            print(
                f"run {run}: {seconds:.0f} s, gradebook {'byte-identical' if same_book else 'DIFFERS'}, "
                f"verdicts {'the same' if not changed else 'DIFFER: ' + repr(changed[:5])} ({details} details differ), "
                f"internal errors: {internal or 'none'}"
            )
            for key in changed[:5]:
                print(f"   {key}: {first_verdicts.get(key)} → {found.get(key)}")
        print(f"{args.runs - 1 - differing} of {args.runs - 1} gradings the same as the first")
        return 1 if differing else 0
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    from wirecheck.harness.ending import run_to_the_end

    # SIGTERM, SIGHUP and ctrl-C end the servers this started and remove its folders.
    sys.exit(run_to_the_end(main))

"""The figures of ``wirecheck.drive.durations.TYPICAL_SECONDS``, measured afresh: `wirecheck
check --all` on the reference servers, with the timers on (``WIRECHECK_BENCH``), on N seeds;
for each requirement the median of its seconds, printed as the table's Python text. Those
figures only order the work of `check --all` (the longest first); run this on a quiet machine
when checks have changed.

    python bench/typical_seconds.py --runs 3
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def measure(seed: int) -> dict[str, float]:
    """One `check --all` run's seconds per requirement."""
    with tempfile.TemporaryDirectory(prefix="wirecheck-typical-") as work:
        env = {**os.environ, "WIRECHECK_BENCH": work}
        subprocess.run([sys.executable, "-m", "wirecheck", "check", "--all", "--seed", str(seed)],
                       cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
        seconds: dict[str, float] = {}
        for path in Path(work).glob("timings-*.jsonl"):
            for line in path.read_text().splitlines():
                row = json.loads(line)
                if row.get("requirement"):
                    seconds[row["requirement"]] = row["seconds"]
        return seconds


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--seed", type=int, default=7, help="the first seed (then SEED+1, ...)")
    args = parser.parse_args(argv)
    runs = [measure(args.seed + i) for i in range(args.runs)]
    ids = sorted({rid for run in runs for rid in run}, key=lambda r: (r.split("-")[0], int(r.split("-")[1])))
    print("TYPICAL_SECONDS: dict[str, float] = {")
    for rid in ids:
        values = [run[rid] for run in runs if rid in run]
        print(f'    "{rid}": {statistics.median(values):.1f},')
    print("}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

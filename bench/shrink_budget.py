"""Is the default shrinking budget enough? Each buggy server of bench/time_to_verdict.py is
checked with several shrinking budgets on the same seeds, and the counterexamples compared:
how many steps each reported, and how long each verdict took.

    python bench/shrink_budget.py                    # budgets 3 and 8 s, seeds 1 and 2
    python bench/shrink_budget.py swap --budgets 2,3,8 --seeds 5

A budget is enough when the longer ones find nothing shorter on the same seeds. Only the
requirements that fail are checked (one worker, no example database), so the figures are
the cost of shrinking itself."""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.time_to_verdict import BUGGY  # noqa: E402
from protocols import get_protocol  # noqa: E402
from wirecheck.checks import checks_for  # noqa: E402
from wirecheck.drive.profiles import get_profile  # noqa: E402
from wirecheck.drive.runner import RunOptions, check_protocol  # noqa: E402
from wirecheck.harness.target import resolve_target  # noqa: E402


def steps(counterexample: str | None) -> int:
    """The client steps of a counterexample ("step · step · expected: … · got: … — ID")."""
    if not counterexample:
        return 0
    parts = counterexample.rsplit(" — ", 1)[0].split(" · ")
    return sum(1 for part in parts if not part.startswith(("expected: ", "got: ")))


def run(protocol: str, target, budget: int, seed: int, only: set[str] | None) -> dict[str, tuple[str, int, float]]:
    options = RunOptions(profile=replace(get_profile("default"), shrink_seconds=budget), seed=seed)
    result = check_protocol(get_protocol(protocol), checks_for(protocol), target, options, only=only)
    return {r.id: (r.verdict, steps(r.counterexample), r.seconds) for r in result.requirements}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("protocols", nargs="*", default=list(BUGGY))
    parser.add_argument("--budgets", default="3,8", help="shrinking budgets in seconds, comma-separated")
    parser.add_argument("--seeds", type=int, default=2)
    args = parser.parse_args()
    budgets = [int(b) for b in args.budgets.split(",")]
    print("| protocol | buggy server | requirement | " + " | ".join(f"{b} s: steps (verdict s)" for b in budgets) + " |")
    print("|---|---|---|" + "---|" * len(budgets))
    for protocol in args.protocols:
        target = resolve_target(ROOT / BUGGY[protocol])
        for seed in range(1, args.seeds + 1):
            began = time.monotonic()
            first = run(protocol, target, budgets[0], seed, None)
            failing = {rid for rid, (verdict, _n, _s) in first.items() if verdict == "fail"}
            rows = {budgets[0]: first}
            for budget in budgets[1:]:
                rows[budget] = run(protocol, target, budget, seed, failing) if failing else {}
            for rid in sorted(failing):
                cells = []
                for budget in budgets:
                    verdict, count, seconds = rows[budget].get(rid, ("-", 0, 0.0))
                    cells.append(f"{count} ({seconds:.1f})" if verdict == "fail" else verdict)
                print(f"| {protocol} | {Path(BUGGY[protocol]).name} (seed {seed}) | {rid} | " + " | ".join(cells) + " |", flush=True)
            print(f"{protocol} seed {seed}: {time.monotonic() - began:.0f} s", file=sys.stderr, flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""The ``wirecheck`` command. The only module that prints and exits: the core raises typed
errors and returns data.

Exit status: 0 when every MUST holds, 1 when a MUST fails or errors, 2 for a usage error
(one line, never a traceback)."""

from __future__ import annotations

import argparse
import os
import random
import signal
import sys
from pathlib import Path

from protocols import PROTOCOLS, UnknownProtocol, get_protocol

from . import __version__
from .checks import checked_protocols, checks_for
from .errors import WirecheckError
from .profiles import DEFAULT_PROFILE, PROFILES, get_profile
from .report import requirements_table, summary_line, to_json, to_text, verdict_line
from .results import CheckResult
from .runner import RunOptions, check_protocol, default_database_root
from .target import Target, resolve_target

REFERENCE_DIR = Path(__file__).resolve().parent.parent / "reference_servers"


class UsageError(WirecheckError):
    pass


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # one line, exit 2
        raise UsageError(message)


def reference_target(protocol_name: str) -> Target:
    protocol = get_protocol(protocol_name)
    path = REFERENCE_DIR / f"{protocol.reference}.py"
    return Target(path=path, display=f"reference_servers/{path.name} (reference)")


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"{text!r} must be at least 1")
    return value


def _seed(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 0:
        raise argparse.ArgumentTypeError("a seed is a number from 0 up")
    return value


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="wirecheck", description="Property-based conformance checks for the course's socket servers.")
    parser.add_argument("--version", action="version", version=f"wirecheck {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    check = commands.add_parser("check", help="check a server against one protocol (or every reference with --all)")
    check.add_argument("protocol", nargs="?", metavar="PROTOCOL", help=f"one of: {', '.join(PROTOCOLS)}")
    check.add_argument("target", nargs="?", metavar="TARGET", help="a server file or dotted module; omitted: the reference server")
    check.add_argument("--all", action="store_true", help="check every protocol against its reference server")
    check.add_argument("--json", metavar="FILE", help="also write the verdicts as JSON to FILE ('-' for standard output)")
    check.add_argument("--seed", type=_seed, help="the seed of the generated client sequences (default: a random one, printed)")
    check.add_argument("--examples", type=_positive_int, help="Hypothesis examples per requirement (default: the profile's)")
    check.add_argument("--profile", default=DEFAULT_PROFILE, choices=list(PROFILES), help="quick, default, or deep (CI, grading)")
    check.add_argument("--only", metavar="IDS", help="check only these requirement IDs, comma-separated")
    check.add_argument("--env", action="append", default=[], metavar="NAME=VALUE", help="set a variable in the server's environment")
    check.add_argument("--time-limit", type=_positive_int, metavar="SECONDS", help="wall-clock limit for each protocol's check (default: none)")
    check.add_argument(
        "--isolation",
        choices=["auto", "unprivileged", "off"],
        default="auto",
        help="auto (default): servers run as an unprivileged user of their own when wirecheck runs as root",
    )
    check.add_argument(
        "--netns",
        action="store_true",
        default=None,
        help="run each server in a network namespace of its own with only loopback (needs root; otherwise said and skipped)",
    )
    check.add_argument("--no-colour", "--no-color", dest="colour", action="store_false", help="plain text even on a terminal")

    listing = commands.add_parser("list", help="list the protocols and their requirements")
    listing.add_argument("protocol", nargs="?", metavar="PROTOCOL")
    return parser


def main(argv: list[str] | None = None) -> int:
    try:
        return _main(argv)
    except (WirecheckError, UnknownProtocol) as exc:
        print(f"wirecheck: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("wirecheck: interrupted", file=sys.stderr)
        return 130


def _main(argv: list[str] | None) -> int:
    args = build_parser().parse_args(argv)
    if args.command == "list":
        names = [args.protocol] if args.protocol else list(PROTOCOLS)
        print(requirements_table([get_protocol(n) for n in names], set(checked_protocols())))
        return 0
    if args.command != "check":
        build_parser().print_help()
        return 2
    return _check(args)


def _check(args) -> int:
    if args.all and (args.protocol or args.target):
        raise UsageError("--all checks every protocol against its reference: give no PROTOCOL or TARGET")
    if not args.all and not args.protocol:
        raise UsageError("name a PROTOCOL to check, or use --all")
    profile = get_profile(args.profile)
    if args.examples:
        from dataclasses import replace

        profile = replace(profile, examples=args.examples)
    env = _parse_env(args.env)
    seed = args.seed if args.seed is not None else random.SystemRandom().randrange(2**32)
    options = RunOptions(
        profile=profile,
        seed=seed,
        env=env,
        database_root=default_database_root(),
        time_limit=args.time_limit,
        isolation=args.isolation,
        netns=args.netns,
    )
    if args.all:
        jobs = [(name, reference_target(name)) for name in checked_protocols()]
    else:
        protocol = get_protocol(args.protocol)
        if not checks_for(protocol.name):
            raise UsageError(f"{protocol.name} has no checks yet")
        target = resolve_target(args.target) if args.target else reference_target(protocol.name)
        jobs = [(protocol.name, target)]
    only = {i.strip() for i in args.only.split(",")} if args.only else None
    if only:
        known = {i for name, _ in jobs for i in get_protocol(name).ids}
        unknown = sorted(only - known)
        if unknown:
            raise UsageError(f"--only: no requirement {', '.join(unknown)} in {', '.join(n for n, _ in jobs)}")

    # Whatever wirecheck inherited, its own ctrl-C stops it (and so its servers).
    signal.signal(signal.SIGINT, signal.default_int_handler)
    colour = args.colour and sys.stdout.isatty() and "NO_COLOR" not in os.environ
    results: list[CheckResult] = []
    for name, target in jobs:
        protocol = get_protocol(name)
        print(f"wirecheck {name} — {target.display} — seed {seed}", flush=True)
        result = check_protocol(
            protocol,
            checks_for(name),
            target,
            options,
            only=only,
            on_result=lambda item: print(verdict_line(item, colour), flush=True),
        )
        results.append(result)
        body = to_text(result, protocol, colour).split("\n")
        failures = body[1 + len(result.requirements) :]
        print("\n".join(failures))
        if len(jobs) > 1:
            print()
    if len(results) > 1:
        for result in results:
            print(summary_line(result))
    if args.json:
        text = to_json(results[0] if len(results) == 1 else results)
        if args.json == "-":
            print(text)
        else:
            Path(args.json).write_text(text + "\n")
    return 0 if all(r.passed for r in results) else 1


def _parse_env(pairs: list[str]) -> dict[str, str]:
    env = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name:
            raise UsageError(f"--env {pair!r}: expected NAME=VALUE")
        env[name] = value
    return env


if __name__ == "__main__":
    sys.exit(main())

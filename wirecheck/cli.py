"""The ``wirecheck`` command. The only module that prints and exits: the core raises typed
errors and returns data.

Exit status (the table is in the README): 0 when every MUST holds (or, with --baseline,
every MUST not listed there), 1 when a MUST fails, is not shown or errors, 2 for a usage
error (one line, never a traceback), 128+N when stopped by signal N (130: ctrl-C)."""

from __future__ import annotations

import argparse
import os
import random
import signal
import sys
import time
from pathlib import Path

from protocols import PROTOCOLS, UnknownProtocol, get_protocol

from . import __version__
from .core import timing
from .checks import checked_protocols, checks_for
from .core.errors import WirecheckError
from .drive.profiles import DEFAULT_PROFILE, PROFILES, get_profile
from .drive.parallel import check_many, default_workers, waiting_workers
from .render.report import address_line, did_not_start, did_not_start_block, failure_block, requirements_table, summary_line, to_json, verdict_line
from .core.results import CheckResult
from .drive.runner import RunOptions, check_protocol, default_database_root, prepare_cache
from .harness import ending
from .harness.target import Target, reference_target, resolve_target



class UsageError(WirecheckError):
    pass


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # one line, exit 2
        raise UsageError(message)


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
    check.add_argument("--html", metavar="FILE", help="also write the run as one self-contained page: verdicts, each failure with its diagram")
    check.add_argument("--seed", type=_seed, help="the seed of the generated client sequences (default: a random one, printed)")
    check.add_argument("--examples", type=_positive_int, help="Hypothesis examples per requirement (default: the profile's)")
    check.add_argument("--profile", default=DEFAULT_PROFILE, choices=list(PROFILES), help="quick, default, deep (CI) or grading (a class)")
    check.add_argument("--only", metavar="IDS", help="check only these requirement IDs, comma-separated")
    check.add_argument("--env", action="append", default=[], metavar="NAME=VALUE", help="set a variable in the server's environment")
    check.add_argument("--jobs", type=_positive_int, metavar="N", help="requirements checked at once, each in a process of its own (default: twice the machine's cores; with --all, up to four times that, at most 16, while the cores idle)")
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
    check.add_argument("--junit", metavar="FILE", help="also write the verdicts as JUnit XML to FILE")
    check.add_argument(
        "--baseline", metavar="FILE", help="requirements known not to hold (TOML or JSON): they do not fail the run; a new failure does"
    )
    check.add_argument("--write-baseline", metavar="FILE", help="write the requirements that do not hold now to FILE (.toml: TOML, else JSON)")
    _python_option(check)

    listing = commands.add_parser("list", help="list the protocols and their requirements")
    listing.add_argument("protocol", nargs="?", metavar="PROTOCOL")
    listing.add_argument("--markdown", action="store_true", help="the requirement tables as Markdown, as docs/standard.md has them")
    listing.add_argument("--edges", action="store_true", help="the edge cases every run tries first (V-EDGE), by requirement")
    listing.add_argument("--update", metavar="FILE", help="with --markdown: rewrite the generated tables inside FILE (docs/standard.md)")
    _add_grading_commands(commands)
    return parser


def _python_option(parser) -> None:
    parser.add_argument(
        "--python",
        metavar="PATH",
        help="run the servers under this Python interpreter (default: the one running wirecheck, "
        "or when isolating as root the one an unprivileged user can run)",
    )


def _interpreter(args) -> str | None:
    if not getattr(args, "python", None):
        return None
    from .harness.sandbox import check_interpreter

    return check_interpreter(args.python, None, getattr(args, "isolation", None))


def main(argv: list[str] | None = None) -> int:
    # SIGTERM (a CI timeout, `docker stop`, Gradescope), SIGHUP and SIGINT end the run: every
    # worker, zygote and server it started ends, its private folder goes, and the exit
    # status is 128 + the signal's number.
    try:
        with ending.whole_run():
            return _main(argv)
    except (WirecheckError, UnknownProtocol) as exc:
        print(f"wirecheck: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt as exc:
        status = ending.exit_status(exc)
        name = signal.Signals(status - 128).name if status > 128 else "an interrupt"
        print(f"wirecheck: stopped by {name}", file=sys.stderr)
        return status


def _main(argv: list[str] | None) -> int:
    args = build_parser().parse_args(argv)
    if args.command == "list":
        return _list(args)
    if args.command in _GRADING_COMMANDS:
        return _GRADING_COMMANDS[args.command](args)
    if args.command != "check":
        build_parser().print_help()
        return 2
    return _check(args)


def _list_edges(args, protocols) -> int:
    """V-EDGE's cases: as the document's table (--markdown), or by requirement."""
    from protocols.edges import EDGES

    from .render.standard import REFERENCE, edges_block

    if args.markdown:
        if args.protocol:
            raise UsageError("--edges --markdown prints the one table of every protocol's edge cases: give no PROTOCOL")
        print(edges_block())
        return 0
    ids = {r.id for p in protocols for r in p.requirements}
    current = None
    for edge in (e for e in EDGES if e.requirement in ids):
        if edge.requirement != current:
            current = edge.requirement
            print(f"{current}")
        print(f"  {edge.name} ({edge.rule}): {edge.does}")
    print(f"\nEvery run tries these first, in every profile (V-EDGE); see {REFERENCE}.")
    return 0


def _list(args) -> int:
    from .render.standard import REFERENCE, all_tables, generated_block, update_document

    names = [args.protocol] if args.protocol else list(PROTOCOLS)
    protocols = [get_protocol(n) for n in names]
    if args.update:
        if not args.markdown:
            raise UsageError("--update rewrites Markdown tables: give --markdown too")
        path = Path(args.update)
        try:
            text = path.read_text(encoding="utf-8")
        except OSError as exc:
            raise UsageError(f"--update {args.update}: {exc.strerror or exc}") from None
        updated = update_document(text, protocols)
        if updated != text:
            path.write_text(updated, encoding="utf-8")
        print(f"{args.update}: {'tables updated' if updated != text else 'tables already up to date'}")
        return 0
    if args.edges:
        return _list_edges(args, protocols)
    if args.markdown:
        print(generated_block(protocols[0]) if args.protocol else all_tables(protocols).rstrip())
        return 0
    print(requirements_table(protocols, set(checked_protocols())))
    print(f"\nEach requirement is explained in {REFERENCE}.")
    return 0


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
    baseline = None
    if args.baseline:
        from .baseline import load_baseline

        baseline = load_baseline(args.baseline)
    python = _interpreter(args)
    from .harness.sandbox import interpreter_description

    interpreter = interpreter_description(python, args.isolation)
    prepare_cache()
    options = RunOptions(
        profile=profile,
        seed=seed,
        env=env,
        database_root=default_database_root(),
        time_limit=args.time_limit,
        isolation=args.isolation,
        netns=args.netns,
        python=python,
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

    colour = args.colour and sys.stdout.isatty() and "NO_COLOR" not in os.environ
    expected = {name: sum(1 for i in get_protocol(name).ids if only is None or i in only) for name, _ in jobs}
    workers = args.jobs or default_workers()
    # --all: dozens of requirements that mostly wait (pauses, windows): more of them at once
    # while the cores idle.
    most = waiting_workers(sum(expected.values()), workers) if args.all and not args.jobs else workers
    printed: dict[str, list] = {}
    by_name = dict(jobs)

    @timing.timed(timing.REPORT)
    def report(name: str, item) -> None:
        if name not in printed:
            printed[name] = []
            print(f"wirecheck {name} — {by_name[name].display} — seed {seed} — {interpreter}", flush=True)
        printed[name].append(item)
        if did_not_start(item):
            # Told once, with its cause: every requirement carries the same error.
            if sum(1 for i in printed[name] if did_not_start(i)) == 1:
                print(did_not_start_block(item, expected[name]), flush=True)
        else:
            print(verdict_line(item, colour), flush=True)
        if len(printed[name]) == expected[name]:
            protocol = get_protocol(name)
            failing = [i for i in printed[name] if i.verdict in ("fail", "not shown", "error") and not did_not_start(i)]
            for failure in failing:
                print()
                print(failure_block(failure, protocol))
            print()

    if workers > 1:
        results = check_many(jobs, options, workers, checks_for, only=only, on_result=report, most=most)
    else:
        results = [
            check_protocol(get_protocol(name), checks_for(name), target, options, only=only, on_result=lambda item, n=name: report(n, item))
            for name, target in jobs
        ]
    for result in results:
        result.interpreter = interpreter
        if result.address:
            print(address_line(result))
        print(summary_line(result))
    passed = all(r.passed for r in results)
    if baseline is not None:
        from .baseline import compare

        comparison = compare(baseline, results)
        passed = comparison.passed
        print(
            f"baseline {baseline.source}: {len(comparison.known)} known not to hold, "
            f"{len(comparison.new)} new ({', '.join(r.id for r in comparison.new) or 'none'})"
        )
        for message in comparison.messages():
            print(message)
    if args.write_baseline:
        from .baseline import current_failures, write_baseline

        known = current_failures(results)
        write_baseline(args.write_baseline, known)
        print(f"baseline: {len(known)} requirements that do not hold written to {args.write_baseline}")
    if any(i.verdict not in ("pass", "skip") for r in results for i in r.requirements):
        from .render.standard import REFERENCE

        print(f"Each requirement ID is explained in {REFERENCE}.")
    if args.json:
        text = to_json(results[0] if len(results) == 1 else results)
        if args.json == "-":
            print(text)
        else:
            Path(args.json).write_text(text + "\n")
    if args.junit:
        from .render.check_junit import check_junit_xml

        Path(args.junit).write_text(check_junit_xml(results, baseline, interpreter), encoding="utf-8")
    if args.html:
        from .render.check_html import check_page

        typed = {name: (args.target or target.display) for name, target in jobs}
        try:
            Path(args.html).write_text(check_page(results, typed, args.profile), encoding="utf-8")
        except OSError as exc:
            raise UsageError(f"--html {args.html}: {exc.strerror or exc}") from None
    return 0 if passed else 1


def _parse_env(pairs: list[str]) -> dict[str, str]:
    env = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name:
            raise UsageError(f"--env {pair!r}: expected NAME=VALUE")
        env[name] = value
    return env


# --- grading: grade, gradescope, merge ---------------------------------------------------


def _add_grading_commands(commands) -> None:
    grade = commands.add_parser("grade", help="grade a folder of submissions (one folder per student)")
    grade.add_argument("submissions", metavar="SUBMISSIONS", help="a folder with one folder per student")
    grade.add_argument("--out", required=True, metavar="DIR", help="where the gradebook, reports and feedback go")
    _grading_options(grade)
    grade.add_argument("--shard", metavar="K/N", help="grade only shard K of N of the students (merge the shards with 'merge')")
    grade.add_argument(
        "--compare", metavar="OLD_OUT", help="an earlier grading's --out folder: write changes.csv (what changed, and why) and say so"
    )
    grade.add_argument("--lms", choices=["canvas", "moodle"], help="also write the gradebook in this LMS's import format (needs --roster)")
    grade.add_argument("--roster", metavar="ROSTER.csv", help="the students as exported from the LMS (Canvas: its gradebook export)")
    grade.add_argument(
        "--roster-column", metavar="COLUMN", help="the roster column that holds the folder names (default: the LMS's login, SIS and email columns)"
    )

    scope = commands.add_parser("gradescope", help="grade one submission inside Gradescope's run_autograder")
    scope.add_argument("--submission", default="/autograder/submission", metavar="DIR", help="default: /autograder/submission")
    scope.add_argument(
        "--results", default="/autograder/results/results.json", metavar="FILE", help="default: /autograder/results/results.json"
    )
    _grading_options(scope)

    learn = commands.add_parser("prairielearn", help="grade one submission as PrairieLearn's external grader")
    learn.add_argument(
        "--root",
        default=os.environ.get("WIRECHECK_PRAIRIELEARN_ROOT", "/grade"),
        metavar="DIR",
        help="where PrairieLearn mounts the job: DIR/student, DIR/results (default: $WIRECHECK_PRAIRIELEARN_ROOT, else /grade)",
    )
    learn.add_argument(
        "--timeout",
        type=_positive_int,
        metavar="SECONDS",
        help="the question's externalGradingOptions.timeout: stop in time to say the grader ran out of it "
        "(default: $WIRECHECK_PRAIRIELEARN_TIMEOUT)",
    )
    _grading_options(learn)

    merge = commands.add_parser("merge", help="combine the output folders of 'grade --shard' runs")
    merge.add_argument("folders", nargs="+", metavar="OUT", help="the shards' --out folders")
    merge.add_argument("--out", required=True, metavar="DIR", help="where the merged outputs go")


def _env_seconds(name: str) -> int | None:
    value = os.environ.get(name)
    if not value:
        return None
    try:
        return _positive_int(value)
    except argparse.ArgumentTypeError as exc:
        raise UsageError(f"{name}: {exc}") from None


def _grading_options(parser) -> None:
    parser.add_argument("--protocols", metavar="NAMES", help="comma-separated (default: the config's, else every protocol whose file is found)")
    parser.add_argument("--config", metavar="FILE", help="a TOML grading configuration (points, visibility, file names...)")
    parser.add_argument("--jobs", type=_positive_int, metavar="N", help="checks run at once, up to twice as many while the cores idle (default: the machine's cores)")
    parser.add_argument("--seed", type=_seed, help="one seed for every student (default: the config's, else a random one)")
    parser.add_argument("--profile", choices=list(PROFILES), help="Hypothesis profile (default: the config's, else grading)")
    parser.add_argument("--examples", type=_positive_int, help="Hypothesis examples per requirement (default: the profile's)")
    parser.add_argument("--time-limit", type=_positive_int, metavar="SECONDS", help="for each student × protocol (default: the config's, else 600)")
    _python_option(parser)


def _grading_setup(args, default_seed: int | None = None):
    from .grading.config import GradingConfig, load_config
    from .grading.run import GradeOptions

    config = load_config(args.config) if args.config else GradingConfig()
    protocols = [n.strip() for n in args.protocols.split(",") if n.strip()] if args.protocols else None
    if protocols is not None:
        for name in protocols:
            get_protocol(name)
    options = GradeOptions(
        protocols=protocols,
        seed=args.seed,
        jobs=args.jobs,
        profile=args.profile,
        examples=args.examples,
        time_limit=args.time_limit,
        shard=getattr(args, "shard", None),
        python=_interpreter(args),
        compare=getattr(args, "compare", None),
        lms=getattr(args, "lms", None),
        roster=getattr(args, "roster", None),
        roster_column=getattr(args, "roster_column", None),
    )
    seed = args.seed if args.seed is not None else config.seed
    if seed is None:
        seed = default_seed if default_seed is not None else random.SystemRandom().randrange(2**32)
    return config, options, seed


def _terminate_as_interrupt() -> None:
    """SIGTERM (a CI timeout, Gradescope's), SIGHUP and SIGINT stop grading alike: workers are
    stopped, the outputs are written and marked interrupted, and the exit status is 128 + the
    signal's number (see ``main``)."""
    ending.end_on_signals()


def _progress_printer(stream):
    """A one-line progress bar on a terminal; nothing otherwise."""
    from .grading.progress import progress_line

    if not stream.isatty():
        return None
    last = [""]

    def show(progress) -> None:
        line = progress_line(progress)
        if line != last[0]:
            stream.write("\r" + line.ljust(len(last[0])))
            stream.flush()
            last[0] = line

    return show


def _grade(args) -> int:
    from .grading.lms import lms_summary
    from .grading.outputs import CLASS_FILES
    from .grading.policies import policy_summary
    from .grading.progress import duration
    from .grading.run import grade_class
    from .grading.scoring import final_points, student_points

    config, options, seed = _grading_setup(args)
    _terminate_as_interrupt()
    out = Path(args.out)
    show = _progress_printer(sys.stderr)
    began = time.monotonic()
    try:
        grading = grade_class(Path(args.submissions), out, config, options, seed, show)
    finally:
        if show is not None:
            sys.stderr.write("\n")
    checks = len(grading.outcomes)
    print(
        f"wirecheck grade: {len(grading.students)} students × {len(grading.schemes)} protocols "
        f"({', '.join(grading.schemes)}), {checks} checks in {duration(time.monotonic() - began)}, seed {seed}, "
        f"servers under {grading.settings.get('interpreter')}"
    )
    for student in grading.students:
        points = student_points(grading, student)
        final = final_points(grading, student)
        print(f"  {student:<24} {points:g}" + (f" → {final:g}" if student in grading.policies and final != points else ""))
    if grading.policies:
        print(policy_summary(grading) + " (changes.csv; each in the student's feedback)")
    if grading.changes is not None and grading.changes.earlier:
        print(f"compared with {args.compare or args.out}: {grading.changes.summary()} (changes.csv)")
    if grading.lms is not None:
        for line in lms_summary(grading, grading.lms):
            print(line)
    print(f"outputs in {out}: {', '.join(CLASS_FILES)}, feedback/, replays/")
    return 0


def _gradescope(args) -> int:
    from .grading.run import grade_gradescope

    config, options, seed = _grading_setup(args, default_seed=DEFAULT_GRADESCOPE_SEED)
    _policies_note(config, "gradescope")
    _terminate_as_interrupt()
    grading = grade_gradescope(Path(args.submission), Path(args.results), config, options, seed)
    from .grading.scoring import max_points, student_points

    student = grading.students[0]
    print(f"wirecheck gradescope: {student_points(grading, student):g} of {max_points(grading):g} points (seed {seed}) → {args.results}")
    return 0


def _policies_note(config, command: str) -> None:
    """The policies grade a class; a platform that grades one submission has its own."""
    if config.has_policies:
        print(f"wirecheck {command}: note: regrade, best_of and [late] apply to 'wirecheck grade' only; "
              f"the platform's own late and regrade rules apply here", file=sys.stderr)


def _prairielearn(args) -> int:
    from .grading.files import write_atomic
    from .grading.prairielearn import OUT_OF_TIME, not_gradable_text
    from .grading.run import grade_prairielearn, prairielearn_paths
    from .grading.scoring import max_points, student_points

    root = Path(args.root)
    _student, results = prairielearn_paths(root)
    timeout = args.timeout if args.timeout is not None else _env_seconds("WIRECHECK_PRAIRIELEARN_TIMEOUT")
    if args.config is None:  # the question's own, else the course's
        for candidate in (root / "tests" / "wirecheck.toml", root / "serverFilesCourse" / "wirecheck" / "wirecheck.toml"):
            if candidate.is_file():
                args.config = str(candidate)
                break
    try:
        config, options, seed = _grading_setup(args, default_seed=DEFAULT_GRADESCOPE_SEED)
        _policies_note(config, "prairielearn")
        _terminate_as_interrupt()
        grading, ended = grade_prairielearn(root, config, options, seed, timeout)
    except WirecheckError as exc:  # the course's mistake, not the student's: no attempt used
        if root.is_dir():
            try:
                write_atomic(results, not_gradable_text(f"wirecheck could not grade this question ({exc})"))
            except OSError:
                pass  # the error itself is told, on standard error
        raise
    student = grading.students[0]
    if ended == OUT_OF_TIME:
        print(f"wirecheck prairielearn: out of time ({timeout} s): not gradable → {results}")
    else:
        print(f"wirecheck prairielearn: {student_points(grading, student):g} of {max_points(grading):g} points (seed {seed}) → {results}")
    return 0


def _merge(args) -> int:
    from .grading.run import merge_results

    grading = merge_results([Path(f) for f in args.folders], Path(args.out))
    print(f"wirecheck merge: {len(grading.students)} students from {len(args.folders)} shards → {args.out}")
    return 0


DEFAULT_GRADESCOPE_SEED = 20261124  # the same for every submission when the config sets none
_GRADING_COMMANDS = {"grade": _grade, "gradescope": _gradescope, "prairielearn": _prairielearn, "merge": _merge}


if __name__ == "__main__":
    sys.exit(main())

"""The pytest face of wirecheck, installed as a pytest plugin (the ``pytest11`` entry point).

In any folder, ``python -m pytest --impl clock=clockserver.py`` collects one test per
requirement of that protocol, with no test file: the items are made here, after the usual
collection, for every protocol named with ``--impl`` that no collected test module already
covers (this checkout's ``tests/conformance/`` marks its modules ``wirecheck(...)``, so they
are not collected twice). A SHOULD that does not hold is an xfail with its reason
(``--wirecheck-strict``: a failure); a requirement listed in ``--wirecheck-baseline`` that
does not hold is an xfail too, and one listed that passes is reported at the end.

Each option's help is written once and serves both the command line and the ini file;
a bad value is reported with where it came from."""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, replace
from pathlib import Path

import pytest

from protocols import PROTOCOLS, Level, get_protocol

from .baseline import Baseline, _reason_of, fixed_message, load_baseline, write_baseline
from .core.results import NOT_HOLDING
from .checks import checked_protocols, checks_for
from .core.errors import WirecheckError
from .drive.profiles import DEFAULT_PROFILE, PROFILES, get_profile
from .render.report import failure_block
from .drive.runner import RunOptions, default_database_root, prepare_cache, run_requirement
from .harness.target import Target, resolve_target

IMPL_HELP = "PROTOCOL=TARGET: check this server file or dotted module for PROTOCOL (repeatable); without it, the reference servers"
PROFILE_HELP = f"Hypothesis profile for the checks: {', '.join(PROFILES)} (default {DEFAULT_PROFILE})"
SEED_HELP = "seed of the generated client sequences (default: one random seed per session, shown in the header)"
EXAMPLES_HELP = "Hypothesis examples per requirement (default: the profile's)"
STRICT_HELP = "a SHOULD that does not hold fails the test (default: xfail, with its reason)"
WRITE_BASELINE_HELP = "write the requirements that do not hold in this run to FILE (.toml: TOML, else JSON)"
BASELINE_HELP = "a baseline file (TOML or JSON) of requirements known not to hold: they xfail; a new failure still fails"
PYTHON_HELP = "run the servers under this Python interpreter (default: the one running pytest)"


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("wirecheck")
    group.addoption("--impl", action="append", default=[], metavar="PROTOCOL=TARGET", help=IMPL_HELP)
    group.addoption("--wirecheck-profile", metavar="NAME", help=PROFILE_HELP)
    group.addoption("--wirecheck-seed", metavar="N", help=SEED_HELP)
    group.addoption("--wirecheck-examples", metavar="N", help=EXAMPLES_HELP)
    group.addoption("--wirecheck-strict", action="store_true", default=None, help=STRICT_HELP)
    group.addoption("--wirecheck-baseline", metavar="FILE", help=BASELINE_HELP)
    group.addoption("--wirecheck-write-baseline", metavar="FILE", help=WRITE_BASELINE_HELP)
    group.addoption("--wirecheck-python", metavar="PATH", help=PYTHON_HELP)
    parser.addini("wirecheck_impl", IMPL_HELP, type="linelist", default=[])
    parser.addini("wirecheck_profile", PROFILE_HELP, default=DEFAULT_PROFILE)
    parser.addini("wirecheck_seed", SEED_HELP, default="")
    parser.addini("wirecheck_examples", EXAMPLES_HELP, default="")
    parser.addini("wirecheck_strict", STRICT_HELP, type="bool", default=False)
    parser.addini("wirecheck_baseline", BASELINE_HELP, default="")
    parser.addini("wirecheck_python", PYTHON_HELP, default="")


@dataclass(frozen=True)
class Settings:
    targets: dict[str, Target]  # protocol -> target; empty: the references
    options: RunOptions
    strict: bool = False
    baseline: Baseline | None = None


def _choose(config: pytest.Config, option: str, ini: str) -> tuple[str, str]:
    value = config.getoption(option)
    if value not in (None, "", []):
        return value, f"--{option.replace('_', '-')}"
    return config.getini(ini), f"ini option {ini}"


def _ini_dir(config: pytest.Config, source: str) -> Path:
    """Paths on the command line are relative to where pytest was run; in an ini file, to
    that file's folder."""
    if source.startswith("ini") and config.inipath is not None:
        return config.inipath.parent
    return config.invocation_params.dir


def _whole_number(text: str, source: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise pytest.UsageError(f"{source}: {text!r} is not a whole number") from None
    if value < 0:
        raise pytest.UsageError(f"{source}: {text!r} must not be negative")
    return value


def parse_settings(config: pytest.Config) -> Settings:
    impls, source = _choose(config, "impl", "wirecheck_impl")
    targets: dict[str, Target] = {}
    for item in impls:
        name, sep, path = item.partition("=")
        if not sep or not name or not path:
            raise pytest.UsageError(f"{source} {item!r}: expected PROTOCOL=TARGET, e.g. clock=clockserver.py")
        if name not in PROTOCOLS:
            raise pytest.UsageError(f"{source} {item!r}: unknown protocol {name!r} (known: {', '.join(PROTOCOLS)})")
        try:
            targets[name] = resolve_target(path, _ini_dir(config, source))
        except WirecheckError as exc:
            raise pytest.UsageError(f"{source} {item!r}: {exc}") from None
    profile_name, source = _choose(config, "wirecheck_profile", "wirecheck_profile")
    try:
        profile = get_profile(profile_name, source)
    except WirecheckError as exc:
        raise pytest.UsageError(str(exc)) from None
    examples, source = _choose(config, "wirecheck_examples", "wirecheck_examples")
    if examples:
        profile = replace(profile, examples=max(1, _whole_number(examples, source)))
    seed_text, source = _choose(config, "wirecheck_seed", "wirecheck_seed")
    if seed_text:
        seed = _whole_number(seed_text, source)
    else:
        # One seed for the whole session; xdist workers receive the controller's.
        seed = getattr(config, "workerinput", {}).get("wirecheck_seed") or random.SystemRandom().randrange(2**32)
    python, source = _choose(config, "wirecheck_python", "wirecheck_python")
    if python:
        from .harness.sandbox import check_interpreter

        try:
            python = check_interpreter(python, _ini_dir(config, source))
        except WirecheckError as exc:
            raise pytest.UsageError(f"{source}: {exc}") from None
    prepare_cache(hypothesis_files=False)  # the examples' folder carries its own .gitignore
    options = RunOptions(profile=profile, seed=seed, database_root=default_database_root(), python=python or None)
    strict = bool(config.getoption("wirecheck_strict") or config.getini("wirecheck_strict"))
    baseline_file, source = _choose(config, "wirecheck_baseline", "wirecheck_baseline")
    baseline = None
    if baseline_file:
        try:
            baseline = load_baseline(_ini_dir(config, source) / baseline_file)
        except WirecheckError as exc:
            raise pytest.UsageError(f"{source}: {exc}") from None
    return Settings(targets, options, strict, baseline)


_SETTINGS = pytest.StashKey[Settings]()


_ENDING = pytest.StashKey[dict]()


_OPTIONS = ("impl", "wirecheck_profile", "wirecheck_seed", "wirecheck_examples", "wirecheck_strict",
            "wirecheck_baseline", "wirecheck_write_baseline", "wirecheck_python")


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "wirecheck(*protocols): one test per requirement of these protocols")
    config.stash[_SETTINGS] = parse_settings(config)
    _FIXED.clear()
    _NOT_HOLDING.clear()
    # The plugin is loaded by every pytest run where wirecheck is installed: it changes
    # nothing of a run until the run uses wirecheck — one of its options (or ini settings)
    # given, or a test of wirecheck's collected.
    if any(config.getoption(name) not in (None, "", []) for name in _OPTIONS) or config.getini("wirecheck_impl"):
        _begin_run(config)


def _begin_run(config: pytest.Config) -> None:
    """From here, SIGTERM, SIGHUP and SIGINT end the run as ctrl-C does (the servers of the
    test under way are ended on the way out), with exit status 128 + the signal's number;
    every server's private folder is made in one folder of the run, removed at the end."""
    if config.stash.get(_ENDING, None) is not None:
        return
    from contextlib import ExitStack

    from .harness import ending

    stack = ExitStack()
    stack.enter_context(ending.run_folder())
    config.stash[_ENDING] = {"handlers": ending.end_on_signals(), "stack": stack}


_CASE_ID = re.compile(r"\[(" + "|".join(re.escape(name) for name in PROTOCOLS) + r"):[A-Z]+(?:-[A-Z]+)*-\d+\]")


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_node_collection_finished(node, ids) -> None:
    """Under xdist the controller collects nothing itself: a worker's collection that holds
    wirecheck's requirement tests (``[clock:CLOCK-1]``) makes this run wirecheck's."""
    if any(_CASE_ID.search(nodeid) for nodeid in ids):
        _begin_run(node.config)


_ended_by: list[int] = []  # the signal that ended this run, if one did


def pytest_keyboard_interrupt(excinfo) -> None:
    from .harness import ending

    signum = getattr(excinfo.value, "signum", None)
    if signum is not None:
        ending.begin_abort()
        _ended_by.append(signum)


@pytest.hookimpl(trylast=True)
def pytest_unconfigure(config: pytest.Config) -> None:
    from .harness import ending
    from .harness.launcher import kill_all_running

    state = config.stash.get(_ENDING, None)
    if state is None:
        return
    kill_all_running()
    state["stack"].close()
    ending.restore(state["handlers"])


def pytest_configure_node(node) -> None:  # xdist: every worker uses the controller's seed
    node.workerinput["wirecheck_seed"] = node.config.stash[_SETTINGS].options.seed


def pytest_report_header(config: pytest.Config) -> str:
    settings = config.stash[_SETTINGS]
    targets = ", ".join(f"{k}={v.display}" for k, v in settings.targets.items()) or "the reference servers"
    extra = f"; baseline {settings.baseline.source}" if settings.baseline else ""
    if settings.targets or settings.options.python:
        # Probing the interpreter costs a process: only when wirecheck is asked for (the
        # plugin is loaded in every pytest run of an environment that has wirecheck).
        from .harness.sandbox import interpreter_description

        extra = f"; servers run under {interpreter_description(settings.options.python, settings.options.isolation)}" + extra
    return f"wirecheck: {targets}; profile {settings.options.profile.name}; seed {settings.options.seed}{extra}"


@dataclass(frozen=True)
class RequirementCase:
    protocol: str
    requirement: str
    target: Target


def _cases(config: pytest.Config, protocol_name: str) -> list[RequirementCase]:
    settings = config.stash[_SETTINGS]
    if settings.targets and protocol_name not in settings.targets:
        return []
    if protocol_name not in checked_protocols():
        return []
    from .harness.target import reference_target

    target = settings.targets.get(protocol_name) or reference_target(protocol_name)
    return [RequirementCase(protocol_name, req.id, target) for req in get_protocol(protocol_name).requirements]


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """One test per requirement of the marked protocols that are selected (all of them
    without --impl; with --impl, only those named)."""
    marker = metafunc.definition.get_closest_marker("wirecheck")
    if marker is None or "requirement_case" not in metafunc.fixturenames:
        return
    cases = [case for name in marker.args for case in _cases(metafunc.config, name)]
    if not cases:
        skip = pytest.mark.skip(reason=f"{', '.join(marker.args)}: not selected with --impl")
        metafunc.parametrize("requirement_case", [pytest.param(None, marks=skip)], ids=["not-selected"])
        return
    metafunc.parametrize("requirement_case", cases, ids=[f"{c.protocol}:{c.requirement}" for c in cases])


BASELINE_PROPERTY = "wirecheck_baseline"
NOT_HOLDING_PROPERTY = "wirecheck_not_holding"


def run_case(config: pytest.Config, case: RequirementCase, properties: list | None = None) -> None:
    """Run one requirement's check and turn its verdict into a pytest outcome: ``pass`` and
    ``skip`` are themselves; every other verdict (``fail``, ``not shown``, ``error``) does not
    hold — a failure, or an xfail for a SHOULD (unless strict) or a requirement in the
    baseline."""
    settings = config.stash[_SETTINGS]
    protocol = get_protocol(case.protocol)
    check = checks_for(case.protocol).get(case.requirement)
    level = protocol.requirement(case.requirement).level
    if check is None:
        pytest.skip(f"{case.requirement}: no check for this requirement yet")
    result = run_requirement(protocol, check, case.target, settings.options)
    listed = settings.baseline is not None and case.requirement in settings.baseline
    if result.verdict in NOT_HOLDING and properties is not None:
        properties.append((NOT_HOLDING_PROPERTY, f"{case.requirement}={_reason_of(result)}"))
    if result.verdict == "pass":
        if listed and properties is not None:
            properties.append((BASELINE_PROPERTY, fixed_message(case.requirement)))
        return
    if result.verdict == "skip":
        pytest.skip(result.detail)
    text = failure_block(result, protocol)
    if listed:
        reason = settings.baseline.reason(case.requirement)
        pytest.xfail(f"in the baseline{' (' + reason + ')' if reason else ''} — {text}")
    if level == Level.SHOULD and result.verdict in ("fail", "not shown") and not settings.strict:
        pytest.xfail(f"SHOULD not met — {text}")
    pytest.fail(text, pytrace=False)


@pytest.fixture
def check_requirement(request: pytest.FixtureRequest):
    """Run one requirement's check (tests/conformance in this checkout)."""
    return lambda case: run_case(request.config, case, request.node.user_properties)


class RequirementItem(pytest.Item):
    """One requirement of one protocol, collected with no test file."""

    def __init__(self, *, case: RequirementCase, **kwargs) -> None:
        super().__init__(**kwargs)
        self.case = case
        level = get_protocol(case.protocol).requirement(case.requirement).level
        self.extra_keyword_matches.update({case.protocol, str(level)})
        self.add_marker(pytest.mark.wirecheck(case.protocol))

    def runtest(self) -> None:
        run_case(self.config, self.case, self.user_properties)

    def reportinfo(self):
        return self.case.target.path, None, f"{self.case.protocol} {self.case.requirement}"


class ProtocolSuite(pytest.Collector):
    """The requirements of one protocol against its ``--impl`` target."""

    def __init__(self, *, cases: list[RequirementCase], **kwargs) -> None:
        super().__init__(**kwargs)
        self.cases = cases

    def collect(self):
        return [RequirementItem.from_parent(self, name=c.requirement, case=c) for c in self.cases]


def _covered(items: list[pytest.Item]) -> set[str]:
    """Protocols that a collected test module (tests/conformance here) already checks."""
    covered: set[str] = set()
    for item in items:
        for marker in item.iter_markers("wirecheck"):
            covered.update(marker.args)
    return covered


@pytest.hookimpl(tryfirst=True)  # before -k/-m deselect
def pytest_collection_modifyitems(session: pytest.Session, config: pytest.Config, items: list[pytest.Item]) -> None:
    settings = config.stash[_SETTINGS]
    if _covered(items):
        _begin_run(config)  # wirecheck's tests are collected (this checkout's tests/conformance)
    if not settings.targets or any("::" in str(arg) for arg in config.args):
        return
    covered = _covered(items)
    for name in settings.targets:
        if name in covered:
            continue
        cases = _cases(config, name)
        if not cases:
            continue
        suite = ProtocolSuite.from_parent(session, name=f"wirecheck/{name}", nodeid=f"wirecheck/{name}", cases=cases)
        # Collected like any node, so that collection errors are reported as pytest does.
        report = session.ihook.pytest_make_collect_report(collector=suite)
        session.ihook.pytest_collectreport(report=report)
        items.extend(i for i in report.result if isinstance(i, pytest.Item))


@pytest.hookimpl(trylast=True)
def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    if report.when != "call":
        return
    for key, value in report.user_properties:
        if key == BASELINE_PROPERTY:
            _FIXED.append(value)
        elif key == NOT_HOLDING_PROPERTY:
            requirement, _, reason = value.partition("=")
            _NOT_HOLDING[requirement] = reason


# What the reports said, gathered where they are logged (the controller, under xdist).
_FIXED: list[str] = []
_NOT_HOLDING: dict[str, str] = {}


def pytest_terminal_summary(terminalreporter, exitstatus, config: pytest.Config) -> None:
    out = config.getoption("wirecheck_write_baseline")
    if _FIXED or out:
        terminalreporter.section("wirecheck baseline")
        for line in sorted(set(_FIXED)):
            terminalreporter.line(line)
        if out:
            terminalreporter.line(f"{len(_NOT_HOLDING)} requirements that do not hold written to {out}")


def pytest_sessionfinish(session: pytest.Session) -> None:
    from .harness.launcher import kill_all_running

    kill_all_running()
    out = session.config.getoption("wirecheck_write_baseline")
    if out and not hasattr(session.config, "workerinput"):  # xdist: the controller writes it
        write_baseline(session.config.invocation_params.dir / out, dict(_NOT_HOLDING))
    if _ended_by:
        session.exitstatus = 128 + _ended_by.pop()


__all__ = ["RequirementCase", "RequirementItem", "run_case", "Path"]

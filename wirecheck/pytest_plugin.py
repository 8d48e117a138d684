"""The pytest face of wirecheck: ``pytest tests/conformance --impl clock=path/to/server.py``.

Each option's help is written once and serves both the command line and the ini file;
a bad value is reported with where it came from."""

from __future__ import annotations

import random
from dataclasses import dataclass, replace
from pathlib import Path

import pytest

from protocols import PROTOCOLS, Level, get_protocol

from .checks import checked_protocols, checks_for
from .errors import WirecheckError
from .drive.profiles import DEFAULT_PROFILE, PROFILES, get_profile
from .report import failure_block
from .drive.runner import RunOptions, default_database_root, run_requirement
from .harness.target import Target, resolve_target

IMPL_HELP = "PROTOCOL=TARGET: check this server file or dotted module for PROTOCOL (repeatable); without it, the reference servers"
PROFILE_HELP = f"Hypothesis profile for the checks: {', '.join(PROFILES)} (default {DEFAULT_PROFILE})"
SEED_HELP = "seed of the generated client sequences (default: one random seed per session, shown in the header)"
EXAMPLES_HELP = "Hypothesis examples per requirement (default: the profile's)"


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("wirecheck")
    group.addoption("--impl", action="append", default=[], metavar="PROTOCOL=TARGET", help=IMPL_HELP)
    group.addoption("--wirecheck-profile", metavar="NAME", help=PROFILE_HELP)
    group.addoption("--wirecheck-seed", metavar="N", help=SEED_HELP)
    group.addoption("--wirecheck-examples", metavar="N", help=EXAMPLES_HELP)
    parser.addini("wirecheck_impl", IMPL_HELP, type="linelist", default=[])
    parser.addini("wirecheck_profile", PROFILE_HELP, default=DEFAULT_PROFILE)
    parser.addini("wirecheck_seed", SEED_HELP, default="")
    parser.addini("wirecheck_examples", EXAMPLES_HELP, default="")


@dataclass(frozen=True)
class Settings:
    targets: dict[str, Target]  # protocol -> target; empty: the references
    options: RunOptions


def _choose(config: pytest.Config, option: str, ini: str) -> tuple[str, str]:
    value = config.getoption(option)
    if value not in (None, "", []):
        return value, f"--{option.replace('_', '-')}"
    return config.getini(ini), f"ini option {ini}"


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
            targets[name] = resolve_target(path, config.invocation_params.dir)
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
    options = RunOptions(profile=profile, seed=seed, database_root=default_database_root())
    return Settings(targets, options)


_SETTINGS = pytest.StashKey[Settings]()


_ENDING = pytest.StashKey[dict]()


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "wirecheck(*protocols): one test per requirement of these protocols")
    config.stash[_SETTINGS] = parse_settings(config)
    # SIGTERM, SIGHUP and SIGINT end the run as ctrl-C does (the servers of the test under
    # way are ended on the way out), with exit status 128 + the signal's number; every
    # server's private folder is made in one folder of the run, removed at the end.
    from contextlib import ExitStack

    from .harness import ending

    stack = ExitStack()
    stack.enter_context(ending.run_folder())
    config.stash[_ENDING] = {"handlers": ending.end_on_signals(), "stack": stack}


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
    return f"wirecheck: {targets}; profile {settings.options.profile.name}; seed {settings.options.seed}"


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
    from .cli import reference_target

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


@pytest.fixture
def check_requirement(request: pytest.FixtureRequest):
    """Run one requirement's check and turn its verdict into a pytest outcome."""
    settings = request.config.stash[_SETTINGS]

    def run(case: RequirementCase) -> None:
        protocol = get_protocol(case.protocol)
        check = checks_for(case.protocol).get(case.requirement)
        level = protocol.requirement(case.requirement).level
        if check is None:
            pytest.skip(f"{case.requirement}: no check for this requirement yet")
        from .harness.launcher import launch

        result = run_requirement(
            protocol, check, case.target, settings.options, lambda: launch(case.target, protocol.transport, env=settings.options.env)
        )
        if result.verdict == "pass":
            return
        if result.verdict == "skip":
            pytest.skip(result.detail)
        text = failure_block(result, protocol)
        if level == Level.SHOULD and result.verdict in ("fail", "not shown"):
            pytest.xfail(f"SHOULD not met — {text}")
        pytest.fail(text, pytrace=False)

    return run


def pytest_sessionfinish(session: pytest.Session) -> None:
    from .harness.launcher import kill_all_running

    kill_all_running()
    if _ended_by:
        session.exitstatus = 128 + _ended_by.pop()


__all__ = ["RequirementCase", "Path"]

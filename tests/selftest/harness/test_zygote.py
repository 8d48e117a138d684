"""Servers forked by a zygote keep every guarantee of the harness: each test of
test_harness.py runs here again with its launches inside ``zygotes()``; the tests below show
the launches really were forked, and what each forked server still has of its own."""

from __future__ import annotations

import os
import signal
import subprocess
from pathlib import Path

import psutil
import pytest

from protocols import Transport
from tests.selftest.harness.test_harness import *  # noqa: F401,F403 - the same tests, on forked servers
from tests.selftest.harness.test_harness import greeting, target
from wirecheck.harness import zygote
from wirecheck.harness.launcher import launch
from wirecheck.harness.sandbox import UID_RANGE, isolation_wanted, unprivileged_interpreter


@pytest.fixture(autouse=True)
def forked_from_a_zygote():
    with zygote.zygotes():
        yield


def parent_command(pid: int) -> str:
    return " ".join(psutil.Process(psutil.Process(pid).ppid()).cmdline())


def test_a_launch_is_forked_by_a_zygote_with_its_own_run_token():
    with launch(target("hardcoded_12091.py"), Transport.TCP) as server:
        assert isinstance(server.process, zygote.ForkedProcess)
        assert " zygote " in parent_command(server.pid)
        with open(f"/proc/{server.pid}/environ", "rb") as environ:
            assert f"WIRECHECK_RUN={server.token}".encode() in environ.read().split(b"\0")
        assert os.getsid(server.pid) == server.pid  # a session of its own
        assert len(greeting(server).strip()) == 24


def test_one_zygote_forks_a_fresh_process_for_each_launch():
    first = launch(target("hardcoded_12091.py"), Transport.TCP)
    second = launch(target("hardcoded_12091.py"), Transport.TCP)
    try:
        assert first.pid != second.pid
        assert psutil.Process(first.pid).ppid() == psutil.Process(second.pid).ppid()
        assert first.address.address != second.address.address
    finally:
        first.stop()
        second.stop()


@pytest.mark.skipif(
    not (isolation_wanted("auto") and unprivileged_interpreter()), reason="targets run unprivileged only under root"
)
def test_each_forked_server_runs_as_an_unprivileged_uid_of_its_own():
    first = launch(target("hardcoded_12091.py"), Transport.TCP)
    second = launch(target("hardcoded_12091.py"), Transport.TCP)
    try:
        uids = [psutil.Process(s.pid).uids() for s in (first, second)]
        for uid in uids:
            assert UID_RANGE[0] <= uid.real < UID_RANGE[1] and uid.real == uid.effective
        assert uids[0].real != uids[1].real
        assert psutil.Process(psutil.Process(first.pid).ppid()).uids().real == os.getuid()
    finally:
        first.stop()
        second.stop()


@pytest.mark.parametrize("name", ["hardcoded_12091.py", "unix_path.py"])
def test_a_forked_server_ends_with_the_exit_status_a_started_one_has(name):
    transport = Transport.UNIX if name == "unix_path.py" else Transport.TCP
    forked = launch(target(name), transport).stop(grace=0.5)
    started = _without_zygote(lambda: launch(target(name), transport).stop(grace=0.5))
    assert (forked.exited_on_sigint, forked.returncode) == (started.exited_on_sigint, started.returncode)


def test_a_forked_server_killed_after_the_grace_period_says_so():
    report = launch(target("ignores_sigint.py"), Transport.TCP).stop(grace=0.5)
    assert not report.exited_on_sigint and report.returncode == -signal.SIGKILL


def _without_zygote(action):
    pool, zygote._pool = zygote._pool, None
    try:
        return action()
    finally:
        zygote._pool = pool


def test_a_launch_whose_environment_the_interpreter_reads_at_start_is_not_forked():
    with launch(target("hardcoded_12091.py"), Transport.TCP, env={"PYTHONHASHSEED": "0"}) as server:
        assert isinstance(server.process, subprocess.Popen)


def test_the_zygotes_end_with_their_block():
    pool, zygote._pool = zygote._pool, None
    try:
        with zygote.zygotes():
            with launch(target("hardcoded_12091.py"), Transport.TCP) as server:
                parent = psutil.Process(server.pid).ppid()
        assert not psutil.pid_exists(parent) or psutil.Process(parent).status() == psutil.STATUS_ZOMBIE
    finally:
        zygote._pool = pool


def test_only_standard_modules_the_target_imports_are_preloaded(tmp_path: Path):
    source = tmp_path / "server.py"
    source.write_text("import socketserver, json\nfrom http import server\nimport helper\nfrom . import x\n")
    (tmp_path / "helper.py").write_text("")
    (tmp_path / "json.py").write_text("")  # shadows the standard json for this target
    (tmp_path / "locale.py").write_text("")  # ... and locale, one the zygote would load anyway
    lazy = set(zygote.LAZY_IMPORTS) - {"locale"}
    assert zygote.preloads(source, tmp_path) == sorted({"http", "socketserver"} | lazy)

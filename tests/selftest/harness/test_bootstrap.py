"""The bootstrap inside the target: hard-coded Unix paths private from the first file
operation, and wirecheck's own faults told from the student's by where they were raised
(V-HERMETIC)."""

from __future__ import annotations

import os
import socket
import uuid
from pathlib import Path

import pytest

from protocols import CLOCK, Transport
from wirecheck.checks import checks_for
from wirecheck.core.errors import ServerDidNotStart
from wirecheck.drive.clients import StreamClient
from wirecheck.drive.profiles import get_profile
from wirecheck.drive.runner import RunOptions, check_protocol
from wirecheck.harness import launcher
from wirecheck.harness.launcher import launch
from wirecheck.harness.target import resolve_target

HARNESS_TARGETS = Path(__file__).parent / "harness_targets"
NOBODY = 65534

# A Unix server as students write it, at a hard-coded path named by nothing but its bind()
# (no .sock suffix): it looks at the path in every way before it binds, then removes what it
# found, binds, and tells what it saw.
LOOKS_AT_ITS_PATH = '''
import os, pathlib, socket, stat

PATH = {path!r}


def looks():
    seen = [os.path.exists(PATH), os.path.lexists(PATH), pathlib.Path(PATH).exists(), os.path.isdir(PATH)]
    try:
        os.stat(PATH)
        seen.append(True)
    except FileNotFoundError:
        seen.append(False)
    try:
        with open(PATH, "rb"):
            seen.append(True)
    except OSError:
        seen.append(False)
    return seen


before = looks()
if os.path.exists(PATH):
    os.remove(PATH)
s = socket.socket(socket.AF_UNIX)
s.bind(PATH)
os.chmod(PATH, 0o600)
s.listen()
after = [os.path.exists(PATH), stat.S_ISSOCK(os.stat(PATH).st_mode), pathlib.Path(PATH).is_socket()]
reply = ("before=%s after=%s" % (before, after)).encode()
try:
    while True:
        c, _ = s.accept()
        c.sendall(reply)
        c.close()
except KeyboardInterrupt:
    pass
finally:
    s.close()
    pathlib.Path(PATH).unlink()
    print("gone:", not os.path.exists(PATH))
'''


def greeting(server) -> bytes:
    client = StreamClient(server.address, "probe")
    try:
        client.send(b"What is the time?        ")
        client.wait_end(2.0)
        return bytes(client.received)
    finally:
        client.close()


def _stale(path: str, kind: str) -> None:
    """Something an earlier run left at ``path``, owned by another user."""
    if kind == "socket":
        holder = socket.socket(socket.AF_UNIX)
        holder.bind(path)
        holder.close()
    elif kind == "file":
        Path(path).write_text("left by someone else\n")
        os.chmod(path, 0o600)
    else:
        os.mkdir(path)
        Path(path, "inside").write_text("x")
    if os.geteuid() == 0:
        for item in [path] + ([os.path.join(path, "inside")] if kind == "directory" else []):
            os.chown(item, NOBODY, NOBODY)


def _remove(path: str) -> None:
    if os.path.isdir(path) and not os.path.islink(path):
        for name in os.listdir(path):
            os.unlink(os.path.join(path, name))
        os.rmdir(path)
    elif os.path.lexists(path):
        os.unlink(path)


@pytest.mark.parametrize("kind", ["socket", "file", "directory", None])
def test_what_lies_at_a_hard_coded_unix_path_is_never_seen_nor_touched(tmp_path, kind):
    path = f"/tmp/wirecheck-stale-{uuid.uuid4().hex[:12]}"
    (tmp_path / "server.py").write_text(LOOKS_AT_ITS_PATH.format(path=path))
    if kind:
        _stale(path, kind)
    try:
        before = os.lstat(path) if kind else None
        server = launch(resolve_target(tmp_path / "server.py"), Transport.UNIX)
        try:
            assert server.address.address.startswith(server.tmpdir)
            assert greeting(server) == b"before=[False, False, False, False, False, False] after=[True, True, True]"
        finally:
            report = server.stop()
        output = server.output.text()
        assert report.exited_on_sigint and "Traceback" not in output, output
        assert "gone: True" in output
        if kind:
            after = os.lstat(path)
            assert (after.st_ino, after.st_uid, after.st_mode, after.st_mtime_ns) == (
                before.st_ino, before.st_uid, before.st_mode, before.st_mtime_ns
            )
        else:
            assert not os.path.lexists(path)
    finally:
        _remove(path)


def _faulty_bootstrap(tmp_path: Path, anchor: str, injected: str) -> Path:
    """A copy of the bootstrap with a bug of wirecheck's own put in after ``anchor``."""
    text = launcher.BOOTSTRAP.read_text()
    assert text.count(anchor) == 1
    folder = tmp_path / "faulty"
    folder.mkdir()
    copy = folder / "_bootstrap.py"
    copy.write_text(text.replace(anchor, anchor + injected))
    copy.chmod(0o644)
    folder.chmod(0o755)
    tmp_path.chmod(0o755)
    return copy


FAULTS = {
    "before the target runs": ("    _install(redirect)\n", "    undefined_in_wirecheck_s_main\n"),
    "in bind(), called by the target": (
        "        moved = redirect.address_for(self, address)\n", "        undefined_in_wirecheck_s_bind\n"
    ),
}


@pytest.mark.parametrize("where", list(FAULTS))
def test_a_fault_of_the_bootstrap_is_wirecheck_s_not_the_server_s(tmp_path, monkeypatch, where):
    monkeypatch.setattr(launcher, "BOOTSTRAP", _faulty_bootstrap(tmp_path, *FAULTS[where]))
    with pytest.raises(ServerDidNotStart) as info:
        launch(resolve_target(HARNESS_TARGETS / "hardcoded_12091.py"), Transport.TCP)
    assert info.value.fault == "wirecheck"
    assert "NameError" in info.value.reason and "bootstrap.py" in info.value.reason
    assert info.value.detail().startswith("wirecheck fault (not your server's; ungraded)")


STUDENT_FAULTS = {
    "a name error of its own": "undefined_in_the_student_s_code\n",
    "an error raised through a redirected call": "import os\nos.remove('/nonexistent-wirecheck-path')\n",
    "an error raised by bind() for its own address": "import socket\nsocket.socket().bind(('', 'no port'))\n",
}


@pytest.mark.parametrize("what", list(STUDENT_FAULTS))
def test_the_student_s_own_exception_stays_the_student_s(tmp_path, what):
    (tmp_path / "server.py").write_text(STUDENT_FAULTS[what])
    with pytest.raises(ServerDidNotStart) as info:
        launch(resolve_target(tmp_path / "server.py"), Transport.TCP)
    assert info.value.fault == "server"
    assert info.value.detail().startswith("server did not start")


def test_a_syntax_error_is_the_student_s():
    with pytest.raises(ServerDidNotStart) as info:
        launch(resolve_target(HARNESS_TARGETS / "syntax_error.py"), Transport.TCP)
    assert info.value.fault == "server" and "SyntaxError" in info.value.output


@pytest.mark.slow
def test_a_bootstrap_fault_in_a_check_is_error_wirecheck_retried_once(tmp_path, monkeypatch):
    monkeypatch.setattr(launcher, "BOOTSTRAP", _faulty_bootstrap(tmp_path, *FAULTS["in bind(), called by the target"]))
    launches = []
    real = launcher.launch

    def counted(*args, **kwargs):
        launches.append(args[0])
        return real(*args, **kwargs)

    monkeypatch.setattr(launcher, "launch", counted)
    options = RunOptions(profile=get_profile("quick"), seed=1)
    target = resolve_target(HARNESS_TARGETS / "hardcoded_12091.py")
    result = check_protocol(CLOCK, checks_for("clock"), target, options, only={"CLOCK-1"})
    (item,) = result.requirements
    assert (item.verdict, item.fault) == ("error", "wirecheck"), item.detail
    assert len(launches) == 2  # the start, and its one retry


LISTENS = '''import socket
s = socket.socket()
{bind}s.listen()
while True:
    c, _ = s.accept()
    c.sendall(b"hello")
    c.close()
'''


@pytest.mark.parametrize(
    ("bind", "asked"),
    [("s.bind(('', 12345))\n", ("", 12345)), ("s.bind(('localhost', 12091))\n", ("localhost", 12091)), ("", None)],
)
def test_the_address_the_target_asked_for_is_told_for_c_addr(tmp_path, bind, asked):
    (tmp_path / "server.py").write_text(LISTENS.format(bind=bind))
    with launch(resolve_target(tmp_path / "server.py"), Transport.TCP) as server:
        assert server.address.asked == asked
        assert server.address.address[1] not in (12345, 12091)  # moved all the same
        assert greeting(server) == b"hello"

"""The Unix socket paths a target hard-codes, read from its source before it runs."""

from __future__ import annotations

from wirecheck.harness.unix_paths import conventional_paths, hard_coded_paths, source_paths


def test_the_standard_s_conventional_paths():
    assert conventional_paths() == ["/tmp/clock.sock", "/tmp/clockdgram.sock"]


def test_a_path_bound_by_name_or_literal_or_named_like_a_socket_is_found():
    source = '''
import socket, socketserver
ENDPOINT = "/tmp/my-endpoint"
OTHER: str = "/run/other"
LOG = "/tmp/server.log"
s = socket.socket(socket.AF_UNIX)
s.bind(ENDPOINT)
socketserver.UnixStreamServer(OTHER, None)
t = socket.socket(socket.AF_UNIX)
t.bind("relative-literal")
kept = b"/tmp/bytes.sock"
'''
    assert source_paths(source) == {"/tmp/my-endpoint", "/run/other", "relative-literal", "/tmp/bytes.sock"}


def test_addresses_hosts_and_abstract_names_are_not_paths():
    source = 'import socket\nHOST = "localhost"\ns = socket.socket()\ns.bind((HOST, 12091))\nu = socket.socket(socket.AF_UNIX)\nu.bind("\\0abstract")\n'
    assert source_paths(source) == set()


def test_an_unreadable_source_gives_none():
    assert source_paths("def broken(:\n") == set()


def test_a_config_module_beside_the_target_counts(tmp_path):
    (tmp_path / "config.py").write_text('SOCKET = "/tmp/from-config.sock"\n')
    (tmp_path / "server.py").write_text("from config import SOCKET\n")
    found = hard_coded_paths(tmp_path / "server.py")
    assert "/tmp/from-config.sock" in found and "/tmp/clock.sock" in found

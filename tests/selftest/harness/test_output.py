"""CappedOutput.since: what a server printed after a mark (the start of the failing example),
shown under a failure instead of the end of the whole run's output."""

from __future__ import annotations

import os

from wirecheck.harness.output import CappedOutput


def _output(head: int = 64, tail: int = 64):
    read, write = os.pipe()
    return CappedOutput(os.fdopen(read, "rb"), head=head, tail=tail), write


def test_since_a_mark():
    output, write = _output()
    os.write(write, b"listening\nclient 1\n")
    mark = len(b"listening\nclient 1\n")
    os.write(write, b"client 2 broke me\n")
    os.close(write)
    assert output.wait_closed(5)
    assert output.since(mark) == "client 2 broke me\n"
    assert output.since(output.total) == ""


def test_since_a_mark_past_the_kept_head():
    output, write = _output(head=8, tail=16)
    os.write(write, b"x" * 100)
    mark = 100
    os.write(write, b"the traceback\n")
    os.close(write)
    assert output.wait_closed(5)
    assert output.since(mark) == "the traceback\n"
    everything = output.since(0)
    assert everything.endswith("the traceback\n")
    assert everything.startswith("[… earlier output not kept …]") or everything == "x" * 100 + "the traceback\n"

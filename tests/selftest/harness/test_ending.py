"""A run that ended on an interrupt ends only itself: the next run in the same process (a
test, a notebook, a grader's loop) starts its servers as usual."""

from __future__ import annotations

import pytest

from wirecheck.harness import ending


def test_a_run_ended_by_an_interrupt_leaves_the_next_run_free_to_start_servers():
    with pytest.raises(KeyboardInterrupt):
        with ending.whole_run():
            raise KeyboardInterrupt
    ending.check()  # raises Terminated while the ended run's abort is still in force
    assert not ending.aborting


def test_inside_an_ending_run_no_new_server_starts():
    with pytest.raises(KeyboardInterrupt):
        with ending.whole_run():
            try:
                raise KeyboardInterrupt
            except KeyboardInterrupt:
                ending.begin_abort()
                with pytest.raises(ending.Terminated):
                    ending.check()
                raise

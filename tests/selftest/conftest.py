"""Session-wide guarantee of the self-tests: nothing a test started is left running."""

import psutil
import pytest

from wirecheck.harness.sandbox import UID_RANGE


def leftovers():
    """Live descendants of this process that a target started: they carry the run token,
    or (when targets run unprivileged) a uid of wirecheck's range."""
    left = []
    for proc in psutil.Process().children(recursive=True):
        try:
            if proc.status() == psutil.STATUS_ZOMBIE:
                continue
            ours = UID_RANGE[0] <= proc.uids().real < UID_RANGE[1] or "WIRECHECK_RUN" in proc.environ()
            if ours:
                left.append(f"{proc.pid} {' '.join(proc.cmdline())}")
        except (psutil.NoSuchProcess, psutil.AccessDenied, psutil.ZombieProcess):
            pass
    return left


@pytest.fixture(scope="session", autouse=True)
def no_process_outlives_the_tests():
    yield
    left = leftovers()
    assert not left, "processes started by the tests are still running:\n" + "\n".join(left)


@pytest.fixture(autouse=True)
def no_process_outlives_a_test():
    yield
    left = leftovers()
    assert not left, "processes started by this test are still running:\n" + "\n".join(left)

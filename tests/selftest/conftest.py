"""Session-wide guarantee of the self-tests: nothing a test started is left running."""

import psutil
import pytest


def _leftovers():
    left = []
    for proc in psutil.Process().children(recursive=True):
        try:
            if "WIRECHECK_RUN" in proc.environ() and proc.status() != psutil.STATUS_ZOMBIE:
                left.append(f"{proc.pid} {' '.join(proc.cmdline())}")
        except (psutil.NoSuchProcess, psutil.AccessDenied, psutil.ZombieProcess):
            pass
    return left


@pytest.fixture(scope="session", autouse=True)
def no_process_outlives_the_tests():
    yield
    left = _leftovers()
    assert not left, "processes started by the tests are still running:\n" + "\n".join(left)


@pytest.fixture(autouse=True)
def no_process_outlives_a_test():
    yield
    left = _leftovers()
    assert not left, "processes started by this test are still running:\n" + "\n".join(left)

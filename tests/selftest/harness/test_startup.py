"""Why a server did not start, told in a student's words (wirecheck.harness.startup): the
pure mapping from its output to a cause, on the tracebacks real mistakes print."""

from __future__ import annotations

import pytest

from wirecheck.harness.startup import address_note, explain, student_paths

PRIVATE = "/dev/shm/wirecheck-run-1-x/wirecheck-abc/work/alice"
OWN = "/home/alice/ex1"


def traceback(*frames: tuple[str, int, str], error: str) -> str:
    lines = ["Traceback (most recent call last):"]
    lines += [f'  File "{PRIVATE}/../bootstrap.py", line 300, in <module>', "    main()"]
    lines += ['  File "<frozen runpy>", line 291, in run_path']
    for path, line, source in frames:
        lines += [f'  File "{path}", line {line}, in <module>', f"    {source}"]
    return "\n".join(lines + [error]) + "\n"


CASES = {
    "python 2": (
        f'  File "{PRIVATE}/swapserver.py", line 20\n    print "waiting"\n    ^^^^^^^^^^^^^^^\n'
        "SyntaxError: Missing parentheses in call to 'print'. Did you mean print(...)?\n",
        ["Python 2", '`print "waiting"`', "line 20 of swapserver.py", "print(...)"],
    ),
    "python 2 except": (
        f'  File "{PRIVATE}/swapserver.py", line 9\n    except socket.error, e:\n           ^^^^^^^^^^^^^^^\n'
        "SyntaxError: multiple exception types must be parenthesized\n",
        ["Python 2", "except X as e"],
    ),
    "indentation": (
        f'  File "{PRIVATE}/swapserver.py", line 12\n    conn.send(data)\nIndentationError: unexpected indent\n',
        ["indentation", "line 12 of swapserver.py", "unexpected indent"],
    ),
    "tabs": (
        f'  File "{PRIVATE}/swapserver.py", line 7\n    s.listen(5)\n'
        "TabError: inconsistent use of tabs and spaces in indentation\n",
        ["indentation", "tabs and spaces"],
    ),
    "argv": (
        traceback((f"{PRIVATE}/swapserver.py", 3, "PORT = int(sys.argv[1])"), error="IndexError: list index out of range"),
        ["command-line argument", "sys.argv[1]", "line 3 of swapserver.py", "default"],
    ),
    "module": (
        traceback((f"{PRIVATE}/swapserver.py", 1, "import numpyy"), error="ModuleNotFoundError: No module named 'numpyy'"),
        ["`numpyy`", "line 1 of swapserver.py", "installed"],
    ),
    "address": (
        traceback((f"{PRIVATE}/swapserver.py", 5, "s.bind(('', 12092))"), error="OSError: [Errno 98] Address already in use"),
        ["could not bind", "already in use"],
    ),
    "stdin": (
        traceback((f"{PRIVATE}/fork.py", 4, "input('press enter')"), error="EOFError: EOF when reading a line"),
        ["standard input", "input('press enter')", "line 4 of fork.py"],
    ),
    "raw_input": (
        traceback((f"{PRIVATE}/guessserver.py", 2, "n = raw_input()"), error="NameError: name 'raw_input' is not defined"),
        ["Python 2", "raw_input"],
    ),
}


@pytest.mark.parametrize("name", list(CASES))
def test_a_cause_in_a_students_words(name):
    output, wanted = CASES[name]
    told = explain(output, "it exited with status 1 before listening", PRIVATE, OWN)
    assert told.cause is not None
    for part in wanted:
        assert part in told.cause, f"{part!r} not in {told.cause!r}"
    assert PRIVATE not in told.output and "bootstrap.py" not in told.output and "runpy" not in told.output
    assert OWN in told.output


def test_no_cause_is_made_up():
    assert explain("", "it did not listen within 5 s").cause is None
    assert explain("server is listening\n", "it exited with status 1 before listening").cause is None


def test_a_server_that_ends_without_error_before_listening_is_told_main_may_not_be_called():
    told = explain("server is listening\n", "it exited with status 0 before listening")
    assert told.cause is not None and "exited (status 0) before it listened" in told.cause and "main()" in told.cause
    assert explain("", "it exited with status 3 before listening").cause is None


def test_the_students_own_paths():
    shown = student_paths(f'  File "{PRIVATE}/a.py", line 1\n', PRIVATE, OWN)
    assert shown == f'  File "{OWN}/a.py", line 1\n'


def test_c_addr_tells_where_a_server_listened_when_the_course_s_client_would_not_find_it():
    assert address_note(12091, "inet", ("", 12091), ("127.0.0.1", 40001)) == ""
    assert address_note(12091, "inet", ("localhost", 12345), ("127.0.0.1", 40001)) == (
        "your server listened on port 12345; the course's client connects to 12091"
    )
    assert address_note(12091, "inet", None, ("127.0.0.1", 41233)) == (
        "your server listened on port 41233 (no bind); the course's client connects to 12091"
    )
    assert "bound to port 0" in address_note(8000, "inet6", ("::", 0, 0, 0), ("::1", 40002, 0, 0))
    assert address_note(None, "unix", "/tmp/any.sock", "/private/s0.sock") == ""
    assert "no path" in address_note(None, "unix", None, "")

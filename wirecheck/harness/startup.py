"""Why a server did not start, in a student's words: a pure function from what the server
printed (and how it ended) to a cause, and the same output with the private copy's paths
turned back into the student's own.

Nothing here runs anything: ``launcher`` calls ``explain`` with the captured output, and the
reporters print the cause once per run."""

from __future__ import annotations

import re
from dataclasses import dataclass

_FILE_LINE = re.compile(r'File "([^"]+)", line (\d+)')
_ERROR_LINE = re.compile(r"^(\w+(?:\.\w+)*(?:Error|Exception|Exit|Interrupt)|EOFError|KeyboardInterrupt)(?::\s*(.*))?$")
# Frames of wirecheck's own start-up code and of the interpreter's module runner: not the
# student's, and only in the way of reading the traceback.
_OWN_FRAMES = ("bootstrap.py", "<frozen runpy>", "/runpy.py")


@dataclass(frozen=True)
class StartFailure:
    cause: str | None  # what went wrong and what to do, or None when it cannot be told
    output: str  # the server's output, with the student's paths


def student_paths(output: str, private_root: str | None, student_root: str | None) -> str:
    """``output`` with the private copy's folder (``private_root``) written as the student's
    (``student_root``), and wirecheck's own traceback frames left out."""
    if private_root and student_root:
        output = output.replace(private_root.rstrip("/"), student_root.rstrip("/"))
    lines = output.splitlines()
    kept: list[str] = []
    skip_next = False
    for line in lines:
        if skip_next:
            skip_next = False
            if line.startswith("    ") and not line.lstrip().startswith("File "):
                continue
        stripped = line.strip()
        if stripped.startswith("File ") and any(own in stripped for own in _OWN_FRAMES):
            skip_next = True
            continue
        kept.append(line)
    return "\n".join(kept) + ("\n" if output.endswith("\n") else "")


def explain(output: str, reason: str = "", private_root: str | None = None, student_root: str | None = None) -> StartFailure:
    """The cause of a start that failed, told from the server's ``output`` (its traceback,
    if any) and ``reason`` (how the harness saw it end: "it exited with status 1 before
    listening", "it did not listen within 5 s")."""
    shown = student_paths(output, private_root, student_root)
    return StartFailure(_cause(shown, reason), shown)


def _last_error(lines: list[str]) -> tuple[str, str] | None:
    for line in reversed(lines):
        match = _ERROR_LINE.match(line.strip())
        if match:
            return match.group(1), (match.group(2) or "").strip()
    return None


def _student_frame(lines: list[str]) -> tuple[str, int, str] | None:
    """The last frame of the traceback in the student's code: its file, line and source."""
    found = None
    for index, line in enumerate(lines):
        match = _FILE_LINE.search(line)
        if match and not any(own in line for own in _OWN_FRAMES) and "/lib/python" not in match.group(1):
            source = lines[index + 1].strip() if index + 1 < len(lines) else ""
            if source.startswith("File ") or _ERROR_LINE.match(source):
                source = ""
            found = (match.group(1), int(match.group(2)), source)
    return found


def _where(frame: tuple[str, int, str] | None) -> str:
    if frame is None:
        return ""
    name = frame[0].replace("\\", "/").rsplit("/", 1)[-1]
    return f" at line {frame[1]} of {name}"


def _cause(output: str, reason: str) -> str | None:
    lines = output.splitlines()
    error = _last_error(lines)
    frame = _student_frame(lines)
    where = _where(frame)
    source = frame[2] if frame else ""
    if error is None:  # no traceback: how it ended (the reason) is all there is to tell
        if "exited with status 0 before listening" in reason:
            # It ran to its end without an error: its serving code was never reached.
            return (
                "your server exited (status 0) before it listened: is `main()` called? "
                "(or is the loop that serves clients never entered?)"
            )
        return None
    kind, message = error
    short = kind.rsplit(".", 1)[-1]
    if short == "SyntaxError" and ("Missing parentheses in call to 'print'" in message or _is_python2_print(source)):
        shown = f"`{source}`" if source else "`print ...`"
        return (
            f"this file is Python 2: {shown}{where} — wirecheck runs servers with Python 3, "
            f"where print is a function: print(...)"
        )
    if short == "SyntaxError" and ("multiple exception types must be parenthesized" in message or re.match(r"except\s+\w+\s*,\s*\w+\s*:", source)):
        return (
            f"this file is Python 2: `{source or 'except X, e:'}`{where} — in Python 3 it is `except X as e:`"
        )
    if short in ("IndentationError", "TabError"):
        what = message.split(" (", 1)[0] or "wrong indentation"
        hint = " (tabs and spaces are mixed)" if short == "TabError" or "tab" in message else ""
        return f"the indentation is wrong{where}: {what}{hint} — every line of a block must be indented alike"
    if short == "SyntaxError":
        return f"Python cannot read this file{where}: {message or 'invalid syntax'}"
    if short == "IndexError" and "sys.argv" in source:
        return (
            f"it needs a command-line argument (`{source}`{where}), but a server is run with none: "
            f"give it a default, e.g. `int(sys.argv[1]) if len(sys.argv) > 1 else PORT`"
        )
    if short == "NameError" and re.search(r"'(raw_input|unicode|xrange|basestring)'", message):
        name = re.search(r"'(\w+)'", message).group(1)
        return f"this file is Python 2: `{name}`{where} does not exist in Python 3, which wirecheck runs servers with"
    if short == "ModuleNotFoundError":
        module = re.search(r"No module named '([^']+)'", message)
        name = module.group(1) if module else message
        return f"it imports `{name}`{where}, which is neither installed nor a file in your folder"
    if short == "ImportError":
        return f"an import failed{where}: {message}"
    if short == "EOFError" or (short in ("OSError", "ValueError") and "stdin" in message):
        return (
            f"it reads standard input (`{source or 'input()'}`{where}) before it listens, "
            f"but nobody types into a server under test: take what it asks for from a constant or an argument"
        )
    if short in ("OSError", "PermissionError", "socket.gaierror", "gaierror") or "Errno" in message:
        if "Address already in use" in message or "[Errno 98]" in message:
            return f"it could not bind its address{where}: the address is already in use (another server still running?)"
        if "Cannot assign requested address" in message or "[Errno 99]" in message:
            return f"it binds an address this machine does not have{where} — bind '' or 'localhost'"
        if "Permission denied" in message or "[Errno 13]" in message:
            return f"it may not bind its address{where}: permission denied (ports below 1024 need root)"
        if "Name or service not known" in message or "nodename nor servname" in message:
            return f"it binds a host name that cannot be resolved{where} — bind '' or 'localhost'"
    return f"it stopped with {short}{where}: {message}" if message else f"it stopped with {short}{where}"


def address_note(protocol_port: int | None, family: str, asked, actual) -> str:
    """C-ADDR in one line: where the server listened when the course's client would not find
    it there — another port than its protocol's, or a ``listen()`` with no ``bind()`` — else
    "". ``asked`` is what its own bind asked for (None: no bind), ``actual`` where the
    harness let it listen. For a Unix socket any path (or abstract name) is its own choice,
    as the course's client is told it; only a socket with no name at all is noted."""
    if family == "unix":
        if asked is None or asked in ("", b""):
            return "your server listened on a Unix socket with no path (no bind); the course's client connects to a path"
        return ""
    if protocol_port is None:
        return ""
    if asked is None:
        port = actual[1] if isinstance(actual, (tuple, list)) and len(actual) > 1 else "?"
        return f"your server listened on port {port} (no bind); the course's client connects to {protocol_port}"
    port = asked[1] if isinstance(asked, (tuple, list)) and len(asked) > 1 else None
    if port == protocol_port:
        return ""
    if port == 0:
        chosen = actual[1] if isinstance(actual, (tuple, list)) and len(actual) > 1 else "?"
        return f"your server listened on port {chosen} (bound to port 0); the course's client connects to {protocol_port}"
    return f"your server listened on port {port}; the course's client connects to {protocol_port}"


def _is_python2_print(source: str) -> bool:
    return bool(re.match(r"print\s+[^\s(=]", source)) or source == "print"

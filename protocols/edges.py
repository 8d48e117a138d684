"""V-EDGE as data: the cases at the edge of each requirement's rule, tried on every run, in
every profile, before any random example (C-EXACT, C-ROBUST, C-PATIENCE and C-CONC name them).

Each case is what its clients do, in a student's words; the checks play it with their
machines' own steps (``wirecheck.drive.edges``), and ``docs/standard.md`` shows the list as a
generated table (``wirecheck list --edges``). A profile may cut the random examples, never
these. Pure data: no sockets."""

from __future__ import annotations

from dataclasses import dataclass

# C-PATIENCE: the longest pause a client may make between two of its steps and still be
# served as if it had not paused.
PATIENCE = 3.0
# C-EXACT: the pause before a piece that comes alone — long enough for a server that
# answers early to have answered, on a loaded machine too.
ALONE_PAUSE = 0.5
# The pause before a request's last byte, sent alone: longer than C-TIME's 2 s, since a
# server may take up to 2 s to answer, so one that answers after 24 bytes (the 24-byte read)
# but waits a second first has answered only once this has passed. Within C-PATIENCE's 3 s.
LAST_BYTE_PAUSE = 2.5
# GUESS-7: a guess that is no number, sent once the secret is found.
NOT_A_NUMBER = "hello"
# CLOCK-3: requests other than the course's question, fixed so that every run sends them.
OTHER_QUESTION = "What time is it, please?"
PUNCTUATION = "!#$%()*+,-./0123456789:;="


@dataclass(frozen=True)
class EdgeCase:
    requirement: str  # the ID it is tried for
    name: str  # short, unique within its requirement: `last byte alone`
    rule: str  # the common rule it is the edge of: C-EXACT, C-ROBUST, C-PATIENCE, C-CONC, SWAP-6
    does: str  # what the clients do, for the table

    @property
    def method(self) -> str:
        """The machine's method that plays it: ``edge_`` and its name in snake case."""
        return "edge_" + self.name.lower().replace(" ", "_").replace("-", "_")


def _exact(req: str, unit: str = "request") -> tuple[EdgeCase, ...]:
    return (
        EdgeCase(req, "last byte alone", "C-EXACT", f"a client sends 24 bytes of its {unit}, {LAST_BYTE_PAUSE:g} s pass (nothing may come), then byte 25"),
        EdgeCase(req, "first byte alone", "C-EXACT", f"a client sends byte 1 of its {unit}, {ALONE_PAUSE:g} s pass (nothing may come), then the other 24"),
        EdgeCase(
            req, "longest pauses", "C-PATIENCE",
            f"client 1 sends 12 bytes of its {unit} and pauses {PATIENCE:g} s, then sends the other 13; meanwhile client 2 "
            f"connects and pauses {PATIENCE:g} s before its first byte, then sends its {unit}: both are answered",
        ),
    )


def _content(req: str) -> tuple[EdgeCase, ...]:
    return (
        EdgeCase(req, "another question", "CLOCK-3", f"a client sends `{OTHER_QUESTION}` and a space, not the course's question: it gets the time"),
        EdgeCase(req, "punctuation and digits", "CLOCK-3", f"a client sends the 25 printable bytes `{PUNCTUATION}`: it gets the time"),
    )


def _robust(req: str) -> tuple[EdgeCase, ...]:
    after = "then a normal client is served"
    return (
        EdgeCase(req, "closes at once", "C-ROBUST", f"a client connects and closes at once; {after}"),
        EdgeCase(req, "resets", "C-ROBUST", f"a client connects and resets the connection; {after}"),
        EdgeCase(req, "part then leaves", "C-ROBUST", f"a client sends 12 of its 25 bytes and disconnects; {after}"),
        EdgeCase(req, "non-ASCII", "C-ROBUST", f"a client sends 25 bytes that are not ASCII and closes; {after}"),
    )


# --- the datagram clocks (UDP-1, UNIXD-1) -------------------------------------------------
# The standard gives datagram protocols no C-ROBUST ID of their own: a server that a
# misbehaving datagram stops no longer answers 25-byte requests, which is UDP-1's (UNIXD-1's)
# failure. What a misbehaving client itself gets back is never judged (the standard asks
# nothing of datagrams other than 25-byte ASCII requests), and the normal client that
# follows has a socket of its own.


def _datagram_robust(req: str) -> tuple[EdgeCase, ...]:
    after = "then a normal client, from a socket of its own, sends a 25-byte request and gets the time back"
    return (
        EdgeCase(req, "short datagram", "C-ROBUST", f"a client sends a datagram of 12 bytes (any answer, or none, will do); {after}"),
        EdgeCase(req, "empty datagram", "C-ROBUST", f"a client sends an empty datagram (any answer, or none, will do); {after}"),
        EdgeCase(req, "non-ASCII", "C-ROBUST", f"a client sends a datagram of 25 bytes that are not ASCII (any answer, or none, will do); {after}"),
    )


_DATAGRAM_EDGES = (*_datagram_robust("UDP-1"), *_datagram_robust("UNIXD-1"))


# --- the HTTP servers (hello-web, guess-web) ---------------------------------------------
# C-ROBUST as WEB-5 words it (WGUESS-5 is "as WEB-5"): a misbehaving client, whatever it
# gets back (an answer, a 400, a close), then a normal request that must be answered (in any
# shape: what the answer says is judged by WEB-2 and WGUESS-1, V-WITNESS).
# C-CONC (WEB-6, WGUESS-6): a client stays connected having sent nothing, or half a request.


# WEB-5: "other well-formed methods get a 4xx/5xx answer". Every one of them is sent on every
# run: a server that tells GET from the others by comparing the method's order (`method > "GET"`)
# passes whichever of them sort on the wrong side, so a draw of some could miss it.
OTHER_METHODS = ("POST", "PUT", "DELETE", "PATCH")


def _web_robust(req: str, normal: str) -> tuple[EdgeCase, ...]:
    after = f"then {normal}"
    methods = ", ".join(f"`{m}`" for m in OTHER_METHODS[:-1]) + f" and `{OTHER_METHODS[-1]}`"
    return (
        EdgeCase(req, "closes at once", "C-ROBUST", f"a client connects and closes at once; {after}"),
        EdgeCase(req, "resets", "C-ROBUST", f"a client connects and resets the connection; {after}"),
        EdgeCase(req, "part then leaves", "C-ROBUST", f"a client sends `GET / HT` and disconnects; {after}"),
        EdgeCase(req, "non-ASCII", "C-ROBUST", f"a client sends a request line with bytes that are not ASCII (`GET /\\xff\\xfe\\x80\\xe9 HTTP/1.0`) and closes; {after}"),
        EdgeCase(req, "bad escape", "C-ROBUST", f"a client sends `GET /%zz HTTP/1.0` (any answer, or none, will do); {after}"),
        EdgeCase(req, "lone percent", "C-ROBUST", f"a client sends `GET /% HTTP/1.0` (any answer, or none, will do); {after}"),
        EdgeCase(req, "other methods", "WEB-5", f"{methods} `/`, each from a client of its own: each gets a 4xx or 5xx answer"),
    )


def _web_conc(req: str, half: str, normal: str) -> tuple[EdgeCase, ...]:
    return (
        EdgeCase(req, "silent then one asks", "C-CONC", f"client 1 connects and sends nothing; while it stays connected, {normal} within 2 s"),
        EdgeCase(req, "half then one asks", "C-CONC", f"client 1 sends half a request ({half}) and stops; while it stays connected, {normal} within 2 s"),
    )


_HELLO_WEB_NORMAL = "a client's `GET /` is answered"
_HELLO_WEB_ANSWERED = "client 2's `GET /` is answered"
_GUESS_WEB_NORMAL = "a client's guess (`GET /favicon.ico`) is answered"
_GUESS_WEB_ANSWERED = "client 2's guess (`GET /favicon.ico`) is answered"
_HELLO_WEB_EDGES = (*_web_robust("WEB-5", _HELLO_WEB_NORMAL), *_web_conc("WEB-6", "`GET / HTTP/1.0\\r\\nHost`", _HELLO_WEB_ANSWERED))
_GUESS_WEB_EDGES = (*_web_robust("WGUESS-5", _GUESS_WEB_NORMAL), *_web_conc("WGUESS-6", "`GET /favicon.ico HTTP/1.0\\r\\n`, no blank line", _GUESS_WEB_ANSWERED))


_SWAP_EXACT = (
    EdgeCase("SWAP-7", "last byte alone", "C-EXACT", f"client 1 sends its message and waits; client 2 sends 24 bytes, {LAST_BYTE_PAUSE:g} s pass (nothing may come to either), then byte 25: they swap"),
    EdgeCase(
        "SWAP-7", "both last bytes alone", "C-EXACT",
        f"clients 1 and 2 each send 24 bytes, {LAST_BYTE_PAUSE:g} s pass (nothing may come to either), then both send byte 25: "
        "they swap (neither waits alone, so a server that gives up on a lone waiter still shows how it reads a message)",
    ),
    EdgeCase("SWAP-7", "first byte alone", "C-EXACT", f"client 1 sends its message and waits; client 2 sends byte 1, {ALONE_PAUSE:g} s pass (nothing may come to either), then the other 24: they swap"),
    EdgeCase(
        "SWAP-7", "longest pauses", "C-PATIENCE",
        f"client 1 sends its message and waits; client 2 sends 12 bytes and pauses {PATIENCE:g} s, then sends the other 13: "
        f"they swap; meanwhile client 3 pauses {PATIENCE:g} s before its first byte, then sends its message, and client 4 its own: they swap",
    ),
    # A message cut short is SWAP-7's ("Where two requirements meet"), also when it is cut by
    # its sender leaving: `if not message: return` after `rfile.read(25)` lets the piece through,
    # and only a client waiting at that moment shows it.
    EdgeCase(
        "SWAP-7", "part then leaves while one waits", "C-EXACT",
        "client 1 sends its message and waits; client 2 sends 12 of its 25 bytes and disconnects; "
        "then client 3 sends its message: clients 1 and 3 swap, and client 1 never receives client 2's piece",
    ),
)

_SWAP_WAITING = (
    EdgeCase("SWAP-4", "lone waiter", "C-PATIENCE", f"client 1 sends its message and waits alone for {PATIENCE:g} s (nothing may come); then client 2 sends: they swap"),
    EdgeCase(
        "SWAP-4", "waiter left", "C-PATIENCE",
        f"client 1 sends its message and disconnects while it waits; {ALONE_PAUSE:g} s later clients 2 and 3 send theirs, one after the other: they swap",
    ),
    EdgeCase(
        "SWAP-6", "waiter left", "SWAP-6",
        f"client 1 sends its message and disconnects while it waits; {ALONE_PAUSE:g} s later clients 2 and 3 send theirs, one after the other: they swap",
    ),
)

_SWAP_ROBUST = (
    EdgeCase("SWAP-8", "closes at once", "C-ROBUST", "a client connects and closes at once; then two clients swap"),
    EdgeCase("SWAP-8", "resets", "C-ROBUST", "a client connects and resets the connection; then two clients swap"),
    EdgeCase("SWAP-8", "part then leaves", "C-ROBUST", "a client sends 12 of its 25 bytes and disconnects; then two clients swap"),
    EdgeCase("SWAP-8", "non-ASCII", "C-ROBUST", "a client sends 25 bytes that are not ASCII and closes; then two clients swap"),
    EdgeCase("SWAP-8", "resets while waiting", "C-ROBUST", "a client sends its message and resets the connection while it waits; then two clients swap"),
)

_FORK_PIPELINE = (
    EdgeCase("FORK-2", "two in one write", "C-EXACT", "a client sends two requests in one write: two replies come"),
)

# FORK-5 at the moment it is hardest: children that exit together. Signals of one kind do not
# queue, so a SIGCHLD handler that reaps one child per signal leaves the others zombies.
TOGETHER = 4  # the clients that close at once

_FORK_ZOMBIES = (
    EdgeCase(
        "FORK-5", "children exit together", "FORK-5",
        f"clients 1 to {TOGETHER} each ask and read their reply; then all {TOGETHER} close while the listening process is "
        f"held off the CPU, so that their children's exits reach it as one SIGCHLD; once it runs again, within 2 s no child "
        "is left a zombie",
    ),
)

# C-CONC (SHOULD): a client that is connected but silent, or has sent only part of its
# request, does not delay the answer to any other client. Outside the C-CONC IDs a reply is
# due only once every client connected earlier has completed its request ("Where two
# requirements meet"), so these cases belong to the C-CONC IDs alone.
CONC_PART = 12  # the bytes a stalled client sends before it stops


def _conc(req: str, unit: str = "request") -> tuple[EdgeCase, ...]:
    answered = "it is answered within C-TIME's 2 s while client 1 is still connected"
    return (
        EdgeCase(req, "silent then one asks", "C-CONC", f"client 1 connects and sends nothing; client 2 connects and sends its whole {unit}: {answered}"),
        EdgeCase(
            req, "half then one asks", "C-CONC",
            f"client 1 sends {CONC_PART} bytes of its {unit} and stops; client 2 connects and sends its whole {unit}: {answered}",
        ),
    )


_SWAP_CONC = (
    EdgeCase("SWAP-9", "silent then two swap", "C-CONC", "client 1 connects and sends nothing; clients 2 and 3 connect and send their messages: they swap within 2 s while client 1 is still connected"),
    EdgeCase(
        "SWAP-9", "half then two swap", "C-CONC",
        f"client 1 sends {CONC_PART} bytes of its message and stops; clients 2 and 3 connect and send their messages: they swap within 2 s while client 1 is still connected",
    ),
)

# SWAP-6 with waiters that reset their connection (RST, not a close): a server that finds a
# departure by reading end of file and takes the error a reset gives for a live client pairs
# the next client with it.
# The same case is SWAP-4's too: a server whose departure test raises on the reset (a peek
# with no `except OSError`) drops the next client, whose handler dies of it, and the
# answer it waited for never comes. Whether the waiter's own poll or the next client meets
# the reset first is the server's timing: several rounds make the second all but certain.
RESET_ROUNDS = 5

_WAITER_RESETS = (
    f"client 1 sends its message and resets its connection while it waits; a moment later client 2 sends its "
    f"message and waits in its turn; {RESET_ROUNDS} times over, each waiter resets and the next one comes. Then one "
    "more client sends its message: it swaps with the last waiter"
)
_SWAP_WAITER_RESETS = (
    EdgeCase("SWAP-4", "waiter resets", "C-ROBUST", _WAITER_RESETS + ", and no waiting client is ever dropped"),
    EdgeCase("SWAP-6", "waiter resets", "SWAP-6", _WAITER_RESETS + ", and no client ever receives the message of one that had reset"),
)

# SWAP-6 at the moment it is hardest: the waiter leaves as the next message completes, so a
# server sees both in one round of events (an event loop that forgets the waiter it has just
# dropped reads a closed socket).
WAITER_RACE_ROUNDS = 10

_SWAP_WAITER_RACE = (
    EdgeCase(
        "SWAP-6", "waiter leaves as next completes", "SWAP-6",
        f"client 1 sends its message and waits; then {WAITER_RACE_ROUNDS} times: the next client sends 24 bytes, a moment later "
        "byte 25, and at once the waiter disconnects (closes its connection, or every other round resets it); the next one "
        "waits in its turn (the next round's waiter). Then one more client comes: the two swap, and the server is still up",
    ),
)

# C-ROBUST is "MUST, every protocol", and clock-unix has no C-ROBUST ID of its own: over a Unix
# stream socket it is judged under UNIX-1 (CLOCK-1..3 hold there), as the client after the
# misbehaving one sends a request CLOCK-1..3 must answer.
_UNIX_ROBUST = _robust("UNIX-1")

EDGES: tuple[EdgeCase, ...] = (
    *_exact("CLOCK-2"),
    *_content("CLOCK-3"),
    *_robust("CLOCK-6"),
    *_conc("CLOCK-7"),
    *_exact("UNIX-1"),
    *_content("UNIX-1"),
    *_UNIX_ROBUST,
    *_DATAGRAM_EDGES,
    *_FORK_PIPELINE,
    *_exact("FORK-2"),
    *_FORK_ZOMBIES,
    *_robust("FORK-7"),
    *_conc("FORK-8"),
    *_HELLO_WEB_EDGES,
    *_SWAP_WAITING,
    *_SWAP_WAITER_RACE,
    *_SWAP_WAITER_RESETS,
    *_SWAP_EXACT,
    *_SWAP_ROBUST,
    *_SWAP_CONC,
    # GUESS-5 at the edge of equality: the numbers next to SECRET. A test that should be `==`
    # but lets a neighbour through (`<=`, `>=`) answers `right` to one of them: the server's
    # secret is then not SECRET, which only the draws that happen to guess next to it showed.
    EdgeCase("GUESS-5", "one below the secret", "GUESS-5", "a client guesses SECRET less one (30 when SECRET is 31) before anyone has found it: it gets `wrong`, not `right`"),
    EdgeCase("GUESS-5", "one above the secret", "GUESS-5", "a client guesses SECRET plus one (32 when SECRET is 31) before anyone has found it: it gets `wrong`, not `right`"),
    *_exact("GUESS-6", "guess"),
    *_robust("GUESS-7"),
    EdgeCase(
        "GUESS-7", "not a number after the find", "GUESS-7",
        f"client 1 guesses the secret and gets `right`; then client 2 sends `{NOT_A_NUMBER}`: it gets `secret found`, not `wrong`",
    ),
    *_conc("GUESS-8", "guess"),
    *_GUESS_WEB_EDGES,
)


def edges_for(requirement: str) -> tuple[EdgeCase, ...]:
    """The edge cases tried for ``requirement``, in the order they run."""
    return tuple(e for e in EDGES if e.requirement == requirement)


def _check() -> None:
    seen = set()
    for edge in EDGES:
        key = (edge.requirement, edge.name)
        if key in seen:
            raise ValueError(f"{edge.requirement}: two edge cases named {edge.name!r}")
        seen.add(key)


_check()

"""The clock-fork checks: sessions of clock requests (FORK-1, FORK-2, FORK-8) and the
process rules of a forking server (FORK-3..6), each judged on its own, and C-ROBUST (FORK-7).

Clients open sessions, ask, read their replies, stall and close in any order. After every
step the check of the moment's requirement looks at what must hold then — the replies (one
per request, in order, each the current time), or the server's process tree: the live
processes that may serve a client, which of them holds which client's connection, since
when an exited child has waited to be reaped (see ``wirecheck.drive.process_observer``).

What each check takes on (so that a bug fails only its own ID):
- FORK-1 runs its sessions lock-step: a client asks again only after its last reply.
- FORK-2 writes, on a fresh connection, one burst of one to three requests cut anywhere
  except between two requests (split and pipelined at once), then reads the replies.
- Elsewhere a client asks once (the first exchange of a session), then stays idle, stalls
  or closes: a session that ends after its first exchange breaks FORK-1 alone.
- Outside FORK-8 a reply is *due* only once every client connected earlier has closed — a
  server serving one session at a time breaks FORK-8 alone — unless the server was seen,
  before the first example, to answer a second session while the first stayed silent.
- A well-behaved client closes only between requests, after its replies (at teardown too);
  clients that misbehave are FORK-7's.
- FORK-3 counts the live processes of the server's whole tree other than the listening
  process; FORK-3..6 hold only where a child was seen serving a client that had a reply
  (V-WITNESS): for a server that has no child processes they are "not shown".
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from hypothesis import strategies as st
from hypothesis.stateful import invariant, rule

from protocols.clock import CTIME_LENGTH, judge_ctime, single_digit_day_shift, take_reply
from protocols.edges import ALONE_PAUSE, CONC_PART, LAST_BYTE_PAUSE, PATIENCE, TOGETHER
from protocols.framing import CANONICAL_REQUEST, REQUEST_SIZE, show

from ..drive.clients import StreamClient
from ..harness.launcher import STOP_GRACE
from ..drive.machine import REPLY_DUE, MachineContext, ProtocolMachine, focus_on
from ..drive.process_observer import STARVED_MOST, ProcessObserver
from ..drive.replay import reply as reply_arrives, silent as receives_nothing
from ..drive.runner import Check
from ..harness.sandbox import DEFAULT_LIMITS
from .clock import any_request, clock_note, non_ascii_requests

# A session's pauses stay short here: C-PATIENCE's long ones are not yet drawn for clock-fork.
pauses = st.sampled_from([0.0, 0.01, 0.03])

PROCESS_LIMIT = 2.0  # FORK-4: a child exits within 2 s of its client closing; FORK-5: reaped within 2 s
# After a write that leaves a request unfinished: the server reads the piece on its own,
# and an early reply shows at once (one that comes later still makes a reply too many).
FRAGMENT_GAP = 0.02
ROBUST_WINDOW = 0.2  # how long a client that sent non-ASCII bytes waits for an answer or the end
# A shared server is replaced once it has had this many clients: a server whose children
# never exit (FORK-4) or are never reaped (FORK-5) would otherwise reach the sandbox's
# process limit and refuse clients in the checks of other requirements.
CLIENTS_PER_SERVER = DEFAULT_LIMITS.processes // 2

SESSIONS = ("FORK-1", "FORK-2", "FORK-3", "FORK-4", "FORK-5", "FORK-6", "FORK-8")
ASKING = ("FORK-1", "FORK-3", "FORK-4", "FORK-5", "FORK-6", "FORK-8")
CHILD_EXITS = {"FORK-4", "FORK-5"}  # where closing a client waits for its child to exit
PROCESS_RULES = {"FORK-3", "FORK-4", "FORK-5", "FORK-6"}  # judged on processes, not on what clients see
STALLS = ("FORK-6", "FORK-8")  # a client sends part of a request and stops


@dataclass
class Session:
    """What the model knows of one client's session (the server's side is never read)."""

    port: int  # the client's own port: the remote port of the server's side of it
    sent: int = 0  # bytes of requests written
    stream: bytes = b""  # the requests of this connection, back to back, as planned
    planned: list[int] = field(default_factory=list)  # ends of the writes still to make (FORK-2)
    asked_at: list[float] = field(default_factory=list)  # when each request's last byte went out
    replies: list[bytes] = field(default_factory=list)
    consumed: int = 0  # bytes of the client's input already split into replies
    read_upto: int = 0  # requests whose replies a read step has awaited (model: arrived or not)
    stalled: bool = False  # stopped in the middle of a request (FORK-6, FORK-8)

    @property
    def complete(self) -> int:
        return self.sent // REQUEST_SIZE

    @property
    def partial(self) -> bool:
        return self.sent % REQUEST_SIZE != 0 or bool(self.planned)

    @property
    def awaited(self) -> int:
        """Complete requests whose replies no read step has awaited yet."""
        return self.complete - self.read_upto


def plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def names(clients: list[str]) -> str:
    numbers = [c.removeprefix("client ") for c in clients]
    if len(numbers) == 1:
        return f"client {numbers[0]}"
    return "clients " + ", ".join(numbers[:-1]) + f" and {numbers[-1]}"


def describe_write(start: int, end: int) -> str:
    """Which requests (or pieces of them) bytes ``start``..``end`` of a connection carry."""
    parts = []
    first, last = start // REQUEST_SIZE, (end - 1) // REQUEST_SIZE
    for index in range(first, last + 1):
        lo = max(start, index * REQUEST_SIZE) - index * REQUEST_SIZE
        hi = min(end, (index + 1) * REQUEST_SIZE) - index * REQUEST_SIZE
        number = index + 1
        if lo == 0 and hi == REQUEST_SIZE:
            parts.append(f"request {number}")
        elif lo == 0:
            parts.append(f"bytes 1–{hi} of request {number}")
        elif hi == REQUEST_SIZE:
            parts.append(f"the rest of request {number} (bytes {lo + 1}–{hi})")
        else:
            parts.append(f"bytes {lo + 1}–{hi} of request {number}")
    whole = all(p.startswith("request ") for p in parts)
    if whole and len(parts) > 1:
        return f"requests {first + 1} to {last + 1} in one write" if len(parts) > 2 else f"requests {first + 1} and {last + 1} in one write"
    return " and ".join(parts)


def bursts(count: int):
    """Cut points of a burst of ``count`` requests: anywhere inside a request, never between
    two (a burst is one exchange); one request is always split (up to four writes)."""
    total = count * REQUEST_SIZE
    inside = st.integers(1, total - 1).filter(lambda n: n % REQUEST_SIZE)
    return st.lists(inside, min_size=1 if count == 1 else 0, max_size=3, unique=True).map(sorted)


def serves_concurrently(server, notes: dict) -> bool:
    """Whether the server answers a session while an earlier one is connected and silent.

    Asked once per check, before its first example, and kept in the check's notes: what a
    machine's rules may pick must not change from one example to the next. Both probing
    clients behave well (each asks once and reads its reply before closing)."""
    if "concurrent" not in notes:
        notes["concurrent"] = _probe_concurrency(server)
        notes["clients"] = notes.get("clients", 0) + 2
    return notes["concurrent"]


def _probe_concurrency(server) -> bool:
    has_reply = lambda c: len(c.received) >= CTIME_LENGTH or c.ended  # noqa: E731
    try:
        first = StreamClient(server.address, "probe 1")
    except OSError:
        return True
    try:
        second = StreamClient(server.address, "probe 2")
    except OSError:
        first.close()
        return True
    concurrent = False
    try:
        second.send(CANONICAL_REQUEST)
        concurrent = second.wait_until(has_reply, REPLY_DUE) and len(second.received) >= CTIME_LENGTH
        first.send(CANONICAL_REQUEST)
        first.wait_until(has_reply, REPLY_DUE)
    finally:
        first.close()
        if not concurrent:
            second.wait_until(has_reply, REPLY_DUE)
        second.close()
    return concurrent


class ClockForkMachine(ProtocolMachine):
    """Clients with sessions of clock requests, and an observer of the server's processes."""

    concurrent_requirements = frozenset({"FORK-8"})
    process_requirements = frozenset(PROCESS_RULES)

    def __init__(self, context: MachineContext) -> None:
        super().__init__(context)
        notes = context.session.notes
        if not context.session.fresh_per_example and notes.get("clients", 0) >= CLIENTS_PER_SERVER:
            self.server = context.session.restart()
            notes["clients"] = 0
        self.sessions: dict[str, Session] = {}
        self.observer = ProcessObserver(self.server)
        self.exiting: dict[int, str] = {}  # pid -> client whose closing must end it (FORK-4)
        self.concurrent = self.focus in self.concurrent_requirements or (
            self.focus in SESSIONS and serves_concurrently(self.server, context.session.notes)
        )
        if context.clock_shift:
            self.say(clock_note(context.clock_shift))

    def violation(self, requirement: str, expected: str, got: str, judge: dict | None = None) -> None:
        super().violation(requirement, expected, got, judge)
        if requirement in PROCESS_RULES and self.found is not None and self.found.requirement == requirement:
            # A replay script sees only what clients see; it could not tell this failure
            # from a pass, so none is offered.
            self.found.replay = None

    # --- the model ----------------------------------------------------------------------

    def session(self, client: StreamClient) -> Session:
        return self.sessions[client.name]

    def connect_client(self) -> StreamClient:
        client = self.open_stream()
        self.sessions[client.name] = Session(port=client.sock.getsockname()[1])
        notes = self.context.session.notes
        notes["clients"] = notes.get("clients", 0) + 1
        self.say(f"{client.name} connects")
        return client

    def due(self, client: StreamClient) -> bool:
        """Whether the client's outstanding replies must have come by now: always under
        FORK-8 or when the server was seen to serve sessions side by side; else once every
        client connected before it has closed. (Model only: what the rules may pick never
        depends on what the server did during the example.)"""
        if self.concurrent:
            return True
        for other in self.clients:
            if other is client:
                return True
            if self.state(other).connected:
                return False
        return True

    def fresh(self) -> list:
        return [c for c in self.open_clients() if self.session(c).sent == 0 and not self.session(c).planned]

    def ready_to_ask(self) -> list:
        if self.focus != "FORK-1":
            return self.fresh()
        return [c for c in self.open_clients() if not self.session(c).partial and not self.session(c).awaited]

    def awaiting(self) -> list:
        return [c for c in self.open_clients() if self.session(c).awaited and not self.session(c).partial and self.due(c)]

    def between_requests(self) -> list:
        """Clients that may close as a well-behaved client does: between requests, with every
        reply read, after at least one exchange."""
        return [
            c
            for c in self.open_clients()
            if self.session(c).sent and not self.session(c).partial and not self.session(c).awaited
        ]

    # --- sessions -----------------------------------------------------------------------

    @focus_on("FORK-1", "FORK-6", "FORK-8")
    @rule()
    def connect(self):
        """A client that connects and, for now, sends nothing."""
        if self.can_connect():
            self.connect_client()

    @focus_on(*ASKING)
    @rule(data=st.data())
    def ask(self, data):
        """Send one whole request in one write (FORK-1: after the previous reply)."""
        client = self.pick(data, self.ready_to_ask())
        if client is None:
            return
        request = data.draw(any_request, label="request") if self.focus == "FORK-1" else CANONICAL_REQUEST
        self._take(client)
        self._write(client, request)

    @focus_on(*ASKING)
    @rule(data=st.data())
    def exchange(self, data):
        """Ask and wait for the reply (lock-step), as a client of the course does; a client
        whose reply is not due yet only asks."""
        client = self.pick(data, self.ready_to_ask())
        if client is None:
            return
        request = data.draw(any_request, label="request") if self.focus == "FORK-1" else CANONICAL_REQUEST
        self._take(client)
        self._write(client, request)
        if self.due(client):
            self._read(client)

    @focus_on("FORK-2")
    @rule(count=st.integers(1, 3), data=st.data())
    def send_burst(self, count, data):
        """On a fresh connection, one to three requests cut anywhere but between two: the
        first write now, the rest by ``send_next``."""
        client = self.pick(data, self.fresh())
        if client is None:
            return
        session = self.session(client)
        session.stream = CANONICAL_REQUEST * count
        session.planned = data.draw(bursts(count), label="cuts") + [count * REQUEST_SIZE]
        self._write_planned(client)

    @focus_on("FORK-2")
    @rule(pause=pauses, data=st.data())
    def send_next(self, pause, data):
        client = self.pick(data, [c for c in self.open_clients() if self.session(c).planned], allow_new=False)
        if client is None:
            return
        if pause:
            self.watch(pause)
            self.say(f"{pause:g} s pass")
        self._write_planned(client)

    @focus_on(*STALLS)
    @rule(size=st.integers(1, REQUEST_SIZE - 1), data=st.data())
    def stall(self, size, data):
        """Send the first bytes of a request, then nothing more (until the end)."""
        if self.focus == "FORK-6":
            candidates = [c for c in self.open_clients() if not self.session(c).partial and not self.session(c).awaited]
        else:
            candidates = self.fresh()
        client = self.pick(data, candidates)
        if client is None:
            return
        self.session(client).stalled = True
        self._write(client, CANONICAL_REQUEST[:size])

    @focus_on(*SESSIONS)
    @rule(data=st.data())
    def read_reply(self, data):
        client = self.pick(data, self.awaiting(), allow_new=False)
        if client is not None:
            self._read(client)

    @focus_on("FORK-1")
    @rule(pause=st.sampled_from([0.02, 0.1]))
    def stay_idle(self, pause):
        """Every session stays idle for a while; they all go on afterwards."""
        self.watch(pause)
        self.say(f"{pause:g} s pass")

    @focus_on(*SESSIONS)
    @rule(data=st.data())
    def close(self, data):
        client = self.pick(data, self.between_requests(), allow_new=False)
        if client is not None:
            self._close(client)
            self._children_exit()

    # --- what must hold after every step -----------------------------------------------

    @invariant()
    def served_by_children(self):
        """FORK-3: while k clients that have had a reply are connected, at least k live
        processes of the server's tree besides the listening one."""
        if self.focus != "FORK-3" or self.found is not None:
            return
        served = [c for c in self.open_clients() if self.session(c).replies]
        if not served:
            return
        workers = self.observer.workers()
        if len(workers) >= len(served):
            self.witness("child")  # clients that had a reply, each with a process to serve it
            return
        who = names([c.name for c in served])
        who += ", which has had a reply, is" if len(served) == 1 else ", each having had a reply, are"
        expected = f"at least {plural(len(served), 'live child process')} of the server while {who} connected"
        if workers:
            got = f"only {plural(len(workers), 'live child process')}: " + "; ".join(self._describe(i.pid) for i in workers)
        else:
            got = "no child process: " + self._describe(self.server.pid)
        self.violation("FORK-3", expected, got)

    # --- the end of an example -----------------------------------------------------------

    def teardown(self) -> None:
        try:
            if not self.clients and self.found is None:
                # V-WITNESS: an example of no steps still has a session (it asks once, at
                # the end) — after a misbehaving client, for C-ROBUST.
                if self.focus == "FORK-7":
                    self.connect_and_leave("closes at once", False)
                elif self.focus in SESSIONS:
                    self.connect_client()
            if self.focus == "FORK-6":
                self._interrupt()
            elif self.focus in SESSIONS:
                self._finish_sessions()
        finally:
            super().teardown()

    def _finish_sessions(self) -> None:
        """Leave as well-behaved clients do: finish what was started (a session that never
        asked asks once), take every reply, close in the order the clients connected."""
        for client in self.open_clients():
            session = self.session(client)
            while session.planned:
                self._write_planned(client)
            if session.sent % REQUEST_SIZE:
                self._write(client, CANONICAL_REQUEST[session.sent % REQUEST_SIZE :])
            if session.sent == 0:
                self._write(client, CANONICAL_REQUEST)
        for client in self.open_clients():
            if self.session(client).awaited:
                self._read(client, judge_missing=self.focus != "FORK-8")
            if self.focus == "FORK-3":
                self.served_by_children()  # once more, with every reply of the example read
            if self.focus == "FORK-1":  # a session goes on until its client closes
                self._write(client, CANONICAL_REQUEST)
                self._read(client)
            self._close(client)
        self._children_exit()
        if self.focus == "FORK-5":
            self._zombies_go()

    # --- FORK-6: ctrl-C ------------------------------------------------------------------

    def _interrupt(self) -> None:
        """SIGINT to the listening process alone; within 3 s no process of the tree is left
        and every connected client sees its connection end."""
        if self.found is not None:
            return
        served = [c for c in self.open_clients() if self._take(c)]
        if not served and self.can_connect():
            # V-WITNESS: ctrl-C is judged while a child is serving a client that has had a
            # reply, whatever the steps were.
            client = self.connect_client()
            self._write(client, CANONICAL_REQUEST)
            self._read(client, judge_missing=False)
            if self._take(client):
                served.append(client)
        for client in self.open_clients():
            client.pump()
        self.observer.look()
        if any(self.observer.holders(self.session(c).port) for c in served):
            self.witness("child")
        before = self.observer.sockets()
        pid = self.server.pid
        self.say(f"ctrl-C: SIGINT to the server process {pid} alone")
        started = time.monotonic()
        self.server.sigint()
        if not self.server.wait_tree_gone(STOP_GRACE):
            left = self.server.tree.alive()
            self.observer.look()  # who they are now: orphans, most likely
            now = self.observer.sockets([i.pid for i in left])
            described = "; ".join(self._describe(i.pid, now.get(i.pid) or before.get(i.pid)) for i in left)
            self.violation(
                "FORK-6",
                f"within {STOP_GRACE:g} s no process of the server is left",
                f"{STOP_GRACE:g} s later {'it is' if len(left) == 1 else 'they are'} still running: {described}",
            )
            return
        for client in self.open_clients():
            remaining = max(STOP_GRACE - (time.monotonic() - started), 0.0)
            if not client.wait_end(remaining):
                self.violation(
                    "FORK-6",
                    f"every connected client sees its connection end within {STOP_GRACE:g} s",
                    f"{client.name}'s connection is still open {STOP_GRACE:g} s after ctrl-C, though no process of the server is left",
                )
                return

    # --- writing and reading -------------------------------------------------------------

    def _write(self, client: StreamClient, data: bytes) -> None:
        session = self.session(client)
        start = session.sent
        client.send(data)
        session.sent += len(data)
        now = time.time()
        while len(session.asked_at) < session.complete:
            session.asked_at.append(now)
        self.say(f"{client.name} sends {show(data)}" + self._which(start, session.sent))

    def _which(self, start: int, end: int) -> str:
        if start % REQUEST_SIZE == 0 and end - start == REQUEST_SIZE:
            return "" if start == 0 else f" (request {end // REQUEST_SIZE})"
        return f" ({describe_write(start, end)})"

    def _write_planned(self, client: StreamClient) -> None:
        """The next write of a FORK-2 burst; then, if a request is still unfinished, watch
        briefly that no reply comes before its 25th byte."""
        session = self.session(client)
        self._write(client, session.stream[session.sent : session.planned.pop(0)])
        if session.sent % REQUEST_SIZE:
            self.watch(FRAGMENT_GAP)
        self._take(client)

    def _take(self, client: StreamClient) -> int:
        """Split what has arrived into replies (judging each), and tell a reply that came
        with no request to answer; returns how many replies the session has."""
        client.pump()
        self._split(client)
        return len(self.session(client).replies)

    def _split(self, client: StreamClient) -> int:
        session = self.session(client)
        while True:
            reply, rest = take_reply(bytes(client.received[session.consumed :]))
            if reply is None:
                break
            session.consumed = len(client.received) - len(rest)
            session.replies.append(reply)
            self._judge(client, len(session.replies) - 1, reply)
        leftover = bytes(client.received[session.consumed :]).strip()
        if len(session.replies) > session.complete or (leftover and len(session.replies) == session.complete):
            self._unasked_reply(client)
        return len(session.replies)

    def _judge(self, client: StreamClient, index: int, reply: bytes) -> None:
        """FORK-1: each reply is the current time (as CLOCK-1)."""
        session = self.session(client)
        if self.focus != "FORK-1" or index >= len(session.asked_at):
            return
        shift = self.context.clock_shift
        problem = judge_ctime(reply, session.asked_at[index], time.time(), shift)
        if problem:
            example = time.ctime(time.time() + shift)
            self.violation(
                "FORK-1",
                f"the current time as ctime text, like {example!r}, for request {index + 1} of {client.name}",
                f"{show(reply)}: {problem}",
            )

    def _unasked_reply(self, client: StreamClient) -> None:
        session = self.session(client)
        received = show(bytes(client.received))
        if session.sent % REQUEST_SIZE:
            done = session.sent % REQUEST_SIZE
            self.violation(
                "FORK-2",
                f"no reply before byte {REQUEST_SIZE} of a request",
                f"{client.name} has received {received} when it had sent {done} of the {REQUEST_SIZE} bytes of request {session.complete + 1}",
                receives_nothing(client) if session.complete == 0 else None,
            )
        else:
            self.violation(
                "FORK-1" if self.focus == "FORK-1" else "FORK-2",
                "one reply per request",
                f"{client.name} has received {received}: more than {plural(session.complete, 'reply')} to {plural(session.complete, 'request')}",
            )

    def _read(self, client: StreamClient, judge_missing: bool = True) -> None:
        """Wait (up to 2 s) for the replies to the client's complete requests."""
        session = self.session(client)
        wanted = session.complete
        self.say(f"{client.name} waits for {'its reply' if session.awaited == 1 else f'its {session.awaited} replies'}")
        session.read_upto = wanted
        client.pump()
        client.wait_until(lambda c: self._split(c) >= wanted or c.ended, self.due_within())
        if self._split(client) < wanted and judge_missing:
            self._missing(client, wanted)

    def _missing(self, client: StreamClient, wanted: int) -> None:
        session = self.session(client)
        have = len(session.replies)
        leftover = bytes(client.received[session.consumed :])
        if leftover:
            got = f"only {show(leftover)}"
        elif client.ended:
            got = "the connection closed without a reply"
        else:
            got = f"no reply within {REPLY_DUE:g} s"
        if have:
            got = f"{plural(have, 'reply')} to {plural(wanted, 'request')}, then {got}"
        got += self.server_gone()
        judge = reply_arrives(client, CTIME_LENGTH * wanted)
        if self.focus == "FORK-8":
            others = [c.name for c in self.open_clients() if c is not client]
            why = f" while {names(others)} {'stays' if len(others) == 1 else 'stay'} connected (one session must not delay another)" if others else ""
            self.violation("FORK-8", f"a reply to {client.name} within {REPLY_DUE:g} s{why}", got, judge)
        elif self.focus == "FORK-2":
            self.violation(
                "FORK-2",
                f"one reply per request within {REPLY_DUE:g} s of its 25th byte, without more bytes or EOF",
                got,
                judge,
            )
        elif self.focus == "FORK-1":
            self.violation("FORK-1", f"a reply to every request of the session within {REPLY_DUE:g} s", got, judge)

    # --- closing, and the children that must go with the session -------------------------

    def _close(self, client: StreamClient) -> None:
        session = self.session(client)
        if self.focus in CHILD_EXITS and self.found is None:
            for pid in self.observer.holders(session.port):
                self.exiting.setdefault(pid, client.name)
        client.close()
        self.state(client).connected = False
        self.say(f"{client.name} closes")

    def _children_exit(self) -> None:
        """FORK-4: the child that served a closed client exits within 2 s (gone or a
        zombie). FORK-5 waits for the same exits, to see the zombies from the start."""
        if not self.exiting:
            return
        timeout = self.due_within() if self.focus == "FORK-4" else self._zombie_limit()
        running = self.observer.wait_exited(list(self.exiting), timeout)
        closed = dict(self.exiting)
        self.exiting.clear()
        if any(self.sessions[name].replies for name in closed.values()):
            self.witness("child")  # a child served a client that had had a reply
        if self.focus == "FORK-5":
            self._no_old_zombies()  # those of earlier closings; the new ones are judged later
        if self.focus != "FORK-4" or not running:
            return
        pid = running[0]
        self.violation(
            "FORK-4",
            f"the process that served {closed[pid]} exits within {PROCESS_LIMIT:g} s of its closing",
            f"{REPLY_DUE:g} s later the server still has {self._describe(pid)}",
        )

    def _zombie_limit(self) -> float:
        """FORK-5's 2 s; while a failure is shrunk, 1 s (a server that reaps on a timer, as
        ForkingMixIn does every 0.5 s, is still inside it); 0 once the example failed."""
        due = self.due_within()
        return due if due in (0.0, PROCESS_LIMIT) else max(due, 1.0)

    def _no_old_zombies(self) -> None:
        old = self.observer.unreaped(self._zombie_limit())
        if old:
            info, age = old[0]
            self.violation(
                "FORK-5",
                f"every exited child is reaped by the server within {PROCESS_LIMIT:g} s",
                f"{self._describe(info.pid)} exited {age:.1f} s ago and is still a zombie: "
                f"{'the listening process' if info.ppid == self.server.pid else 'its parent'} {info.ppid} has not reaped it",
            )

    def _zombies_go(self) -> None:
        """At the end of a FORK-5 example: every zombie seen is reaped within 2 s of being
        seen, or the first one that is not is reported."""
        if self.found is not None:
            return
        self.observer.look()
        pending = self.observer.zombies()
        if not pending:
            return
        limit = self._zombie_limit()
        longest = limit - min(age for _info, age in pending)
        # Up to STARVED_MOST more for a parent that waits for a CPU (V-HERMETIC): ``unreaped``
        # gives it the time it waited; a zombie of one that had its time ends the wait.
        self.observer.wait_until(
            lambda: not self.observer.zombies() or bool(self.observer.unreaped(limit)), longest + STARVED_MOST + 0.05
        )
        self._no_old_zombies()

    # --- naming processes as a student reads them ----------------------------------------

    def _describe(self, pid: int, sockets=None) -> str:
        """``child 48213 (state: sleeping) serving client 2`` and the like."""
        root = self.server.pid
        parent = self.observer.first_parent.get(pid)
        depth, up = 0, pid
        while up is not None and up != root and depth < 64:
            up, depth = self.observer.first_parent.get(up), depth + 1
        if pid == root:
            kind = f"the listening process {pid}"
        elif depth == 1 and up == root:
            kind = f"child {pid}"
        elif depth == 2 and up == root:
            kind = f"grandchild {pid} (a child of {parent})"
        elif up == root:
            kind = f"descendant {pid} (a child of {parent})"
        else:
            kind = f"process {pid}"
        state = self.observer.state(pid) or "gone"
        held = sockets if sockets is not None else self.observer.sockets([pid]).get(pid, [])
        by_port = {s.port: name for name, s in self.sessions.items()}
        serving = sorted({by_port[s.remote_port] for s in held if s.remote_port in by_port}, key=lambda n: int(n.split()[-1]))
        current = next((i.ppid for i in self.observer.last if i.pid == pid), None)
        orphaned = ", orphaned" if pid != root and current in (self.observer.harness_pid, 1) else ""
        if state == "zombie":
            return f"{kind} (state: zombie{orphaned})"
        text = f"{kind} (state: {state}{orphaned}) serving {names(serving) if serving else 'no client'}"
        if pid == root and serving:
            text += " itself"
        if pid != root and any(s.listening for s in held):
            text += ", and still holding the listening socket"
        return text

    # --- V-EDGE: the cases at the edge of C-EXACT, C-PATIENCE and C-ROBUST (protocols.edges)

    def edge_two_in_one_write(self) -> None:
        self._planned_session([2 * REQUEST_SIZE], 2)

    def edge_last_byte_alone(self) -> None:
        self._planned_session([REQUEST_SIZE - 1, REQUEST_SIZE], 1, LAST_BYTE_PAUSE)

    def edge_first_byte_alone(self) -> None:
        self._planned_session([1, REQUEST_SIZE], 1, ALONE_PAUSE)

    def edge_longest_pauses(self) -> None:
        """C-PATIENCE at both places at once: client 1 pauses between two pieces of its
        request (the one a server reading clients in turn reads first), client 2 before its
        first byte; both are then answered."""
        self._planned_session([REQUEST_SIZE // 2, REQUEST_SIZE], 1, PATIENCE, before=True)

    def _planned_session(self, writes: list[int], count: int, pause: float = 0.0, before: bool = False) -> None:
        """A client writes ``count`` requests in the writes ending at ``writes``, ``pause``
        seconds passing after each but the last (watched for a reply that must not come);
        with ``before``, a second client connects and stays silent for the pause, then asks.
        Then each waits for its replies."""
        client = self.connect_client()
        session = self.session(client)
        session.stream = CANONICAL_REQUEST * count
        session.planned = list(writes)
        silent = None
        if before:
            silent = self.connect_client()
            self.say(f"{silent.name} pauses {pause:g} s before its first byte")
        while session.planned and self.found is None:
            self._write_planned(client)
            if session.planned and pause:
                self.watch(pause)
                self.say(f"{pause:g} s pass")
                self._take(client)
        if silent is not None and self.found is None:
            self._write(silent, CANONICAL_REQUEST)
        for asked in (client, silent):
            if asked is not None and self.found is None:
                self._read(asked)

    def edge_closes_at_once(self) -> None:
        self.connect_and_leave("closes at once", False)

    def edge_resets(self) -> None:
        self.connect_and_leave("resets the connection", False)

    def edge_part_then_leaves(self) -> None:
        self.send_part_and_leave(REQUEST_SIZE // 2, False, False)

    def edge_non_ascii(self) -> None:
        self.send_non_ascii(bytes(range(0x80, 0x80 + REQUEST_SIZE)))

    # --- V-EDGE: FORK-5, children that exit together ------------------------------------

    def edge_children_exit_together(self) -> None:
        """Several children exit while the listening process is held still (SIGSTOP), so
        their SIGCHLDs reach it as one pending signal, as they do whenever children exit
        closer together than the server runs; a handler that reaps one child per signal
        leaves the rest zombies. The 2 s count from the moment it runs again: the time it
        was held is not its own. The zombies are judged as at every FORK-5 example's end."""
        clients = []
        for _ in range(TOGETHER):
            client = self.connect_client()
            self._write(client, CANONICAL_REQUEST)
            self._read(client, judge_missing=False)
            clients.append(client)
            if self.found is not None:
                return
        with self.server.held():
            self.say(f"the listening process {self.server.pid} is held still (off the CPU)")
            for client in clients:
                self._close(client)
            self._children_exit()
        self.observer.restart_zombie_clocks()
        self.say(f"the listening process {self.server.pid} runs again")

    # --- V-EDGE: C-CONC (FORK-8): a stalled session connected first, then one that asks

    def edge_silent_then_one_asks(self) -> None:
        self._asks_while_stalled(0)

    def edge_half_then_one_asks(self) -> None:
        self._asks_while_stalled(CONC_PART)

    def _asks_while_stalled(self, part: int) -> None:
        """Client 1 connects and sends nothing, or the first ``part`` bytes of a request, and
        stops; client 2 asks and waits for its reply, due at once under FORK-8. Client 1
        finishes its request at the end of the example, as every session does."""
        stalled = self.connect_client()
        if part:
            self.session(stalled).stalled = True
            self._write(stalled, CANONICAL_REQUEST[:part])
            self.say(f"{stalled.name} stops there")
        else:
            self.say(f"{stalled.name} sends nothing")
        asking = self.connect_client()
        self._write(asking, CANONICAL_REQUEST)
        self._read(asking)
        if self.found is None:
            self._close(asking)

    # --- FORK-7: C-ROBUST ----------------------------------------------------------------

    @focus_on("FORK-7")
    @rule(how=st.sampled_from(["closes at once", "resets the connection"]), after_reply=st.booleans())
    def connect_and_leave(self, how, after_reply):
        client = self.connect_client()
        if after_reply:
            self._first_exchange(client)
        (client.close if how == "closes at once" else client.abort)()
        self.state(client).connected = False
        self.say(f"{client.name} {how}")
        self._still_serves()

    @focus_on("FORK-7")
    @rule(size=st.integers(1, REQUEST_SIZE - 1), reset=st.booleans(), after_reply=st.booleans())
    def send_part_and_leave(self, size, reset, after_reply):
        client = self.connect_client()
        if after_reply:
            self._first_exchange(client)
        client.send(CANONICAL_REQUEST[:size])
        (client.abort if reset else client.close)()
        self.state(client).connected = False
        how = "resets the connection" if reset else "disconnects"
        self.say(f"{client.name} sends {show(CANONICAL_REQUEST[:size])} ({size} of {REQUEST_SIZE} bytes) and {how}")
        self._still_serves()

    @focus_on("FORK-7")
    @rule(request=non_ascii_requests)
    def send_non_ascii(self, request):
        client = self.connect_client()
        client.send(request)
        client.wait_until(lambda c: len(c.received) >= CTIME_LENGTH or c.ended, ROBUST_WINDOW)
        client.close()
        self.state(client).connected = False
        self.say(f"{client.name} sends 25 non-ASCII bytes {show(request)} and closes")
        self._still_serves()

    def _first_exchange(self, client: StreamClient) -> None:
        client.send(CANONICAL_REQUEST)
        self.say(f"{client.name} sends {show(CANONICAL_REQUEST)}")
        if client.wait_until(lambda c: len(c.received) >= CTIME_LENGTH or c.ended, self.due_within()):
            self.say(f"{client.name} reads its reply")

    def _still_serves(self) -> None:
        """C-ROBUST: after the misbehaving client, a new client's session is served."""
        client = self.connect_client()
        client.send(CANONICAL_REQUEST)
        self.say(f"{client.name} sends {show(CANONICAL_REQUEST)}")
        arrived = client.wait_until(lambda c: len(c.received) >= CTIME_LENGTH or c.ended, self.due_within())
        replied = arrived and len(client.received) >= CTIME_LENGTH
        client.close()
        self.state(client).connected = False
        if replied:
            self.witness("robust")  # a client served after the misbehaving one
        else:
            if client.received:
                got = f"only {show(bytes(client.received))}"
            elif client.ended:
                got = "the connection closed without a reply"
            else:
                got = f"no reply within {REPLY_DUE:g} s"
            self.violation("FORK-7", "a reply: the server goes on serving", got + self.server_gone(), reply_arrives(client, CTIME_LENGTH))


# V-WITNESS: the process rules hold only where children served clients that had a reply.
FORK_CHECKS = {
    "FORK-1": Check("FORK-1", machine=ClockForkMachine, clock_shift=single_digit_day_shift),
    "FORK-2": Check("FORK-2", machine=ClockForkMachine),
    "FORK-3": Check("FORK-3", machine=ClockForkMachine, weight=0.5, witness="child"),
    "FORK-4": Check("FORK-4", machine=ClockForkMachine, weight=0.5, witness="child"),
    "FORK-5": Check("FORK-5", machine=ClockForkMachine, weight=0.5, witness="child"),
    "FORK-6": Check("FORK-6", machine=ClockForkMachine, fresh_server=True, weight=0.5, max_steps=8, witness="child"),
    "FORK-7": Check("FORK-7", machine=ClockForkMachine, fresh_server=True, weight=0.5, max_steps=6, witness="robust"),
    "FORK-8": Check("FORK-8", machine=ClockForkMachine),
}

PROTOCOL_CHECKS = {"clock-fork": FORK_CHECKS}

"""What every protocol's state machine shares: clients named as a student reads them, a
transcript of steps in plain words, violations that carry that transcript and a
requirement ID, and the service-order model that says when a reply is *due*.

A machine checks one requirement at a time (its ``focus``): a server with a bug that
breaks CLOCK-7 only must fail CLOCK-7 only, so each check asserts nothing but its own
requirement, and rules that have nothing to do with it are switched off by model-only
preconditions."""

from __future__ import annotations

import re
import subprocess
import time
from dataclasses import dataclass, field
from typing import Callable, Iterable

from hypothesis import reject, strategies as st
from hypothesis.stateful import RuleBasedStateMachine, precondition

from protocols import Protocol
from protocols.framing import show

from ..core import timing
from .hypothesis_glue import choices_drawn as _choices_drawn, currently_final, simplest_drawn as _simplest_drawn
from .clients import GHOST_MARK, GHOST_NUMBERS, DatagramClient, GhostDatagramClient, GhostStreamClient, StreamClient, is_ghost, observe, wait_any, what_happened
from ..harness import ending
from ..harness.launcher import RunningServer
from .replay import Recorder, attach, connects

REPLY_DUE = 2.0  # C-TIME: a reply that is due arrives within 2 s
# While a failure is being shrunk, a due reply is awaited this long: on loopback a correct
# server answers in milliseconds, and the shrunk counterexample itself is always run
# again with the full REPLY_DUE before anything is reported.
SHRINK_REPLY_DUE = 0.3
QUIET_WINDOW = 0.05  # how long to watch for something that must not arrive
# Before the output under a failure is taken from a server that goes on running: what it
# printed as it answered reaches the pipe's reader within this quiet time.
OUTPUT_SETTLE = 0.05
# A server that has not sent a single byte to any client in this many whole examples of a
# check is only looked at afterwards, this long, for what is due: with no byte received no
# requirement can hold (V-WITNESS), so the verdict is the same, and it comes in seconds
# (V-BOUNDED). A correct server answers in the first example of every check.
SILENT_EXAMPLES = 1
SILENT_SERVER_WAIT = 0.1
CHOICES = st.integers(0, 7)  # which client a verb applies to, counted round its candidates
# C-PATIENCE: a client's pause after a piece of its request. Most are short; about one in
# thirteen is long (0.5 s, or the 3 s a client may pause: V-EDGE plays the 3 s at each place
# on every run, so the draws only mix them with the rest). A long one is the client's own:
# the other clients go on meanwhile, and its next step comes once its pause is over
# (``defer``, ``resume``), so a check does not grow by the sum of its pauses. The first
# value is what shrinking aims at. (One in five long pauses cost a correct server's CLOCK-2
# check 6 s more on top of its edge cases; this many, 3 s.)
LONG_PAUSE = 0.5
PAUSES = st.sampled_from((0.0, 0.01, 0.03) * 8 + (0.5, 3.0))

# V-WITNESS: what a run must have shown for a requirement to hold, by kind, in a student's
# words. A check names the kind its requirement needs (``Check.witness``); the machines
# record each kind as they see it (``MachineContext.witness``); a run that held without it
# is "not shown".
WITNESSES = {
    "answer": "your server never answered any client",
    "wrong": "your server never answered `wrong` to a wrong guess",
    "right": "your server never answered `right`",
    "pair": "your server never paired two clients (no client received another client's message)",
    "robust": "no client was answered after a misbehaving one",
    "page": "your server never answered with a web page (a response that http.client parses)",
    "closed": "your server was never seen closing a connection after its reply",
    "request answered": "your server never answered a request with anything but the request itself sent back",
    "child": "no client that had had a reply was seen served by a child process of your server",
}


def not_shown_detail(kind: str, requirement: str, cut_short: Iterable[str] = ()) -> str:
    """Why a requirement could not be checked: `your server never answered `right`, so
    GUESS-3 could not be checked`; or, where the examples that got that far all stopped at
    another requirement's failure first, which one (`your server first broke
    SWAP-7 (see there), so SWAP-2 could not be checked`)."""
    others = sorted(set(cut_short) - {requirement})
    if others:
        return f"your server first broke {' or '.join(others)} (see there), so {requirement} could not be checked"
    return f"{WITNESSES.get(kind, kind)}, so {requirement} could not be checked"


class TimeLimitReached(Exception):
    """The check's wall-clock limit passed: the verdict is an error, and the run stops."""


# V-BOUNDED: a server that has let this many due replies go by without a single answer the
# protocol can read (nothing, or bytes no reading of the standard accepts) — and has never
# given one in this check — is judged at once: the requirement is ``not shown``. A correct
# server answers every due reply, so this never fires for it.
NO_ANSWER_LIMIT = 3


class NoAnswer(Exception):
    """Raised to end a check early: the server showed it gives no protocol answer at all, or
    the check's time for new examples is over. The runner reads the context, not this."""


@dataclass
class AnswerWatch:
    """Whether a check's server ever answered in a way the protocol can read, and how many
    due replies went by without one (kept across the examples of one requirement)."""

    answered: bool = False
    missed: int = 0  # due replies waited for with nothing readable, while never answered
    pending: bool = False  # a due reply is being waited for in the current example
    pending_since: float = 0.0  # time.monotonic() when the oldest such reply fell due
    # Once the server has let a whole example's due replies go by (full waits) without a
    # readable answer, the shorter waits that follow are its due replies too.
    waited_out: bool = False
    sample: bytes = b""  # the first unreadable bytes seen, to tell the student
    stopped: str | None = None  # why the check ended early: "no answer" or "time"
    violation: "Violation | None" = None  # the shortest failure of the focus seen so far

    def keep(self, violation: "Violation") -> None:
        if self.violation is None or len(violation.steps) < len(self.violation.steps):
            self.violation = violation

    @property
    def hopeless(self) -> bool:
        return not self.answered and self.missed >= NO_ANSWER_LIMIT

    def forget_misses(self) -> None:
        """Start counting due replies missed afresh: an edge case that went unanswered shows
        only that the server cannot serve that case (a swap server that drops a client
        waiting 2.5 s), not that it never answers; the random examples tell that."""
        self.missed = 0
        self.pending = False
        if self.stopped == "no answer":
            self.stopped = None

    def detail(self) -> str:
        what = f"it sent {show(self.sample[:60])}" if self.sample.strip() else "it sent nothing"
        return (
            f"your server never gave an answer the standard can read: {self.missed} replies were due "
            f"and {what}, so this could not be checked"
        )


class Violation(AssertionError):
    """An observation no correct server could produce, with the steps that led to it."""

    replay: dict | None = None  # the same steps as data, for a replay script (wirecheck.drive.replay)
    choices: tuple | None = None  # the Hypothesis choices of the example that showed it
    marks: list | None = None  # (choices, lines said) after each of its steps (ProtocolMachine.marks)
    # For each of those choices, the simplest value its draw allows (None: forced, or not known)
    simplest: tuple | None = None
    clients: list | None = None  # the numbers of the clients that connected before it was seen
    closing: int | None = None  # the clients its example's closing scenario opened, when it has one

    def __init__(self, requirement: str, expected: str, got: str, steps: Iterable[str]) -> None:
        self.requirement = requirement
        self.expected = expected
        self.got = got
        self.steps = list(steps)
        super().__init__(self.counterexample())

    def counterexample(self) -> str:
        parts = self.steps + [f"expected: {self.expected}", f"got: {self.got}"]
        return " · ".join(parts) + f" — {self.requirement}"


@dataclass
class ClientState:
    """What the model knows of one client; the machine's own bookkeeping, never the server's."""

    number: int
    connected: bool = True
    request: bytes = b""
    sent: int = 0
    complete_at: float | None = None  # time.time() when its last request byte was written
    replied: bool = False  # its reply has been read and judged
    notes: dict = field(default_factory=dict)

    @property
    def complete(self) -> bool:
        return self.sent >= len(self.request) > 0


class ServerSession:
    """Hands a machine its server: one for the whole run (stateless protocols, restarted if it
    died so a counterexample replays alone) or a fresh one for every example."""

    def __init__(self, start: Callable[[], RunningServer], fresh_per_example: bool) -> None:
        self._start = start
        self.fresh_per_example = fresh_per_example
        self._shared: RunningServer | None = None
        self.started = 0
        self.shrinking = False  # a failure was seen: the examples now are shrink attempts
        self.notes: dict = {}  # what a check learnt of this server (kept across examples)
        self.failing_output: str | None = None  # what the server printed in the last failing example
        self.servers: list[RunningServer] = []  # every server started, for incidents()

    def acquire(self) -> RunningServer:
        if self.fresh_per_example:
            return self._started()
        if self._shared is None or not self._shared.alive():
            if self._shared is not None:
                self._shared.stop()
            self._shared = self._started()
        return self._shared

    def _started(self) -> RunningServer:
        server = self._start()
        self.started += 1
        self.servers.append(server)
        return server

    def incidents(self) -> str:
        """What the limits stopped (a fork bomb, a CPU hog, a memory hog), in words."""
        found: list[str] = []
        for server in self.servers:
            for incident in server.incidents():
                if incident not in found:
                    found.append(incident)
        return f" ({'; '.join(found)})" if found else ""

    def release(self, server: RunningServer) -> None:
        if self.fresh_per_example:
            server.stop()

    def restart(self) -> RunningServer:
        """Replace the shared server (a check that needs a clean one, or after SIGINT)."""
        if self._shared is not None:
            self._shared.stop()
            self._shared = None
        return self.acquire()

    def close(self) -> None:
        if self._shared is not None:
            self._shared.stop()
            self._shared = None


@dataclass
class MachineContext:
    protocol: Protocol
    focus: str
    session: ServerSession
    clock_shift: float = 0.0  # seconds the server's clock was moved (clock protocols)
    deadline: float | None = None  # time.monotonic() by which the whole check must end
    # The kinds of witness (see WITNESSES) the run has shown so far, over all its examples.
    witnesses: set = field(default_factory=set)

    def witness(self, kind: str = "answer") -> None:
        """The run showed ``kind`` (an answer at all, a `right`, a pair formed...)."""
        self.witnesses.add(kind)

    # Requirements whose failure ended the judging of an example before it showed anything
    # of its own requirement (ProtocolMachine.cut_short_by): what a `not shown` names.
    cut_short: set = field(default_factory=set)
    explore_until: float | None = None  # no new example is explored after this (V-BOUNDED)
    limit_detail: str = "time limit"  # the verdict's words when its time runs out (runner)
    answers: AnswerWatch = field(default_factory=AnswerWatch)
    examples: int = 0  # examples begun
    # Clients left out of a failure's shown sequence, by place in connect order (1 = the
    # first client the example opens): each is a ghost (wirecheck.drive.clients) that the
    # model keeps and the server never sees. Empty but while a found failure is replayed.
    ghosts: frozenset = frozenset()
    # The most clients a machine's fixed closing scenario opens (a race at the end of every
    # example): None, its own number; set by runner.drop_clients when fewer show the failure.
    closing_size: int | None = None
    quick_waits: bool = False  # trial replays of a failure wait SHRINK_REPLY_DUE for a due reply
    ghost_mixed: bool = False  # a line to show named a ghost and a real client together

    def check_time(self) -> None:
        if self.deadline is not None and time.monotonic() > self.deadline:
            raise TimeLimitReached()

    def begin_example(self) -> None:
        """Before an example starts its server: end the check instead when the server has
        shown it gives no answer, or when exploring time is over (the examples run so far
        stand; a failure being shrunk is not cut short here, Hypothesis bounds that)."""
        self.check_time()
        if self.answers.hopeless:
            self.answers.stopped = "no answer"
            raise NoAnswer()
        if (
            self.explore_until is not None
            and self.examples > 0
            and not self.session.shrinking
            and time.monotonic() > self.explore_until
        ):
            self.answers.stopped = "time"
            raise NoAnswer()
        self.examples += 1


# A line about one ghost and no other client: it begins with the ghost's name and names no
# client after it.
_GHOST_ALONE = re.compile(r"^ghost-client \d+ (?!.*\bclient)(?!.*ghost-)")


def focus_on(*requirements: str):
    """A model-only precondition: this rule runs only in the checks of these requirements."""
    wanted = frozenset(requirements)
    return precondition(lambda self: self.focus in wanted)


class ProtocolMachine(RuleBasedStateMachine):
    """Base of every protocol's machine. Subclasses add rules named after protocol verbs."""

    max_open_clients = 4  # stays within a listen backlog of 5 for sequential servers
    concurrent_requirements: frozenset[str] = frozenset()  # where a silent client may not delay others
    # Requirements judged on the server's processes, not on what clients received: a
    # left-out client's silence cannot be what their failures are about.
    process_requirements: frozenset[str] = frozenset()

    def __init__(self, context: MachineContext) -> None:
        context.begin_example()
        timing.begin_example()
        super().__init__()
        self.context = context
        self.focus = context.focus
        self.server = context.session.acquire()
        self._missed_at_start = context.answers.missed
        self._output_mark = self.server.output.total
        self.steps: list[str] = []
        self.found: Violation | None = None
        self.clients: list = []
        self.states: dict[str, ClientState] = {}
        self._opened = 0  # clients opened, ghosts included
        # After each Hypothesis step: (choices drawn so far, lines said so far), so a found
        # failure can be replayed without one of its steps (runner.drop_clients).
        self.marks: list[tuple[int, int]] = []

    def check_invariants(self, settings, output, runtimes):
        """Hypothesis calls this before the first step and after each one."""
        drawn = _choices_drawn()
        if drawn is not None:
            self.marks.append((len(drawn), len(self.steps)))
        self.ghost_waited = False
        return super().check_invariants(settings, output, runtimes)

    # --- transcript and verdicts -------------------------------------------------------

    def say(self, text: str) -> None:
        self.context.check_time()
        if self.found is None and GHOST_MARK in text:
            # A ghost's own line is left out; one that also tells what real clients did
            # cannot be, so this replay cannot show the failure without the ghost.
            if not _GHOST_ALONE.match(text):
                self.context.ghost_mixed = True
            return
        if self.found is None:
            self.steps.append(text)

    def witness(self, kind: str = "answer") -> None:
        """V-WITNESS: the server showed ``kind`` in this example (see WITNESSES)."""
        self.context.witness(kind)

    def violation(self, requirement: str, expected: str, got: str, judge: dict | None = None) -> None:
        """Record a broken requirement — only the one this check is about.

        The first violation is raised at teardown, not here: whether a race shows at step
        2 or only at the end, the example then makes the same draws, so Hypothesis can
        shrink and replay it; the steps reported are those up to the observation.
        ``judge`` (see wirecheck.drive.replay) lets a replay script tell the failure again."""
        if requirement == self.focus and self.found is None and not self._about_a_ghost(expected, got, judge):
            self.context.session.shrinking = True
            timing.found()
            self.found = attach(Violation(requirement, expected, got, self.steps), self.recorder, judge)
            # Its clients, kept apart from the replay (a check may offer no replay script).
            self.found.clients = sorted({a["client"] for a in self.recorder.actions if a.get("do") in ("connect", "open")})
            self.context.answers.keep(self.found)

    ghost_waited = False  # a ghost waited in vain in this step (nothing comes for a ghost)

    def _about_a_ghost(self, expected: str, got: str, judge: dict | None) -> bool:
        """A violation that names a ghost, or that names no client (its judge compares what
        the clients saw) and comes in a step in which a ghost waited in vain, may be about
        the ghost's silence: not the server's doing, nothing of a ghost reached it."""
        if not self.context.ghosts:
            return False
        names_none = not judge or ("client" not in judge and "clients" not in judge)
        if self.ghost_waited and names_none and self.focus not in self.process_requirements:
            return True
        if GHOST_MARK in expected or GHOST_MARK in got:
            return True
        named = [judge.get("client")] + list(judge.get("clients", ())) if judge else []
        return any(isinstance(n, int) and n > GHOST_NUMBERS for n in named)

    def fail_now(self, requirement: str, expected: str, got: str, judge: dict | None = None) -> None:
        """A violation after which the example cannot go on (the server refuses clients)."""
        self.violation(requirement, expected, got, judge)
        if self.found is not None:
            raise self.found

    def due_within(self) -> float:
        """How long to wait for a due reply: the standard's 2 s, except while shrinking or
        once this example has already failed (the verdict is decided; only the draws
        still matter)."""
        if self.found is not None:
            return 0.0
        self.note_due_reply()
        notes = self.context.session.notes
        if not notes.get("answered") and notes.get("silent_examples", 0) >= SILENT_EXAMPLES:
            return SILENT_SERVER_WAIT
        if self.context.quick_waits or (self.context.session.shrinking and not currently_final()):
            return SHRINK_REPLY_DUE
        return REPLY_DUE

    def readable(self, data: bytes) -> bool:
        """Whether ``data`` is an answer some reading of the protocol accepts (right or
        wrong); a protocol with answers of a fixed vocabulary narrows this."""
        return bool(data.strip())

    def _heard(self) -> bool:
        """Whether any client of this example received a readable answer (and keep the first
        unreadable bytes, to tell the student what did arrive)."""
        watch = self.context.answers
        for client in self.clients:
            if hasattr(client, "datagrams"):
                pieces = [bytes(d[0]) for d in client.datagrams]
            else:
                pieces = [bytes(client.received)]
            for data in pieces:
                if self.readable(data):
                    return True
                if data.strip() and not watch.sample:
                    watch.sample = data
        return False

    def note_due_reply(self) -> None:
        """A reply is due now: count the previous due reply as missed when nothing readable
        has arrived in its whole due time (C-TIME's 2 s: a server that answers after 1 s is
        slow, not silent), and end the check once the server has shown it gives no answer."""
        watch = self.context.answers
        if watch.answered:
            return
        if self._heard():
            watch.answered = True
            return
        now = time.monotonic()
        if not watch.pending:
            watch.pending, watch.pending_since = True, now
        elif self._missed(now):
            watch.missed += 1
            watch.pending_since = now
        if watch.hopeless:
            watch.stopped = "no answer"
            raise NoAnswer()

    def _missed(self, now: float) -> bool:
        """Whether the due reply being waited for has had its time: the standard's whole
        due time; any wait once an earlier example waited it out in vain; or at once when
        what the server sends is no answer the standard can read (a banner, another
        language: it is no slower answer)."""
        watch = self.context.answers
        return watch.waited_out or bool(watch.sample.strip()) or now - watch.pending_since >= REPLY_DUE

    def _end_watch(self) -> None:
        watch = self.context.answers
        if watch.answered:
            return
        if self._heard():
            watch.answered = True
        elif watch.pending and self._missed(time.monotonic()):
            watch.missed += 1
        watch.pending = False

    def server_gone(self, grace: float = 0.1) -> str:
        """Why nothing arrives, when the server process itself is gone (a server that is
        dying gets ``grace`` seconds to finish)."""
        try:
            self.server.process.wait(grace)
        except subprocess.TimeoutExpired:
            return ""
        last = self.server.output.last_lines(1).strip()
        return f" (the server process {self.server.exit_description()}{': ' + last if last else ''})"

    # --- clients ----------------------------------------------------------------------

    @property
    def recorder(self) -> Recorder:
        """Every action of this machine's clients as data, for replay scripts."""
        recorder = self.__dict__.get("_recorder")
        if recorder is None:
            recorder = self.__dict__["_recorder"] = Recorder(self)
        return recorder

    def _next_client(self, ghost_kind):
        """The place of the next client in connect order, and its ghost when it is one."""
        self._opened += 1
        if self._opened not in self.context.ghosts:
            return None
        ghost = ghost_kind(self._opened)
        ghost.pause_recorder = self.recorder
        ghost.machine = self
        self.clients.append(ghost)
        self.states[ghost.name] = ClientState(number=GHOST_NUMBERS + self._opened)
        return ghost

    def _real_clients(self) -> int:
        return sum(1 for c in self.clients if not is_ghost(c))

    def open_stream(self) -> StreamClient | None:
        """Connect a new client; a refused connection is a finding, not a crash."""
        ghost = self._next_client(GhostStreamClient)
        if ghost is not None:
            return ghost
        number = self._real_clients() + 1
        name = f"client {number}"
        try:
            client = StreamClient(self.server.address, name)
        except OSError as exc:
            if self._held_by_an_earlier_client(exc):
                # A server that serves one client at a time stops accepting once its listen
                # queue is full behind a client that has not completed its request: only
                # C-CONC forbids that (V-FOCUS), so this example is dropped, not judged.
                reject()
            self.recorder.note_number(number, "connect")
            self.say(f"{name} connects")
            self.fail_now(
                self.focus, "the server accepts the connection", f"{what_happened(exc, connecting=True)}{self.server_gone()}", connects()
            )
            raise
        self.clients.append(client)
        self.states[client.name] = ClientState(number=number)
        client.recorder = self.recorder
        self.recorder.note(client, "connect")
        return client

    def _held_by_an_earlier_client(self, exc: OSError) -> bool:
        """A connection not accepted in time (not refused) while, outside the C-CONC checks,
        an earlier client is connected with its request incomplete."""
        if isinstance(exc, ConnectionRefusedError) or self.focus in self.concurrent_requirements:
            return False
        return any(self.state(c).connected and not self.state(c).complete for c in self.clients)

    def open_datagram(self) -> DatagramClient:
        ghost = self._next_client(GhostDatagramClient)
        if ghost is not None:
            return ghost
        number = self._real_clients() + 1
        client = DatagramClient(self.server.address, f"client {number}")
        self.clients.append(client)
        self.states[client.name] = ClientState(number=number)
        client.recorder = self.recorder
        self.recorder.note(client, "open")
        return client

    def state(self, client) -> ClientState:
        return self.states[client.name]

    def open_clients(self) -> list:
        return [c for c in self.clients if self.states[c.name].connected]

    def can_connect(self) -> bool:
        return len(self.open_clients()) < self.max_open_clients

    def connect_client(self) -> StreamClient:
        """A new stream client, said in the steps (a machine that keeps a model of each
        client's session extends this)."""
        client = self.open_stream()
        self.say(f"{client.name} connects")
        return client

    def pick(self, data, candidates: list, allow_new: bool = True):
        """One of ``candidates`` drawn, or — when ``allow_new`` and there is room — a client
        that connects now; None when there is nothing to choose from."""
        # What is drawn never depends on what the server did (V-SAME: Hypothesis replays the
        # same choices): a number, always, and only which client it names depends on the
        # clients of the moment.
        choice = data.draw(CHOICES, label="client")
        options = list(candidates)
        if allow_new and self.can_connect():
            options.append(None)
        if not options:
            return None
        client = options[choice % len(options)]
        return self.connect_client() if client is None else client

    def reply_due(self, client) -> bool:
        """Whether a correct server must have answered ``client`` by now.

        A client's request is due once it is complete — except that a server serving one
        client at a time (which only C-CONC forbids) answers in accept order, so outside the
        C-CONC checks a reply is due only when every client connected earlier has completed
        its request or gone."""
        state = self.state(client)
        if not state.complete or not state.connected:
            return False
        if self.focus in self.concurrent_requirements:
            return True
        for other in self.clients:
            if other is client:
                return True
            earlier = self.state(other)
            if earlier.connected and not earlier.complete:
                return False
        return True

    def closing_size(self, size: int) -> int:
        """How many clients a fixed closing scenario of ``size`` opens: ``size``, or fewer
        while a failure is replayed to show it with fewer (``MachineContext.closing_size``)."""
        self._closing = size
        wanted = self.context.closing_size
        return size if wanted is None else max(1, min(size, wanted))

    _closing: int | None = None

    def watch(self, window: float = QUIET_WINDOW, clients: Iterable | None = None) -> None:
        observe(self.open_clients() if clients is None else clients, window)

    def defer(self, client, seconds: float) -> None:
        """``client`` pauses: its next step comes no sooner than ``seconds`` from now, and
        the other clients go on meanwhile (``resume``)."""
        self.state(client).notes["resume_at"] = time.monotonic() + seconds

    def resume(self, client) -> None:
        """Before ``client``'s next step: what is left of its pause passes (every client
        watched the while)."""
        left = self.state(client).notes.pop("resume_at", 0.0) - time.monotonic()
        if left > 0:
            self.pause(left)

    def pause(self, seconds: float, clients: Iterable | None = None) -> None:
        """Time passes (a client's pause, C-PATIENCE): every open client (or ``clients``) is
        watched the while; with none open, the time passes all the same, and a replay
        pauses as long."""
        watched = [c for c in (self.open_clients() if clients is None else clients) if not is_ghost(c)]
        if watched:
            observe(watched, seconds)
            return
        before = self.recorder.begin_wait([])
        end = time.monotonic() + seconds
        while (left := end - time.monotonic()) > 0:
            self.context.check_time()
            ending.check()
            time.sleep(min(left, 0.1))
        self.recorder.note_wait([], before, seconds, False)

    def wait_for(self, condition: Callable[[], bool], timeout: float = REPLY_DUE, clients=None) -> bool:
        return wait_any(self.open_clients() if clients is None else clients, condition, timeout)

    def cut_short_by(self) -> str | None:
        """The requirement whose failure ended the judging of this example, when that is not
        the check's own; None when the example was judged to its end. A check whose model
        stops judging at its first violation, of whatever requirement, overrides it."""
        return None

    def judged_to_the_end(self) -> bool:
        """Whether the example was judged to its end; if not, the failure that cut it short
        is kept, for the `not shown` to name."""
        other = self.cut_short_by()
        if other is not None:
            self.context.cut_short.add(other)
        return other is None

    def teardown(self) -> None:
        notes = self.context.session.notes
        self._end_watch()
        if any(getattr(c, "received", None) or getattr(c, "datagrams", None) for c in self.clients):
            self.witness("answer")  # the server answered some client, in some shape
            notes["answered"] = True
        elif self.context.answers.missed > self._missed_at_start:
            # Silent: nothing at all came, and a due reply had its whole time in vain (an
            # example that ended before a slow server's reply was due to come is not).
            notes["silent_examples"] = notes.get("silent_examples", 0) + 1
            if notes["silent_examples"] >= SILENT_EXAMPLES:
                self.context.answers.waited_out = True
        for client in self.clients:
            client.close()
        self.context.session.release(self.server)
        if self.found is not None:
            # The output shown under a failure is what the server printed during the failing
            # example (the last one is Hypothesis's final replay of the shrunk steps).
            if self.context.session.fresh_per_example:
                self.server.output.wait_closed(0.5)
            elif currently_final() and not self.context.quick_waits:
                self.server.output.settle(OUTPUT_SETTLE, 0.5)
            self.context.session.failing_output = self.server.output.since(self._output_mark)
            self.found.choices = _choices_drawn()
            self.found.simplest = _simplest_drawn()
            self.found.closing = self._closing
            self.found.marks = list(self.marks)
        timing.end_example()
        if self.found is not None:
            raise self.found


def quote(data: bytes) -> str:
    return show(bytes(data))

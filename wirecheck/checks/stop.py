"""C-STOP as a SHOULD of every protocol (CLOCK-8, UDP-3, UNIX-2, UNIXD-2, WEB-7, SWAP-10,
GUESS-9, WGUESS-7): on ctrl-C the server exits within 3 s and leaves no process behind, also
while clients are connected. (clock-fork's MUST form, FORK-6, is its machine's own.)

One scenario, the same for every protocol but for its clients (``StopPlan``), with nothing
drawn at random — every run plays it the same way:

1. a fresh server; one client asks the protocol's usual question and gets an answer (the
   witness, V-WITNESS: a server that never answered is ``not shown``, never passed);
2. the protocol's lingering clients connect — silent, in the middle of a request, waiting
   for a swap partner — and the check waits (at most ``ACCEPT_WAIT``) until the server holds
   a new socket for each of them and every thread of its tree is asleep, twice in a row: a
   threading server has then started the thread, a forking one the child, that serves each,
   so the verdict does not depend on how soon ctrl-C follows;
3. ctrl-C: SIGINT to the server's process group, as a terminal sends it (FORK-6 alone sends
   it to the listening process only), and a wait with a deadline (``STOP_GRACE``, 3 s) for
   every process of its tree to be gone.

A server still running then fails, in words that say what most likely keeps it alive: the
non-daemon threads of a ``ThreadingMixIn`` server, or a ``KeyboardInterrupt`` caught and
ignored. The server is then killed at once (it has had its 3 s), not given 3 s more. The
failure carries its replay (the clients' actions, ctrl-C, and a judge of the server's end),
which a replay script plays against a server it starts itself (``--server``)."""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Callable

from protocols.framing import CANONICAL_REQUEST, pad, show

from ..drive.clients import DatagramClient, StreamClient, wait_any
from ..drive.machine import REPLY_DUE, MachineContext, Violation
from ..drive.process_observer import ProcessObserver
from ..drive.replay import Recorder, attach
from ..drive.runner import Check
from ..harness.launcher import STOP_GRACE, RunningServer
from .guess import parse_lenient
from .web import FULL_REQUEST

# How long the lingering clients may wait to be accepted: a server that serves one client
# at a time never accepts the second (it is stuck with the first, which ctrl-C still ends).
ACCEPT_WAIT = 2.0
# V-WITNESS, in a student's words when it was not shown (the runner quotes an unknown kind).
WITNESS = (
    "your server never gave an answer the standard can read before ctrl-C was due (or it had "
    "already exited by then)"
)
# How long a replay script pauses between its last client and ctrl-C (the check itself
# waits for the server's threads to block, which a script cannot see).
REPLAY_SETTLE = 0.5
HALF_HTTP_REQUEST = b"GET / HTTP/1.1\r\nHost: localhost:8000\r\n"  # no blank line: the request is not over
GUESS_SECRET = "42"  # any secret will do: the witness is any answer of the protocol (`wrong` to 50)
WORD_SECRET = "quokka"


@dataclass(frozen=True)
class Lingering:
    """A client that is connected when ctrl-C comes."""

    what: str  # in a student's words: "a silent client"
    sends: bytes = b""  # what it writes first, and then nothing more


SILENT = Lingering("a silent client")
MID_REQUEST = Lingering("a client in the middle of a request", CANONICAL_REQUEST[:10])
HALF_REQUEST = Lingering("a client that sent half a request", HALF_HTTP_REQUEST)
SWAP_WAITER = Lingering("a client waiting for its swap partner", pad("waiting for a partner"))


@dataclass(frozen=True)
class StopPlan:
    """What one protocol's C-STOP check plays: its question, how many clients it takes to
    get an answer (two for swap: a pair), and who is connected when ctrl-C comes."""

    requirement: str
    question: bytes
    lingering: tuple[Lingering, ...] = ()
    askers: int = 1
    half_close: bool = False  # after the question (the clock's content checks do too)
    secret: str | None = None
    # An answer some reading of the protocol accepts (V-BOUNDED's, as the protocol's machine
    # reads it): anything but white space, narrowed where the answers are a vocabulary.
    readable: Callable[[bytes], bool] = lambda data: bool(data.strip())


class StopScenario:
    """One play of a plan against one server, told as steps (the transcript of a failure)."""

    def __init__(self, plan: StopPlan, context: MachineContext, server: RunningServer) -> None:
        self.plan = plan
        self.context = context
        self.server = server
        self.steps: list[str] = []
        self.clients: list = []
        self.found = None  # what a Recorder asks: nothing is recorded after a failure
        self.recorder = Recorder(self)  # the failure as a replay script and a diagram

    def say(self, text: str) -> None:
        self.context.check_time()
        self.steps.append(text)

    def open(self):
        name = f"client {len(self.clients) + 1}"
        transport = self.context.protocol.transport
        client = StreamClient(self.server.address, name) if transport.is_stream else DatagramClient(self.server.address, name)
        client.recorder = self.recorder
        self.recorder.note(client, "connect" if self._stream else "open")
        self.clients.append(client)
        return client

    def close_all(self) -> None:
        for client in self.clients:
            client.close()

    # --- 1. the witness ----------------------------------------------------------------

    def answered(self) -> bool:
        """The protocol's question, asked by as many clients as an answer takes."""
        askers = [self.open() for _ in range(self.plan.askers)]
        for client in askers:
            client.send(self.plan.question)
            self.say(f"{client.name} {'connects and ' if self._stream else ''}sends {show(self.plan.question)}")
            if self.plan.half_close:
                client.half_close()
        wait_any(askers, lambda: any(c.ended or any(map(self.plan.readable, _answers(c))) for c in askers), REPLY_DUE)
        got = [c for c in askers if any(self.plan.readable(data) for data in _answers(c))]
        if got:
            self.say(f"{' and '.join(c.name for c in got)} {'gets an answer' if len(got) == 1 else 'get answers'}")
        for client in askers:
            client.close()
        return bool(got)

    @property
    def _stream(self) -> bool:
        return self.context.protocol.transport.is_stream

    # --- 2. the clients that stay ------------------------------------------------------

    def linger(self, observer: ProcessObserver) -> list:
        observer.look()
        before = observer.held_sockets()
        staying = []
        for kind in self.plan.lingering:
            client = self.open()
            if kind.sends:
                client.send(kind.sends)
                self.say(f"{client.name} connects and sends {show(kind.sends)}, then nothing more ({kind.what})")
            else:
                self.say(f"{client.name} connects and sends nothing ({kind.what})")
            staying.append(client)
        if staying:
            # Accepted, and what accepting starts (the thread or child that serves each) under
            # way: every thread of the tree asleep, at two looks in a row.
            calm = 0

            def settled() -> bool:
                nonlocal calm
                for client in staying:
                    client.pump()
                # A client the server has already closed again was accepted all the same.
                closed = sum(1 for client in staying if client.ended)
                accepted = len(observer.held_sockets() - before) + closed >= len(staying)
                calm = calm + 1 if accepted and observer.asleep() else 0
                return calm >= 2

            seen, began = self.recorder.begin_wait(staying), time.monotonic()
            observer.wait_until(settled, ACCEPT_WAIT)
            # A replay cannot look at the server's threads: it pauses instead, at least this.
            pause = max(time.monotonic() - began, REPLAY_SETTLE)
            self.recorder.note_wait(staying, seen, pause, held=False)
        return staying

    # --- 3. ctrl-C -----------------------------------------------------------------------

    def interrupt(self, staying: list) -> None:
        pid = self.server.pid
        self.recorder.note_number(0, "sigint")  # the harness's own action: no client's
        self.say(f"ctrl-C: SIGINT to the server (process {pid} and the processes of its group)")
        self.server.ctrl_c()
        if self.server.wait_tree_gone(STOP_GRACE):
            return
        left = self.server.tree.alive()
        connected = self._connected(staying)
        if self.server.alive():
            got = f"after ctrl-C your server was still running {STOP_GRACE:g} s later{connected}: " + _why_running(pid)
        else:
            others = [i for i in left if i.pid != pid]
            got = (
                f"your server process exited, but {STOP_GRACE:g} s after ctrl-C "
                + ("a process it started was" if len(others) == 1 else f"{len(others)} processes it started were")
                + f" still running{connected}: " + "; ".join(i.describe() for i in others)
                + " — stop (or kill) the processes you start before you exit"
            )
        failure = Violation(
            self.plan.requirement,
            f"the server exits within {STOP_GRACE:g} s of ctrl-C and leaves no process behind{connected}",
            got,
            self.steps,
        )
        self.found = attach(failure, self.recorder, {"kind": "stops", "seconds": STOP_GRACE})
        raise failure

    def _connected(self, staying: list) -> str:
        if not staying:
            return ""
        kinds = [kind.what for kind in self.plan.lingering]
        return ", with " + " and ".join(kinds) + " connected"


# Advice for a server still running after ctrl-C, by what its main thread is doing.
NON_DAEMON_THREADS = (
    "the threads serving your clients kept the process alive — Python waits for every thread "
    "that is not a daemon thread before it exits. Set `daemon_threads = True` on a socketserver "
    "server (or start your threads with daemon=True)"
)
KEPT_GOING = (
    "it went on after the KeyboardInterrupt that ctrl-C raises (a try/except inside your loop "
    "or handler that carries on?). Let ctrl-C end the program, or call server_close() and exit"
)


def _answers(client) -> list[bytes]:
    """What a client received: its stream's bytes, or each datagram."""
    if hasattr(client, "datagrams"):
        return [bytes(d[0]) for d in client.datagrams]
    return [bytes(client.received)]


def _why_running(pid: int) -> str:
    """Why a process still runs after ctrl-C, as far as its main thread tells: waiting on a
    lock (the interpreter joining threads that are not daemons, as it does at exit), or
    anything else (still serving: the KeyboardInterrupt was caught)."""
    waiting = _main_thread_wait(pid)
    if waiting is None:  # not told: the likelier cause for a process of several threads
        return NON_DAEMON_THREADS if _threads(pid) > 1 else KEPT_GOING
    return NON_DAEMON_THREADS if "futex" in waiting and _threads(pid) > 1 else KEPT_GOING


def _main_thread_wait(pid: int) -> str | None:
    """Where in the kernel the process's main thread waits (``futex_wait_queue``,
    ``inet_csk_accept``...), None when Linux does not say."""
    try:
        with open(f"/proc/{pid}/task/{pid}/wchan", encoding="ascii", errors="replace") as wchan:
            where = wchan.read().strip()
    except OSError:
        return None
    return where if where and where != "0" else None


def _threads(pid: int) -> int:
    """How many threads the process runs (1 when it cannot be read)."""
    try:
        with open(f"/proc/{pid}/status", encoding="ascii", errors="replace") as status:
            for line in status:
                if line.startswith("Threads:"):
                    return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return 1


def stops_on_ctrl_c(plan: StopPlan):
    """The scenario of ``plan``'s requirement (see the module's docstring)."""

    def scenario(context: MachineContext) -> None:
        server = context.session.acquire()
        play = StopScenario(plan, context, server)
        try:
            if not play.answered() or not server.alive():
                return  # V-WITNESS: not shown
            context.witness(WITNESS)
            staying = play.linger(ProcessObserver(server))
            try:
                play.interrupt(staying)
            except Violation:
                server.kill()  # it had its 3 s: no second grace period to stop it
                raise
        finally:
            play.close_all()
            context.session.release(server)

    scenario.__name__ = f"stops_on_ctrl_c_{plan.requirement.replace('-', '_').lower()}"
    return scenario


def stop_check(plan: StopPlan) -> Check:
    env = {"SECRET": plan.secret} if plan.secret is not None else None
    return Check(plan.requirement, scenario=stops_on_ctrl_c(plan), fresh_server=True, env=env, witness=WITNESS)


CLOCK_QUESTION = dict(question=CANONICAL_REQUEST, half_close=True)
PLANS = {
    "clock": StopPlan("CLOCK-8", lingering=(SILENT, MID_REQUEST), **CLOCK_QUESTION),
    "clock-udp": StopPlan("UDP-3", CANONICAL_REQUEST),
    "clock-unix": StopPlan("UNIX-2", lingering=(SILENT, MID_REQUEST), **CLOCK_QUESTION),
    "clock-unixdgram": StopPlan("UNIXD-2", CANONICAL_REQUEST),
    "hello-web": StopPlan("WEB-7", FULL_REQUEST, (HALF_REQUEST,)),
    "swap": StopPlan("SWAP-10", pad("a message to swap"), (SWAP_WAITER, SILENT), askers=2),
    "guess": StopPlan("GUESS-9", pad("50"), (SILENT,), secret=GUESS_SECRET, readable=lambda data: parse_lenient(data) is not None),
    "guess-web": StopPlan("WGUESS-7", FULL_REQUEST, (HALF_REQUEST,), secret=WORD_SECRET),
}

PROTOCOL_CHECKS = {protocol: {plan.requirement: stop_check(plan)} for protocol, plan in PLANS.items()}

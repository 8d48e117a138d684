"""The found-state machine that the checks of guess and guess-web share: clients that
guess a secret, and ``protocols.guess.FoundStateModel`` judging every answer.

The model accepts any order in which the server may have read guesses that were in flight
together; the machine tells it what the clients did, in the order it saw it. Just before a
guess is completed, every reply that has already arrived is taken in: whatever came before
a guess was sent, the server sent before it read that guess.

SECRET. Each check runs its servers with a SECRET of its own, fixed per check, so that a
failure saved in the example database replays against the same secret. The model is held
to SECRET only where that is the requirement (GUESS-5, WGUESS-3). For every other
requirement the check first asks, on servers of its own, whether the program honours
SECRET at all: a fresh server that tells the guess SECRET `wrong` chose its own secret
(two of three fresh servers must agree, so that a random secret equal to SECRET does not
mislead). A server that
honours SECRET is held to it; one that ignores it is judged against the secret the model
learns from its answers.

Each example starts a fresh server (the found state lasts a server's life) and ends with
its requirement's closing scenario, whatever the steps were: the find as a race, with a
client connected before it guessing after it; SECRET asked; a client served after
misbehaving or silent ones. Outside C-CONC a reply is due only when every client connected
earlier has completed its request (a server that serves one client at a time is correct
there), and a client completes its request before it closes, so a server that breaks only
C-ROBUST or C-CONC fails only that requirement.

Which clients a rule may pick, and how many are connected, follow from the steps alone,
never from when a reply happened to arrive: Hypothesis replays the same draws."""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Hashable, Iterable

from hypothesis import strategies as st
from hypothesis.stateful import precondition, rule

from protocols.framing import show
from protocols.guess import NUMBER_RULES, Answer, FoundStateModel, GuessRules, Reply, Unreadable
from protocols.guess import Violation as ModelViolation

from ..drive.clients import GHOST_MARK, StreamClient, is_ghost
from ..drive.machine import QUIET_WINDOW, REPLY_DUE, MachineContext, ProtocolMachine

NOT_DUE_WAIT = 0.2  # how long to wait for a reply that is not due (a sequential server)
RACE_SIZES = st.integers(2, 4)  # clients that send the correct guess at the same moment


def focus_in(group: str):
    """A model-only precondition: the rule runs in the checks of the requirements that the
    machine class lists under ``group`` (``RACE``, ``SWEEP``...)."""
    return precondition(lambda self: self.focus in getattr(self, group))


def show_reply(reply: Reply) -> str:
    return str(reply) if isinstance(reply, Answer) else reply.shown


def names(clients: list) -> str:
    """`clients 3, 4 and 5`: several clients named at once in a transcript."""
    numbers = [number_of(c) for c in clients]
    if len(numbers) == 1:
        return f"client {numbers[0]}"
    return f"clients {', '.join(numbers[:-1])} and {numbers[-1]}"


def number_of(client: StreamClient) -> str:
    if is_ghost(client):
        return client.name  # a left-out client stays recognisable in a line that names it
    return client.name.split()[-1]


_MODEL_MESSAGE = re.compile(r"^(?P<who>.*?) got (?P<got>.*?), expected (?P<expected>.*?): (?P<why>.*)\. Requirement: .*$", re.S)
_SECRET_MESSAGE = re.compile(r"^(?P<who>.*?) got (?P<got>.*?); (?P<why>.*)\. Requirement: (?P<rule>.*)\.$", re.S)


def split_model_violation(violation: ModelViolation) -> tuple[str, str]:
    """The model's sentence as a counterexample's `expected` and `got`."""
    match = _MODEL_MESSAGE.match(violation.message)
    if match:
        return f"{match['expected']} ({match['why']})", match["got"]
    match = _SECRET_MESSAGE.match(violation.message)
    if match:
        return match["rule"], f"{match['got']} ({match['why']})"
    return violation.message, "a different answer"


class FoundStateMachine(ProtocolMachine):
    """Clients that guess a secret, and a model that judges every answer.

    Subclasses say how a guess is written (``request_for``), when a reply is complete
    (``reply_ready``) and what it answers (``read_answer``), and list, per group of rules,
    the requirements whose checks use them (``RACE = {...}``)."""

    model_rules: GuessRules = NUMBER_RULES
    secret_requirement = ""  # "the secret is SECRET"
    robust_requirement = ""  # C-ROBUST
    framing_requirements: frozenset[str] = frozenset()  # C-EXACT: no reply before the last byte
    secrets: dict[str, Hashable] = {}
    CONNECT = READ = LEAVE = RACE = FIND = frozenset()

    def __init__(self, context: MachineContext) -> None:
        super().__init__(context)
        self.given = self.secrets[self.focus]
        self.example_notes: dict = {}
        self._buffer: list[str] | None = None  # steps held back during a sweep
        self._summary: Callable[[], str | None] = lambda: None
        self._last_send: tuple[str, int] | None = None  # (client, step index) of a guess line
        known = self.focus == self.secret_requirement or self.honours_secret()
        self.model = FoundStateModel(self.model_rules, self.given if known else None)
        shown = self.model_rules.show_secret(self.given)
        self.say(f"the server runs with SECRET={shown}" + ("" if known else " (and ignores it: its secret is learnt from its answers)"))

    # --- what a subclass provides ------------------------------------------------------

    def request_for(self, text: str, data=None) -> bytes:
        raise NotImplementedError

    def describe(self, text: str) -> str:
        raise NotImplementedError

    def reply_ready(self, client: StreamClient) -> bool:
        raise NotImplementedError

    def read_answer(self, client: StreamClient) -> Reply:
        raise NotImplementedError

    def probe_says_wrong(self, server) -> bool:
        """Whether a fresh ``server`` answers the guess SECRET with `wrong` (read leniently)."""
        raise NotImplementedError

    def wrong_text(self) -> str:
        """A guess that is wrong whatever the secret, and changes nothing."""
        raise NotImplementedError

    def after_request(self, client: StreamClient) -> None:
        """Called once a client's request is complete."""

    def guess_verb(self, text: str) -> str:
        return f"guesses {self.describe(text)}"

    def canonical(self, value: Hashable) -> str:
        return self.model_rules.canonical(value)

    # --- SECRET ------------------------------------------------------------------------

    def honours_secret(self) -> bool:
        """Whether the program takes its secret from SECRET, asked once per check on fresh
        servers until two answers agree: a program that tells SECRET `wrong` chose its own.
        Anything else (`right`, no answer) counts as honouring it: the check then holds the
        server to SECRET. Two of three, not the first answer: a random secret of 0..99
        equals SECRET one time in a hundred, and a check whose server was wrongly held to
        SECRET would blame another requirement for its `wrong`."""
        notes = self.context.session.notes
        if "honours_secret" not in notes:
            votes = {True: 0, False: 0}
            while max(votes.values()) < 2:
                server = self.context.session.acquire()
                try:
                    votes[not self.probe_says_wrong(server)] += 1
                finally:
                    self.context.session.release(server)
            notes["honours_secret"] = votes[True] >= 2
        return notes["honours_secret"]

    # --- the transcript -----------------------------------------------------------------

    def say(self, text: str) -> None:
        if GHOST_MARK in text:
            # A client left out of the shown sequence (wirecheck.drive.runner.drop_clients):
            # never held back, never shown.
            super().say(text)
            return
        if self._buffer is not None:
            self.context.check_time()  # the check's time limit holds inside a sweep too
            self._buffer.append(text)
        else:
            super().say(text)

    def _lines(self) -> list[str]:
        return self._buffer if self._buffer is not None else self.steps

    def say_send(self, client: StreamClient, line: str) -> None:
        self.say(line)
        if self.found is None and GHOST_MARK not in line:
            self._last_send = (client.name, len(self._lines()) - 1)

    def say_reply(self, client: StreamClient, reply: Reply, ok: bool) -> None:
        """`client 2 guesses 42 → right` when the answer follows its guess, else a line of
        its own; an answer that breaks the focus is left for the counterexample's `got`."""
        if self.found is not None:
            return
        lines = self._lines()
        follows_send = self._last_send == (client.name, len(lines) - 1)
        if ok and follows_send:
            lines[-1] += f" → {show_reply(reply)}"
        elif ok:
            self.say(f"{client.name} is told {show_reply(reply)}")
        elif not follows_send:
            self.say(f"{client.name} reads its reply")
        self._last_send = None

    def violation(self, requirement: str, expected: str, got: str, judge: dict | None = None) -> None:
        if requirement == self.focus and self.found is None and self._buffer is not None:
            self._flush()
        super().violation(requirement, expected, got, judge)

    def _flush(self) -> None:
        held, self._buffer = self._buffer or [], None
        summary = self._summary()
        if summary:
            super().say(summary)
        offset = len(self.steps)
        for line in held:
            super().say(line)
        if self._last_send is not None:
            self._last_send = (self._last_send[0], self._last_send[1] + offset)

    def quiet_rounds(self, items: Iterable, play: Callable[[object], list | None], summary: Callable[[list], str]) -> None:
        """Play ``items`` in turn (a sweep), holding back the steps of every round whose
        clients were all told `wrong`; those become one summary line. The first round that
        is not that dull — or breaks a requirement — is shown in full, and ends the sweep."""
        dull: list[tuple[object, list]] = []
        self._summary = lambda: summary(dull) if dull else None
        try:
            for item in items:
                if self.found is not None:
                    break
                self._buffer = []
                clients = play(item)
                if self._buffer is None:  # flushed by a violation
                    break
                if clients and all(self.state(c).notes.get("answer") is Answer.WRONG and self.state(c).notes.get("judged_ok") for c in clients):
                    dull.append((item, clients))
                    continue
                self._flush()
                break
        finally:
            if self._buffer is not None:
                self._buffer = None
                line = self._summary()
                if line:
                    super().say(line)
            self._summary = lambda: None

    # --- the model's view of clients ----------------------------------------------------

    def unsent(self) -> list:
        return [c for c in self.open_clients() if self.state(c).sent == 0]

    def unfinished(self) -> list:
        return [c for c in self.open_clients() if not self.state(c).complete]

    def in_flight(self) -> list:
        """Clients whose guess is complete and who have not yet read their reply.

        Which clients a rule may pick, and how many are connected, follow from the steps
        alone, never from when a reply happened to arrive (Hypothesis replays the same
        draws): a reply taken early (``take_arrived``) only settles its client once a step
        reads it, or at the end."""
        return [c for c in self.open_clients() if self.state(c).complete and "text" in self.state(c).notes]

    def connect_silent(self) -> StreamClient | None:
        if not self.can_connect():
            return None
        client = self.open_stream()
        self.say(f"{client.name} connects")
        return client

    def done_with(self, client: StreamClient) -> None:
        """The client is finished with: closed, and no longer counted as connected."""
        client.close()
        self.state(client).connected = False

    # --- sending ------------------------------------------------------------------------

    def prepare(self, client: StreamClient, text: str, request: bytes) -> None:
        state = self.state(client)
        state.request = request
        state.notes["text"] = text

    def give_ticket(self, client: StreamClient) -> None:
        state = self.state(client)
        state.notes["ticket"] = self.model.send(state.notes["text"])
        if state.notes["text"] == self.canonical(self.given):
            self.example_notes["asked_secret"] = True

    def send_part(self, client: StreamClient, data: bytes) -> bool:
        """Write the next bytes of a client's request. Just before the write that completes
        it, every reply already received is taken in and the guess gets its ticket."""
        state = self.state(client)
        self.resume(client)  # what is left of its pause (C-PATIENCE) passes first
        completes = state.sent + len(data) >= len(state.request)
        if completes and "ticket" not in state.notes and not state.notes.get("spoilt"):
            self.take_arrived()
            self.give_ticket(client)
        ok = client.send(data)
        state.sent += len(data)
        if completes and state.complete_at is None:
            state.complete_at = time.time()
            self.after_request(client)
        return ok

    def send_guess(self, client: StreamClient, text: str, data=None) -> None:
        """A whole guess in one write."""
        self.prepare(client, text, self.request_for(text, data))
        self.send_part(client, self.state(client).request)
        self.say_send(client, f"{client.name} {self.guess_verb(text)}")

    # --- replies ------------------------------------------------------------------------

    def take_arrived(self) -> None:
        """Judge every reply that has fully arrived, without waiting."""
        for client in self.open_clients():
            state = self.state(client)
            if state.replied or state.notes.get("spoilt"):
                continue
            client.pump()
            if "ticket" not in state.notes:
                if client.received and not state.complete:
                    self.early_reply(client)
                continue
            if self.reply_ready(client):
                self.judge(client)

    def early_reply(self, client: StreamClient) -> None:
        """A reply before the request was complete: a C-EXACT matter. The client is then left
        out of the found-state judgement (the server read something else than its guess)."""
        state = self.state(client)
        state.notes["spoilt"] = True
        if self.focus in self.framing_requirements:
            self.violation(
                self.focus,
                f"no reply before the request's last byte (byte {len(state.request)})",
                f"{show(bytes(client.received))} after {state.sent} bytes",
            )

    def may_go_unanswered(self, client: StreamClient) -> bool:
        """Whether the client's request is one C-ROBUST lists as misbehaving, that the server
        need not answer as long as it goes on serving the clients after it."""
        return False

    def unanswered(self, client: StreamClient, got: str) -> None:
        """A misbehaving request got no reply: no answer is asked of it (the clients after
        it show whether the server goes on serving). A server that exited on it fails the
        focus here and now, whenever its process ends (V-SAME: not on the next connect's
        timing)."""
        state = self.state(client)
        state.replied = True
        state.notes["answer"] = Unreadable(got)
        self.model.lost(state.notes["ticket"])
        self._last_send = None
        gone = self.server_gone(grace=0.5)
        if gone:
            self.say(f"{client.name} waits for its reply")
            self.violation(self.focus, "the server goes on serving (a reply, or none at all for a request that is not ASCII)", got + gone)
            return
        self.say(f"{client.name} gets {got} (allowed: such a request need not be answered)")

    def judge(self, client: StreamClient) -> ModelViolation | None:
        state = self.state(client)
        state.replied = True
        reply = self.read_answer(client)
        if isinstance(reply, Unreadable) and not client.received and self.may_go_unanswered(client):
            self.unanswered(client, reply.shown)
            return None
        state.notes["answer"] = reply
        violation = self.model.answer(state.notes["ticket"], reply)
        state.notes["judged_ok"] = violation is None
        if reply is Answer.RIGHT:
            self.witness("right")
        elif reply is Answer.WRONG:
            self.witness("wrong")
        self.say_reply(client, reply, violation is None or violation.id != self.focus)
        if violation is not None:
            expected, got = split_model_violation(violation)
            if isinstance(reply, Unreadable) and not client.received:
                got = reply.shown  # nothing came: what a reply should look like is beside the point
                if violation.id == self.focus and self.found is None:
                    got += self.server_gone()
            self.violation(violation.id, expected, got)
        return violation

    def await_reply(self, client: StreamClient) -> bool:
        """Wait for a client's reply and judge it: up to 2 s when it is due, briefly when it
        is not (a server serving one client at a time may not have read it yet). True when
        the reply was taken."""
        state = self.state(client)
        if not state.connected:
            return state.replied
        due = self.reply_due(client)
        if "ticket" not in state.notes:
            # Spoilt by an early reply (a C-EXACT matter): nothing to judge, but it leaves as
            # any other client does, so that who is connected follows the steps alone.
            if due:
                self.done_with(client)
            return state.replied
        if not state.replied:
            timeout = self.due_within() if due else min(NOT_DUE_WAIT, self.due_within())
            if client.wait_until(lambda c: self.reply_ready(c), timeout):
                self.judge(client)
            elif due:
                self.missing_reply(client)
        if due:
            self.done_with(client)
        return state.replied

    def missing_reply(self, client: StreamClient) -> None:
        """A due reply did not come. Under C-CONC that is the silent client's doing when one
        connected earlier; under C-ROBUST the server stopped serving; under C-EXACT it waits
        for more than the request; otherwise the answer that was due is missing."""
        state = self.state(client)
        state.replied = True
        if self.found is not None:
            self.model.lost(state.notes["ticket"])
            return
        got = f"no reply within {REPLY_DUE:g} s"
        if client.received:
            got = f"only {show(bytes(client.received))}, and nothing more within {REPLY_DUE:g} s"
        stalled = self.stalled_before(client)
        if not client.received and not stalled and self.may_go_unanswered(client):
            self.unanswered(client, got)
            return
        if self.focus in self.concurrent_requirements and stalled:
            self.say(f"{client.name} waits for its reply")
            self.violation(self.focus, f"a reply within {REPLY_DUE:g} s, whatever {names(stalled)} (connected, not done) does", got)
        elif self.focus == self.robust_requirement:
            self.say(f"{client.name} waits for its reply")
            self.violation(self.focus, "a reply: the server goes on serving", got + self.server_gone())
        elif self.focus in self.framing_requirements:
            self.say(f"{client.name} waits for its reply")
            expected = f"a reply within {REPLY_DUE:g} s of the request's last byte, without more bytes or EOF"
            self.violation(self.focus, expected, got + self.server_gone())
        else:
            state.notes["answer"] = Unreadable(got)
            violation = self.model.answer(state.notes["ticket"], Unreadable(got))
            if violation is not None:
                self.say_reply(client, Unreadable(got), violation.id != self.focus)
                expected, got_text = split_model_violation(violation)
                if violation.id == self.focus:
                    got_text += self.server_gone()
                self.violation(violation.id, expected, got_text)

    def stalled_before(self, client: StreamClient) -> list:
        earlier = []
        for other in self.clients:
            if other is client:
                break
            state = self.state(other)
            if state.connected and not state.complete:
                earlier.append(other)
        return earlier

    def found_seen(self) -> bool:
        """Whether some client has been told `right` or `secret found` in this example."""
        return self.model.found or any(self.state(c).notes.get("answer") in (Answer.RIGHT, Answer.FOUND) for c in self.clients)

    # --- rules shared by every found-state protocol -------------------------------------

    @focus_in("CONNECT")
    @rule()
    def connect(self):
        """A client that connects and, for now, sends nothing (it may guess after the find)."""
        self.connect_silent()

    @focus_in("READ")
    @rule(data=st.data())
    def read_reply(self, data):
        client = self.pick(data, self.in_flight(), allow_new=False)
        if client is not None:
            self.await_reply(client)

    @focus_in("LEAVE")
    @rule(data=st.data())
    def leave(self, data):
        """A client that has sent its guess closes without reading the answer: its guess may
        or may not have been read."""
        client = self.pick(data, self.in_flight(), allow_new=False)
        if client is None:
            return
        state = self.state(client)
        self.done_with(client)
        if state.replied:  # its reply had already come, and was judged
            self.say(f"{client.name} closes")
            return
        state.replied = True
        self.model.lost(state.notes["ticket"])
        self.say(f"{client.name} closes without reading its reply")

    @focus_in("RACE")
    @rule(size=RACE_SIZES)
    def race(self, size):
        """Several clients send the correct guess at the same moment."""
        self.race_round(size)

    def race_round(self, size: int) -> None:
        size = min(size, self.max_open_clients - len(self.open_clients()))
        if size < 2:
            return
        secret = self.model.secret
        if secret is None:
            self.race_unknown(size)
        else:
            self.release_together(size, self.race_text(secret))

    def race_text(self, secret: Hashable) -> str:
        """How racing clients spell the correct guess."""
        return self.canonical(secret)

    def race_unknown(self, size: int) -> None:
        """The secret is not known (the server ignores SECRET)."""

    def release_together(self, size: int, text: str) -> list:
        """``size`` new clients send ``text``: all but the last byte each, then every last byte
        back to back, so that the server reads the guesses at the same moment."""
        clients = [self.open_stream() for _ in range(size)]
        request = self.request_for(text)
        for client in clients:
            self.prepare(client, text, request)
        self.take_arrived()
        for client in clients:
            self.give_ticket(client)
        for client in clients:
            self.send_part(client, request[:-1])
        for client in clients:
            self.send_part(client, request[-1:])
        if len(clients) == 1:
            self.say(f"{clients[0].name} connects and {self.guess_verb(text)}")
        else:
            self.say(f"{names(clients)} connect and each {self.guess_verb(text)}, the last bytes sent at the same moment")
        for client in clients:
            self.await_reply(client)
        return clients

    # --- the end of an example ------------------------------------------------------------

    def teardown(self) -> None:
        try:
            if self.found is None:
                self.finish_all()
            if self.found is None:
                self.closing_scenario()
            if self.found is None:
                self.finish_all()
        finally:
            super().teardown()

    def closing_scenario(self) -> None:
        """What every example of the focus sees before it ends, whatever the steps were."""
        if self.focus in self.FIND and not self.found_seen():
            # The find is a race, and a client connected before it guesses after it.
            early = self.connect_silent()
            size = self.closing_size(3)
            if size < 2 and self.model.secret is not None and self.can_connect():
                self.release_together(1, self.race_text(self.model.secret))  # one client finds it
            else:
                self.race_round(max(size, 2))
            if early is not None and self.found is None and self.found_seen():
                self.send_guess(early, self.wrong_text())
                self.await_reply(early)
        if self.focus == self.secret_requirement and not self.example_notes.get("asked_secret"):
            client = self.connect_silent()
            if client is not None:
                self.send_guess(client, self.canonical(self.given))
                self.await_reply(client)
        if self.focus == self.robust_requirement:
            self.still_serves()
        if self.focus in self.concurrent_requirements:
            # A client that connects and stays silent, then one whose answer is due at once.
            silent = self.connect_silent()
            if silent is not None:
                self.still_serves()
        if self.found is None and not any(c.received for c in self.clients):
            # V-WITNESS: every example shows an answer (one of no steps too).
            self.still_serves()

    def still_serves(self) -> None:
        """C-ROBUST: after a misbehaving client, a normal client is served."""
        client = self.connect_silent()
        if client is not None:
            self.send_guess(client, self.wrong_text())
            self.await_reply(client)
            if client.received and not isinstance(self.state(client).notes.get("answer"), Unreadable):
                self.witness("robust")  # a client answered after the misbehaving one

    def leave_after_round(self, clients: list) -> None:
        """The clients of one round of a sweep or a race leave once it is played, read or
        not: how many rounds are played depends on the server's answers, and who is
        connected afterwards must not (V-SAME: the next draws depend on it)."""
        for client in clients:
            state = self.state(client)
            if not state.connected:
                continue
            if not state.replied and "ticket" in state.notes:
                state.replied = True
                self.model.lost(state.notes["ticket"])
            self.done_with(client)

    def finish_all(self) -> None:
        """Leave as well-behaved clients do: complete every request, in connect order, and
        take every reply."""
        if self.focus in self.framing_requirements and any(self.state(c).sent for c in self.unfinished()):
            self.watch(QUIET_WINDOW)  # a reply to a half-sent guess may still be on its way
            self.take_arrived()
        for client in self.unfinished():
            state = self.state(client)
            if not state.request:
                self.prepare(client, self.wrong_text(), self.request_for(self.wrong_text()))
            started = state.sent > 0
            self.send_part(client, state.request[state.sent :])
            if started:
                self.say_send(client, f"{client.name} sends the rest of its request")
            else:
                self.say_send(client, f"{client.name} {self.guess_verb(state.notes['text'])}")
        for client in self.in_flight():
            self.await_reply(client)

"""The swap protocol's checks (SWAP-1..9).

Clients connect, send their message (whole, in pieces with pauses, or several at the same
moment), stay silent, wait, and disconnect while they wait. Every message is 25 printable
ASCII bytes that begin with its client's number (`3:...`), so whatever a client receives
names its sender. Everything the clients do and see is told, in the order the driver saw
it, to ``protocols.swap.SwapModel``, which judges it; the check drives the clients, waits
for what the model says is due, and turns the model's first violation into a
counterexample when that violation breaks the check's own requirement. A violation of
another requirement ends the judging of that example (the model stops there), and the
rest of the example runs without waiting.

Order. Where first come, first served is judged (SWAP-5, SWAP-6), each completed message
and each close is followed by a quiet moment (``SETTLE``), after which the model takes the
server to have read them in that order. Elsewhere nothing is assumed of the order of
things done within milliseconds of each other: every order is accepted.

Each example starts a fresh server (a shrunk counterexample replays alone) and opens with
its requirement's own scenario — the situation a server that breaks it must show — before
the random steps: a waiting client and two messages completed at the same moment, three
times (SWAP-3); a client that connects first and completes last, then clearly ordered
arrivals (SWAP-5); a waiter that disconnects (SWAP-6); messages in pieces (SWAP-7); a
misbehaving client (SWAP-8); a silent client connected before two ready ones (SWAP-9).

A server that serves one client at a time is correct except for C-CONC: a pair that a
silent client connected earlier may be holding up is awaited only under SWAP-9. Outside
SWAP-8 (C-ROBUST) every client completes its message before it closes, at the end of an
example too, so a server that dies on an aborted client fails SWAP-8 alone."""

from __future__ import annotations

import itertools
import socket
import time
from typing import Callable

from hypothesis import strategies as st
from hypothesis.stateful import initialize, rule

from protocols.edges import ALONE_PAUSE, CONC_PART, LAST_BYTE_PAUSE, PATIENCE, RESET_ROUNDS, WAITER_RACE_ROUNDS
from protocols.framing import PRINTABLE, REQUEST_SIZE, pad, show
from protocols.swap import SWAP, Due, SwapModel
from protocols.swap import Violation as ModelViolation

from ..drive.clients import StreamClient, is_ghost
from ..drive.machine import LONG_PAUSE, PAUSES, QUIET_WINDOW, REPLY_DUE, MachineContext, ProtocolMachine, Violation, focus_on
from ..drive.runner import Check

SETTLE = 0.05  # a quiet moment after which the server has read what was sent before it
END_WAIT = 0.1  # after a whole message, how long to look for more bytes before the close
EARLY_WATCH = 0.005  # after a piece of a message, look this long for a reply that must not come
GAP = 0.01  # between two sends that are not meant to be simultaneous
PIECE_PAUSE = 0.02  # between the pieces of an opening's messages (SWAP-7)
RACE_ROUNDS = 3  # SWAP-3: a waiter and two messages completed together, this many times
CHOICES = st.integers(0, 7)  # which client a verb applies to, counted round its candidates
BODY = st.text(alphabet=PRINTABLE, max_size=REQUEST_SIZE - 3)  # after the tag `12:`
non_ascii_bodies = st.binary(min_size=REQUEST_SIZE - 1, max_size=REQUEST_SIZE - 1)
MISBEHAVIOURS = ["closes at once", "resets the connection", "part", "non-ASCII", "resets while waiting"]

ALL = frozenset(SWAP.ids)
ROBUST = "SWAP-8"
CONC = "SWAP-9"
NORMAL = ALL - {ROBUST}
FAIR = frozenset({"SWAP-5", "SWAP-6"})  # arrivals are settled: first come, first served is judged
FRAGMENTS = frozenset({"SWAP-1", "SWAP-5", "SWAP-7", "SWAP-9"})
TOGETHER = frozenset({"SWAP-1", "SWAP-2", "SWAP-3", "SWAP-5"})
LEAVES = frozenset({"SWAP-1", "SWAP-2", "SWAP-3", "SWAP-4", "SWAP-5", "SWAP-6"})
QUIET_LOOKS = frozenset({"SWAP-4"})  # a lone waiting client is watched: it receives nothing



def bodies(count: int):
    """Texts for ``count`` messages, drawn whether or not a step uses them all."""
    return st.lists(BODY, min_size=count, max_size=count)


# What each requirement asks, for a model violation whose message names no rule.
ASKS = {
    "SWAP-1": "exactly the partner's 25 bytes",
    "SWAP-2": "only a partner's message: never its own, nothing no client sent, one message",
    "SWAP-3": "pairing is a matching: the two of a pair swap, and no message reaches two clients",
    "SWAP-4": "a pair within 2 s whenever two clients wait, and nothing for a client alone",
    "SWAP-5": "first come, first served by the time a message has fully arrived",
    "SWAP-6": "a waiting client that disconnects is never paired",
    "SWAP-7": f"all {REQUEST_SIZE} bytes of a message read, however they are split",
    "SWAP-9": "a silent client does not keep two ready clients apart",
}


def number(name: str) -> int:
    return int(name.rsplit(" ", 1)[-1])


def names(items) -> str:
    """`client 2 and client 3`: several clients (or names) in a sentence."""
    found = [getattr(c, "name", c) for c in items]
    found.sort(key=number)
    return found[0] if len(found) == 1 else ", ".join(found[:-1]) + " and " + found[-1]


def describe(message: bytes) -> str:
    """A message as a student reads it: `"2:hello" + 18 spaces` for a padded text."""
    text = message.rstrip(b" ")
    spaces = len(message) - len(text)
    if text and spaces >= 2:
        return f"{show(text)} + {spaces} spaces"
    return show(message)


def _cut(text: str, separator: str) -> int:
    """Where the last ``separator`` outside quoted bytes begins, or -1."""
    found, quoted, escaped = -1, False, False
    for i, char in enumerate(text):
        if escaped:
            escaped = False
        elif char == "\\" and quoted:
            escaped = True
        elif char == '"':
            quoted = not quoted
        elif not quoted and text.startswith(separator, i):
            found = i
    return found


def split_model_message(violation: ModelViolation) -> tuple[str, str]:
    """The model's sentence (`what happened: the rule it breaks`) as `expected` and `got`."""
    text = violation.message
    but = text.find(", but pairing is ")  # SWAP-5: `X received Y's message, but pairing is ...: who instead`
    if but >= 0:
        return text[but + len(", but ") :], text[:but]
    at = _cut(text, ": ")
    if at < 0:
        return ASKS.get(violation.id, violation.id), text
    got, expected = text[:at], text[at + 2 :]
    more = _cut(expected, "; ")
    if more >= 0:
        got, expected = f"{got}: {expected[:more]}", expected[more + 2 :]
    return expected, got


class SwapMachine(ProtocolMachine):
    """Clients of a swap server, and the model that judges what they see."""

    def __init__(self, context: MachineContext) -> None:
        super().__init__(context)
        # First come, first served is about who pairs, not when: a server that pairs lazily
        # keeps its full 2 s there even while a failure is shrunk.
        within = REPLY_DUE if self.focus in FAIR else self.due_within()
        self.model = SwapModel(pair_within=within)
        self.fed: dict[str, int] = {}  # bytes of each client already told to the model
        self.ends_fed: set[str] = set()
        self.misbehaved = False  # SWAP-8: a misbehaving client has come and gone

    # --- what the model is told -----------------------------------------------------------

    @property
    def judging(self) -> bool:
        """Whether this example can still fail: nothing found, and the model still judges."""
        return self.found is None and self.model.violation is None

    def observe_event(self, event: Callable[[float], ModelViolation | None], source: str = "") -> None:
        """Tell the model one observation, after asking what has fallen overdue by now."""
        if self.model.violation is not None:
            return
        now = time.monotonic()
        owed = next((d for d in self.model.due() if now > d.deadline + self.model.grace), None)
        late = self.model.overdue(now)
        if late is not None:
            self.report(late, owed)
            return
        found = event(now)
        if found is not None:
            self.report(found, None, source)

    def feed(self) -> None:
        """Take in what has arrived on every client, and tell the model: first every client's
        bytes, then the ends seen. What one look finds came within the same moment, and a
        server that writes one client's partner message and then closes the other is read
        that way (V-LENIENT): the model then judges the message, not a close before it."""
        looked = []
        for client in self.clients:
            if client.closed:
                continue
            client.pump()
            looked.append(client)
            name = client.name
            fed = self.fed.get(name, 0)
            if len(client.received) > fed:
                data = bytes(client.received[fed:])
                self.fed[name] = len(client.received)
                self.observe_event(lambda at: self.model.received(name, data, at), "received")
        for client in looked:
            name = client.name
            if client.ended and name not in self.ends_fed:
                self.ends_fed.add(name)
                end = self.model.reset if client.reset else self.model.eof
                self.observe_event(lambda at: end(name, at), "end")

    def report(self, violation: ModelViolation, owed: Due | None, source: str = "") -> None:
        """A model violation as this check's counterexample, when it breaks the focus."""
        if self.focus == ROBUST:
            # C-ROBUST: after a misbehaving client, the server must go on serving — a due
            # pair or message that never comes, or a waiting client dropped, is that failure.
            stopped = owed is not None or (violation.id == "SWAP-4" and source == "end")
            if self.misbehaved and stopped:
                expected, got = self.liveness_text(owed) if owed else split_model_message(violation)
                self.violation(ROBUST, f"the server goes on serving: {expected}", got + self.server_gone())
            return
        if not violation.breaks(self.focus):
            return
        if owed is not None and owed.kind == "pair":
            expected, got = self.liveness_text(owed)
        else:
            expected, got = split_model_message(violation)
        if owed is not None:
            got += self.server_gone()
        self.violation(self.focus, expected, got)

    def liveness_text(self, owed: Due) -> tuple[str, str]:
        within = f"{self.model.pair_within:g} s"
        if owed.kind != "pair":
            (name,) = owed.clients
            return f"the rest of {name}'s partner's message within {within}", f"nothing more for {within}"
        waiting = sorted(owed.clients, key=number)
        if len(waiting) == 2:
            expected = f"{names(waiting)} paired within {within}"
        else:
            expected = f"two of {names(waiting)} paired within {within}"
        silent = [c for c in self.clients if self.silent(c)]
        if silent:
            expected += f" ({'; '.join(self.how_silent(c) for c in silent)})"
        return expected, f"nothing for {within}"

    def how_silent(self, client: StreamClient) -> str:
        sent = self.state(client).sent
        if sent == 0:
            return f"{client.name} has sent nothing"
        return f"{client.name} has sent only {sent} of its {REQUEST_SIZE} bytes"

    # --- the clients, as the steps made them ------------------------------------------

    def silent(self, client: StreamClient) -> bool:
        """Connected, and its message not complete."""
        return self.state(client).connected and not client.ended and not self.state(client).complete

    def unsent(self) -> list:
        return [c for c in self.open_clients() if self.state(c).sent == 0]

    def unfinished(self) -> list:
        return [c for c in self.open_clients() if not self.state(c).complete]

    def sent_whole(self) -> list:
        """Clients that have sent their whole message and are still connected on their side."""
        return [c for c in self.open_clients() if self.state(c).complete]

    def pick(self, choice: int, candidates: list, allow_new: bool = True):
        """One of ``candidates`` (or a new client): the ``choice``-th, counting round.

        What a rule draws never depends on what the server did (Hypothesis replays draws
        and shrinks them): the choice is drawn as a number, and only which client it names
        depends on the clients at that moment."""
        options = list(candidates)
        if allow_new and self.can_connect():
            options.append(None)
        if not options:
            return None
        client = options[choice % len(options)]
        return self.connect_one() if client is None else client

    def connect_one(self, tell: bool = True) -> StreamClient | None:
        """A new client (None when as many are open as a listen backlog of 5 surely holds)."""
        if not self.can_connect():
            return None
        try:
            client = self.open_stream()
        except Violation:
            return None  # refused: recorded, and raised at teardown like every other finding
        self.observe_event(lambda at: self.model.connected(client.name, at))
        if tell:
            self.say(f"{client.name} connects")
        return client

    def message_of(self, client: StreamClient, body: str) -> bytes:
        """The client's message, fixed when it first sends: its number, then ``body``
        (printable text drawn by Hypothesis), padded with spaces."""
        state = self.state(client)
        if not state.request:
            state.request = pad(f"{state.number}:{body}")
        return state.request

    # --- what the clients do ------------------------------------------------------------

    def write(self, client: StreamClient, piece: bytes, feed_first: bool = True) -> None:
        """Write bytes of a client's message and tell the model right after the write.
        Whatever arrived before the write is taken in first: it came before it."""
        self.resume(client)
        if feed_first:
            self.feed()
        state = self.state(client)
        state.sent += len(piece)
        if client.ended:
            return  # the server has closed this connection: the client stops here
        client.send(piece)
        name = client.name
        self.observe_event(lambda at: self.model.wrote(name, piece, at))
        if state.complete and state.complete_at is None:
            state.complete_at = time.time()

    def send_whole(self, client: StreamClient | None, body: str) -> None:
        if client is None:
            return
        message = self.message_of(client, body)
        state = self.state(client)
        started = state.sent
        self.write(client, message[started:])
        if started:
            self.say(f"{client.name} sends the rest of its message, {show(message[started:])}")
        else:
            self.say(f"{client.name} sends {describe(message)}")
        self.after_completion()

    def send_piece(self, client: StreamClient, size: int, pause: float, body: str) -> None:
        message = self.message_of(client, body)
        state = self.state(client)
        first = state.sent
        piece = message[first : first + size]
        self.write(client, piece)
        span = f"byte {first + 1}" if len(piece) == 1 else f"bytes {first + 1} to {state.sent}"
        if state.complete:
            self.say(f"{client.name} sends {show(piece)} ({span} of {REQUEST_SIZE}: its message {describe(message)} is complete)")
            self.after_completion()
            return
        # The pause is told with the piece it follows: one step of the client's, as a student
        # would write it (and a pause of a client left out is left out with it).
        if pause >= LONG_PAUSE:
            # A long pause is the client's own (C-PATIENCE): the others go on meanwhile.
            self.say(f"{client.name} sends {show(piece)} ({span} of {REQUEST_SIZE}), and pauses {pause:g} s")
            self.defer(client, pause)
            self.look(EARLY_WATCH)
            return
        self.say(f"{client.name} sends {show(piece)} ({span} of {REQUEST_SIZE})" + (f", then {pause:g} s pass" if pause else ""))
        self.look(max(pause, EARLY_WATCH))

    def send_together(self, clients: list, texts: list[str]) -> None:
        """Each client writes all but the last byte; after a quiet moment (the server has
        accepted them all, read those bytes and whatever was completed before), the last
        bytes go back to back, so that the server reads the messages at the same moment."""
        messages = [self.message_of(c, body) for c, body in zip(clients, texts)]
        for client, message in zip(clients, messages):
            if self.state(client).sent < len(message) - 1:  # (all but the last byte may be out already)
                self.write(client, message[self.state(client).sent : -1])
        self.settle()
        for client, message in zip(clients, messages):
            self.write(client, message[-1:], feed_first=False)
        shown = names([c.name for c in clients]).replace("client ", "")
        texts = " and ".join(describe(m) for m in messages) if len(messages) == 2 else ", ".join(describe(m) for m in messages)
        self.say(f"clients {shown} send {texts}, the last bytes at the same moment")
        self.after_completion()

    def leave(self, client: StreamClient, how: str = "close") -> None:
        self.feed()
        (client.abort if how == "reset" else client.close)()
        self.state(client).connected = False
        name = client.name
        self.observe_event(lambda at: self.model.disconnected(name, at))

    def after_completion(self) -> None:
        if self.focus in FAIR:
            self.settle()

    def settle(self) -> None:
        """A quiet moment: what was sent and closed before it was read by the server first.
        (Once the example cannot fail any more, there is no need to wait.)"""
        if not self.judging:
            return
        self.look(SETTLE)
        self.observe_event(lambda at: self.model.settle(at))

    def look(self, window: float) -> None:
        """Watch every client for ``window`` seconds, telling the model what arrives."""
        if self.judging:
            self.wait_for(lambda: self.feed() or False, window)
        self.feed()

    # --- waiting for what is due --------------------------------------------------------

    def owed(self) -> list[Due]:
        """What the model says is due and this check waits for: everything, except a pair
        that a silent client connected earlier may be holding up (a server that serves
        clients one at a time in connection order), outside SWAP-9."""
        found = []
        for due in self.model.due():
            if due.kind == "pair" and self.focus != CONC and self.held_up(due):
                continue
            found.append(due)
        return found

    def held_up(self, due: Due) -> bool:
        second = number(sorted(due.clients, key=number)[1])
        return any(self.silent(c) and number(c.name) < second for c in self.clients)

    def await_due(self) -> None:
        """Wait until what is due has happened, or its deadline has passed (the model then
        names what is overdue); then look briefly for bytes after each whole message."""
        for _ in range(20):  # each round ends with a change or a deadline
            if not self.judging:
                return
            self.feed()
            owed = self.owed()
            if not owed:
                break
            signature = [(d.kind, d.clients, d.since) for d in owed]

            def changed() -> bool:
                self.feed()
                return not self.judging or [(d.kind, d.clients, d.since) for d in self.owed()] != signature

            remaining = min(d.deadline for d in owed) + self.model.grace + 0.02 - time.monotonic()
            if remaining > 0 and self.wait_for(changed, remaining):
                continue
            self.observe_event(lambda at: None)  # the deadline passed: the model says what is overdue
        if not self.judging:
            return
        unended = lambda: [c for c in self.open_clients() if len(c.received) >= REQUEST_SIZE and not c.ended]  # noqa: E731
        if unended():
            self.wait_for(lambda: self.feed() or not unended(), END_WAIT)
        self.feed()

    def look_quiet(self) -> None:
        """A client that waits alone receives nothing (SWAP-4): watch it a moment."""
        if self.focus not in QUIET_LOOKS or not self.judging:
            return
        alone = self.model.cannot_receive()
        if any(self.state(c).complete and c.name in alone for c in self.open_clients()):
            self.look(QUIET_WINDOW)

    def finish_served(self) -> None:
        """Clients whose message came (or whose connection the server closed) are done:
        say what they received, and close them."""
        done = [c for c in self.open_clients() if len(c.received) >= REQUEST_SIZE or c.ended]
        if not done:
            return
        if self.judging:
            self.tell_received(done)
        for client in done:
            self.leave(client)

    def tell_received(self, done: list) -> None:
        senders = {c.name: self.sender_of(c) for c in done}
        told: set[str] = set()
        for client in done:
            if client.name in told:
                continue
            sender = senders[client.name]
            if sender and senders.get(sender) == client.name:
                self.say(f"{names([client.name, sender])} swap their messages")
                told |= {client.name, sender}
            elif sender:
                self.say(f"{client.name} receives {sender}'s message")
            elif client.received:
                self.say(f"{client.name} receives {show(bytes(client.received))}")
            elif self.state(client).complete:
                self.say(f"the server closes {client.name}'s connection")

    def swapped_pair(self) -> bool:
        """Two clients each received the other's whole message."""
        senders = {c.name: self.sender_of(c) for c in self.clients}
        return any(sender is not None and senders.get(sender) == name for name, sender in senders.items())

    def sender_of(self, client: StreamClient) -> str | None:
        """The client whose whole message ``client`` received first; None when it has not
        received a whole message (an empty head would match a client that has sent nothing)."""
        head = bytes(client.received[:REQUEST_SIZE])
        if len(head) < REQUEST_SIZE:
            return None
        return next((c.name for c in self.clients if c is not client and self.state(c).request == head), None)

    # --- openings: the situation each requirement is about ------------------------------

    @initialize(
        texts=bodies(7),
        cuts=st.lists(st.integers(1, REQUEST_SIZE - 1), min_size=2, max_size=2),
        misbehaviour=st.sampled_from(MISBEHAVIOURS),
        part=st.integers(1, REQUEST_SIZE - 1),
        non_ascii=non_ascii_bodies,
    )
    def opening(self, texts, cuts, misbehaviour, part, non_ascii):
        """Every example begins with its requirement's own scenario. Its draws are the same
        whatever the focus (an initial step cannot depend on it); each uses what it needs."""
        texts = itertools.chain(texts, itertools.repeat(""))
        if self.focus in ("SWAP-1", "SWAP-2", "SWAP-4"):
            self.lone_then_partner(texts)
        elif self.focus == "SWAP-3":
            self.waiter_and_two_at_once(texts)
        elif self.focus == "SWAP-5":
            self.first_connected_last_complete(texts)
        elif self.focus == "SWAP-6":
            self.waiter_disconnects(texts)
        elif self.focus == "SWAP-7":
            self.messages_in_pieces(texts, cuts)
        elif self.focus == ROBUST:
            self.misbehave(misbehaviour, part, non_ascii, texts)
        elif self.focus == CONC:
            self.silent_client_first(texts)

    def lone_then_partner(self, texts) -> None:
        self.send_whole(self.connect_one(), next(texts))
        self.look_quiet()
        self.send_whole(self.connect_one(), next(texts))
        self.wait_all()

    def waiter_and_two_at_once(self, texts) -> None:
        self.send_whole(self.connect_one(), next(texts))
        for _ in range(RACE_ROUNDS):  # the one left over is the next round's waiter
            pair = [self.connect_one() for _ in range(2)]
            if None in pair:
                break
            self.send_together(pair, [next(texts), next(texts)])
            self.wait_all()

    def first_connected_last_complete(self, texts) -> None:
        first, second, third = (self.connect_one() for _ in range(3))
        self.send_whole(second, next(texts))
        self.send_whole(third, next(texts))
        self.send_whole(first, next(texts))
        self.wait_all()
        for _ in range(2):  # the one left over, then two more: three clearly ordered arrivals
            self.send_whole(self.connect_one(), next(texts))
        self.wait_all()

    def waiter_disconnects(self, texts) -> None:
        waiter = self.connect_one()
        self.send_whole(waiter, next(texts))
        if waiter is not None:
            self.leave_waiting(waiter)
        for _ in range(2):
            self.send_whole(self.connect_one(), next(texts))
        self.wait_all()

    def messages_in_pieces(self, texts, cuts) -> None:
        for cut in cuts:
            client = self.connect_one()
            if client is None:
                break
            text = next(texts)
            self.send_piece(client, cut, PIECE_PAUSE, text)
            self.send_piece(client, REQUEST_SIZE - cut, 0.0, text)
        self.wait_all()

    def silent_client_first(self, texts) -> None:
        first, second, third = (self.connect_one() for _ in range(3))
        del first  # connected first, it stays silent
        self.send_whole(second, next(texts))
        self.look(GAP)
        self.send_whole(third, next(texts))
        self.wait_all()

    def wait_all(self) -> None:
        self.await_due()
        self.look_quiet()
        self.finish_served()

    def leave_waiting(self, client: StreamClient) -> None:
        """A client that has sent its message closes: while it waits (nothing has come
        yet), or once served."""
        self.feed()
        waiting = not client.received and not client.ended
        self.leave(client)
        self.say(f"{client.name} disconnects while it waits" if waiting else f"{client.name} closes its connection")
        self.after_completion()

    # --- V-EDGE: the cases at the edge of C-EXACT, C-PATIENCE, SWAP-6 and C-ROBUST -------
    # (protocols.edges), played with the steps the openings and rules use.

    def edge_lone_waiter(self) -> None:
        waiter = self.connect_one()
        self.send_whole(waiter, "")
        self.pass_time(PATIENCE, f"{waiter.name} waits alone")
        self.send_whole(self.connect_one(), "")
        self.wait_all()

    def edge_waiter_left(self) -> None:
        waiter = self.connect_one()
        self.send_whole(waiter, "")
        self.look(SETTLE)
        self.leave_waiting(waiter)
        self.pass_time(ALONE_PAUSE)
        for _ in range(2):
            self.send_whole(self.connect_one(), "")
            self.look(GAP)
        self.wait_all()

    def edge_waiter_resets(self) -> None:
        """SWAP-6 with a waiter that resets its connection instead of closing it, several
        times: the next client's message comes a moment after each reset, while the server
        may not yet have looked at the waiter of its own accord, so that it meets the reset
        when it is about to pair the two. Each next client waits in its turn, then resets
        too; at the end one more client comes and swaps with the last waiter."""
        waiter = self.connect_one()
        self.send_whole(waiter, "")
        self.look(SETTLE)
        for _ in range(RESET_ROUNDS):
            if waiter is None or self.found is not None:
                return
            self.feed()
            waiting = not waiter.received and not waiter.ended
            self.leave(waiter, "reset")
            self.say(f"{waiter.name} resets its connection while it waits" if waiting else f"{waiter.name} resets its connection")
            self.settle()
            waiter = self.connect_one()
            self.send_whole(waiter, "")
            self.look(SETTLE)
        if waiter is not None and waiter.received:
            waiter = None  # paired already (with a client that had reset: judged): a new pair follows
        self.send_whole(self.connect_one(), "")
        if waiter is None:
            self.look(GAP)
            self.send_whole(self.connect_one(), "")
        self.wait_all()

    def edge_waiter_leaves_as_next_completes(self) -> None:
        """SWAP-6 where it is hardest, many times over: the waiter disconnects at the moment
        the next message completes, so that a server sees both in one round of events. The
        next client then waits, live, and is the following round's waiter; at the end one
        more client comes for the last of them, they swap, and the server is still up.
        (Had the server read the next message before the close, it may pair it with the
        waiter: every order of the two is accepted, and a new client waits instead.) Every
        other round the waiter resets instead of closing: a departure test that raises on
        the reset then raises in the middle of pairing."""
        waiter = None
        for round_ in range(WAITER_RACE_ROUNDS):
            if waiter is None or waiter.received or waiter.ended:
                # The last one was paired with the leaver: it takes its message and closes
                # (so no round runs out of room for clients), and a new client waits.
                self.wait_all()
                waiter = self.connect_one()
                self.send_whole(waiter, "")
            following = self.connect_one()
            if waiter is None or following is None or self.found is not None:
                return
            message = self.message_of(following, "")
            self.write(following, message[:-1])
            self.say(f"{following.name} sends {show(message[:-1])} (bytes 1 to {REQUEST_SIZE - 1} of {REQUEST_SIZE})")
            self.look(SETTLE)  # the server has read them: byte 25 alone wakes it
            self.complete_as_waiter_leaves(following, waiter, reset=round_ % 2 == 1)
            self.after_completion()
            if not self.still_up([following]):
                return
            waiter = following
        last = self.connect_one()
        self.send_whole(last, "")
        self.wait_all()
        self.still_up([waiter, last])

    def complete_as_waiter_leaves(self, following: StreamClient, waiter: StreamClient, reset: bool = False) -> None:
        """The last byte of ``following``'s message and ``waiter``'s close (with ``reset``, a
        reset), back to back (two system calls, nothing between them); the model is told
        both afterwards, in that order, with no settle between: it accepts either order at
        the server."""
        self.resume(following)
        self.resume(waiter)
        self.feed()
        state = self.state(following)
        last = state.request[state.sent :]
        # Held still meanwhile, the server sees the byte and the close in one round of events,
        # whatever the machine's load (from outside, back to back is not enough).
        with self.server.held():
            if not following.ended:
                following.send(last)
            if reset:
                waiter.abort()  # the RST goes out at once
            else:
                if not is_ghost(waiter) and not waiter.closed:
                    try:
                        waiter.sock.shutdown(socket.SHUT_RDWR)  # its end goes out now; the close below tells the replay
                    except OSError:
                        pass
                waiter.close()
        state.sent += len(last)
        state.complete_at = time.time()
        self.state(waiter).connected = False
        if not following.ended:
            self.observe_event(lambda at: self.model.wrote(following.name, last, at))
        self.observe_event(lambda at: self.model.disconnected(waiter.name, at))
        self.say(f"{following.name} sends {show(last)} (byte {REQUEST_SIZE}: its message is complete) and at once {waiter.name} {'resets its connection' if reset else 'disconnects'} while it waits")

    def still_up(self, clients: list) -> bool:
        """After a waiter left as the next message completed: the server is still up. A
        server that died of it has not paired the next client with a live one (SWAP-6)."""
        if self.found is not None:
            return False
        if self.judging and not any(c is not None and c.ended and len(c.received) < REQUEST_SIZE for c in clients) and self.server.alive():
            return True
        gone = self.server_gone(grace=0.5)
        if not gone:
            return True  # what the model said (another requirement's failure, if any) stands
        unpaired = [c.name for c in clients if c is not None and len(c.received) < REQUEST_SIZE]
        self.violation(
            "SWAP-6",
            "the server goes on after a waiter left as the next message completed: the next client is paired with a live one",
            f"{names(unpaired) if unpaired else 'the clients'} never paired{gone}",
        )
        return False

    def edge_silent_then_two_swap(self) -> None:
        self._two_swap_behind(0)

    def edge_half_then_two_swap(self) -> None:
        self._two_swap_behind(CONC_PART)

    def _two_swap_behind(self, part: int) -> None:
        """C-CONC (SWAP-9): client 1 connects and sends nothing, or the first ``part`` bytes of
        its message, and stops; clients 2 and 3 send theirs and must be paired within 2 s.
        Client 1 completes its message at the end of the example, as every client does."""
        first = self.connect_one(tell=False)
        if first is None:
            return
        if part:
            self.say(f"{first.name} connects")
            self.send_piece(first, part, 0.0, "")
        else:
            self.say(f"{first.name} connects and sends nothing")
        second, third = self.connect_one(), self.connect_one()
        self.send_whole(second, "")
        self.look(GAP)
        self.send_whole(third, "")
        self.wait_all()

    def edge_last_byte_alone(self) -> None:
        self._message_in_pieces([(REQUEST_SIZE - 1, LAST_BYTE_PAUSE), (1, 0.0)])

    def edge_both_last_bytes_alone(self) -> None:
        """C-EXACT with no one waiting alone: both messages lack their last byte through the
        pause, then both complete at once. A server that drops a lone waiter early (SWAP-4's
        fault, not SWAP-7's) still shows here whether it reads a message whole."""
        first, second = self.connect_one(), self.connect_one()
        if first is None or second is None:
            return
        for client in (first, second):
            self.send_piece(client, REQUEST_SIZE - 1, 0.0, "")
        self.pass_time(LAST_BYTE_PAUSE)
        self.send_together([first, second], ["", ""])
        self.wait_all()

    def edge_first_byte_alone(self) -> None:
        self._message_in_pieces([(1, ALONE_PAUSE), (REQUEST_SIZE - 1, 0.0)])

    def edge_part_then_leaves_while_one_waits(self) -> None:
        """A message cut short by its sender's leaving, while a client waits: the piece must
        not reach the waiter (a server that takes whatever `rfile.read(25)` returned as a
        message passes it on); the waiter then swaps with the next client."""
        waiter = self.connect_one()
        if waiter is None:
            return
        self.send_whole(waiter, "")
        self.look(SETTLE)
        leaver = self.connect_one()
        if leaver is None:
            return
        piece = self.message_of(leaver, "")[: REQUEST_SIZE // 2]
        self.write(leaver, piece)
        self.leave(leaver)
        self.say(f"{leaver.name} sends {show(piece)} ({len(piece)} of {REQUEST_SIZE} bytes) and disconnects")
        self.settle()
        # A server that dies of the aborted client is C-ROBUST's fault (SWAP-8), not this
        # requirement's: it gets the time to be gone, and the example ends there.
        if self.server_gone(grace=ALONE_PAUSE):
            return
        self.look(SETTLE)
        self.send_whole(self.connect_one(), "")
        self.wait_all()

    def edge_longest_pauses(self) -> None:
        """C-PATIENCE at both places a message may pause, at once: client 2 between two pieces
        (the one a server reading clients in turn reads first), client 3 before its first
        byte, while client 1 waits for a partner; then client 4 comes for client 3."""
        self.send_whole(self.connect_one(), "")
        pieces = self.connect_one()
        before = self.connect_one()
        if pieces is None or before is None:
            return
        half = REQUEST_SIZE // 2
        self.send_piece(pieces, half, PATIENCE, "")
        self.say(f"{before.name} pauses {PATIENCE:g} s before its first byte")
        self.defer(before, PATIENCE)
        self.send_piece(pieces, REQUEST_SIZE - half, 0.0, "")
        self.wait_all()
        self.send_whole(before, "")
        self.send_whole(self.connect_one(), "")
        self.wait_all()

    def _message_in_pieces(self, pieces: list[tuple[int, float]], before: float = 0.0) -> None:
        """A client waits with its whole message; a second one pauses ``before`` its first
        byte, then sends its message in ``pieces`` (size, then the pause after it)."""
        self.send_whole(self.connect_one(), "")
        client = self.connect_one()
        if before:
            self.pass_time(before)
        for size, pause in pieces:
            if client is None or not self.judging:
                break
            self.send_piece(client, size, pause, "")
        self.wait_all()

    @focus_on(*QUIET_LOOKS)
    @rule(pause=PAUSES)
    def let_time_pass(self, pause):
        """C-PATIENCE: the clients wait — for a partner, or before their next step — while
        time passes; a long wait now and then (every client waits at once)."""
        if pause >= LONG_PAUSE and self.open_clients():
            self.pass_time(pause, "the clients wait")

    def pass_time(self, seconds: float, who: str = "") -> None:
        """Time passes (C-PATIENCE), every client watched the while."""
        self.say(f"{who}{'; ' if who else ''}{seconds:g} s pass")
        self.pause(seconds)

    def pause(self, seconds: float, clients=None) -> None:
        """Time passes with the model told what arrives as it arrives (its deadlines are
        judged on when things came, not when they were next looked at)."""
        if self.open_clients():
            self.look(seconds)
        else:
            super().pause(seconds)

    def edge_closes_at_once(self) -> None:
        self.misbehave("closes at once", 0, b"", itertools.repeat(""))

    def edge_resets(self) -> None:
        self.misbehave("resets the connection", 0, b"", itertools.repeat(""))

    def edge_part_then_leaves(self) -> None:
        self.misbehave("part", REQUEST_SIZE // 2, b"", itertools.repeat(""))

    def edge_non_ascii(self) -> None:
        self.misbehave("non-ASCII", 0, bytes(range(0x81, 0x81 + REQUEST_SIZE - 1)), itertools.repeat(""))

    def edge_resets_while_waiting(self) -> None:
        self.misbehave("resets while waiting", 0, b"", itertools.repeat(""))

    # --- rules ----------------------------------------------------------------------------
    # Which rules exist depends on the focus alone, and what a rule draws has the same shape
    # whatever happened (see ``pick``); a verb applies to one of the clients it fits, or to
    # a new one, and with none to apply to does nothing and says nothing.

    @focus_on(*NORMAL)
    @rule()
    def connect(self):
        """A client that connects and, for now, sends nothing."""
        self.connect_one()

    @focus_on(*NORMAL)
    @rule(choice=CHOICES, text=BODY)
    def send(self, choice, text):
        """A client (new, or connected and silent so far) sends its whole message in one write."""
        client = self.pick(choice, self.unsent())
        if client is not None:
            self.send_whole(client, text)

    @focus_on(*FRAGMENTS)
    @rule(choice=CHOICES, size=st.integers(1, REQUEST_SIZE - 1), pause=PAUSES, text=BODY)
    def send_fragment(self, choice, size, pause, text):
        """The next piece of a client's message, then a look for a reply that must not come."""
        client = self.pick(choice, self.unfinished())
        if client is not None:
            self.send_piece(client, size, pause, text)

    @focus_on(*TOGETHER)
    @rule(size=st.integers(2, 3), texts=bodies(3))
    def send_at_once(self, size, texts):
        """New clients whose messages complete at the same moment."""
        size = min(size, self.max_open_clients - len(self.open_clients()))
        if size >= 2:
            self.send_together([self.connect_one() for _ in range(size)], texts)

    @focus_on(*LEAVES)
    @rule(choice=CHOICES)
    def disconnect(self, choice):
        """A client that has sent its message closes its socket (waiting, or served)."""
        client = self.pick(choice, self.sent_whole(), allow_new=False)
        if client is not None:
            self.leave_waiting(client)

    @focus_on(*NORMAL)
    @rule()
    def wait(self):
        """The clients wait for what is due, and read it."""
        self.wait_all()

    # --- C-ROBUST: a misbehaving client, then clients served normally ------------------------

    @focus_on(ROBUST)
    @rule(
        misbehaviour=st.sampled_from(MISBEHAVIOURS),
        part=st.integers(1, REQUEST_SIZE - 1),
        non_ascii=non_ascii_bodies,
        texts=bodies(3),
    )
    def misbehaving_client(self, misbehaviour, part, non_ascii, texts):
        """A client that closes at once, resets, leaves half-way, sends bytes that are not
        ASCII, or resets while it waits; then two clients must be paired."""
        self.misbehave(misbehaviour, part, non_ascii, iter(texts))

    def misbehave(self, how: str, part: int, non_ascii: bytes, texts) -> None:
        client = self.connect_one(tell=False)
        if client is None:
            return
        number = self.state(client).number
        if how in ("closes at once", "resets the connection"):
            self.leave(client, "reset" if how.startswith("resets") else "close")
            self.say(f"{client.name} connects and {how}")
        elif how == "part":
            piece = self.message_of(client, next(texts))[:part]
            self.write(client, piece)
            self.leave(client)
            self.say(f"{client.name} connects, sends {show(piece)} ({part} of {REQUEST_SIZE} bytes) and disconnects")
        elif how == "non-ASCII":
            message = self.state(client).request = bytes([0x80 + number % 0x80]) + non_ascii
            self.write(client, message)
            self.leave(client)
            self.say(f"{client.name} connects, sends 25 bytes that are not ASCII text, {show(message)}, and closes")
        else:
            self.say(f"{client.name} connects")
            self.send_whole(client, next(texts))
            self.leave(client, "reset")
            self.say(f"{client.name} resets the connection while it waits")
        self.misbehaved = True
        self.still_serves(texts)

    def still_serves(self, texts) -> None:
        """C-ROBUST: after the misbehaving client, two new clients send their messages and
        what is due must come; and the server process stays up."""
        served = []
        for _ in range(2):
            served.append(self.connect_one())
            self.send_whole(served[-1], next(texts, ""))
        self.wait_all()
        # C-ROBUST's question is answered by a reply of any content.
        self.await_past_the_model(served, lambda c: bool(c.received))
        if all(c is not None and c.received for c in served):
            self.witness("robust")  # clients answered after the misbehaving one
        if self.found is None and not self.server.alive():
            self.violation(ROBUST, "the server process stays up", f"the server process {self.server.exit_description()}")

    # --- the end of an example ------------------------------------------------------------

    def teardown(self) -> None:
        """Leave as well-behaved clients do: every message completed (in connect order),
        what is due taken in, then every socket closed."""
        try:
            if self.focus != ROBUST:
                for client in self.unfinished():
                    if client.ended:
                        continue
                    state = self.state(client)
                    self.message_of(client, "")
                    started = state.sent
                    self.write(client, state.request[started:])
                    if started:
                        self.say(f"{client.name} sends the rest of its message, {show(state.request[started:])}")
                    else:
                        self.say(f"{client.name} sends {describe(state.request)}")
            self.wait_all()
            if self.focus in PAIR_WITNESSED and "pair" not in self.context.witnesses and self.found is None:
                self.show_a_pair()
        finally:
            # A pair formed: one the model judged; in an example judged to its end, a client
            # that received another's whole message; in one the model stopped at another
            # requirement's violation (it judged nothing after), two clients that each
            # received the other's whole message — a one-way delivery shows no pair there.
            if self.model.pairs() or (
                any(self.sender_of(c) for c in self.clients) if self.judged_to_the_end() else self.swapped_pair()
            ):
                self.witness("pair")
            super().teardown()

    def show_a_pair(self) -> None:
        """V-WITNESS's last word, while the run has shown no pair: two clients each send
        their whole message in one write and wait. Any server that can pair shows it here,
        whatever the steps drawn before (messages in pieces, which a server that reads once
        answers early: SWAP-7's failure, not a reason to leave SWAP-3 unshown)."""
        pair = []
        for _ in range(2):
            pair.append(self.connect_one())
            self.send_whole(pair[-1], "")
        self.wait_all()
        self.await_past_the_model(pair, lambda c: len(c.received) >= REQUEST_SIZE)

    def await_past_the_model(self, clients: list, arrived: Callable[[StreamClient], bool]) -> None:
        """Wait (within C-TIME) until each of ``clients`` has ``arrived`` or its connection
        ended — once another requirement's fault has stopped the model's judging.

        A stopped model owes nothing, so ``wait_all`` returns at once, perhaps before the
        replies came (an echo server answers each client its own message: SWAP-2's fault;
        a server that reads once passes on part of a message in pieces: SWAP-7's). Whether
        the server still serves (C-ROBUST) or pairs at all (V-WITNESS) is asked all the same,
        and must not hang on which reply happened to be read first."""
        if self.model.violation is None or self.found is not None:
            return
        waiting = [c for c in clients if c is not None and not c.closed]
        self.wait_for(lambda: self.feed() or all(arrived(c) or c.ended for c in waiting), REPLY_DUE, clients=waiting)

    def cut_short_by(self) -> str | None:
        """The model stops at the first violation, of whatever requirement: an example it
        stopped on another requirement's violation judged nothing after it."""
        if self.found is not None or self.model.violation is None:
            return None
        return self.model.violation.id


# A fresh server per example costs a start and a stop (about 0.1 s on an idle machine), and
# every example opens with its requirement's own scenario: a few examples of a few steps
# each explore the rest.
SWAP_STEPS = {ROBUST: 4}  # each of its steps is a misbehaving client and two served after it

# V-WITNESS: the requirements about a pair hold only where a pair formed; C-ROBUST where
# clients were answered after a misbehaving one; the others where the server answered.
SWAP_WITNESSES = {"SWAP-1": "pair", "SWAP-3": "pair", "SWAP-5": "pair", "SWAP-6": "pair", ROBUST: "robust"}
PAIR_WITNESSED = {req for req, kind in SWAP_WITNESSES.items() if kind == "pair"}

SWAP_CHECKS = {
    req: Check(
        req,
        machine=SwapMachine,
        fresh_server=True,
        weight=0.3,
        max_steps=SWAP_STEPS.get(req, 8),
        witness=SWAP_WITNESSES.get(req, "answer"),
    )
    for req in SWAP.ids
    if req != "SWAP-10"  # C-STOP: wirecheck.checks.stop
}

PROTOCOL_CHECKS = {"swap": SWAP_CHECKS}

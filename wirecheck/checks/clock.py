"""The clock protocol's checks: CLOCK-1..7 over TCP, UNIX-1 over a Unix stream socket,
UDP-1..2 and UNIXD-1 over datagrams.

Content checks (CLOCK-1, CLOCK-3) send the whole request and then half-close, so that a
server that waits for EOF — a CLOCK-2 fault — is still judged on what it answers; the
framing check (CLOCK-2) never half-closes."""

from __future__ import annotations

import time

from hypothesis import strategies as st
from hypothesis.stateful import rule

from protocols.edges import ALONE_PAUSE, CONC_PART, LAST_BYTE_PAUSE, OTHER_QUESTION, PATIENCE, PUNCTUATION
from protocols.clock import CTIME_LENGTH, has_ctime_shape, judge_ctime, single_digit_day_shift, take_reply
from protocols.framing import CANONICAL_REQUEST, PRINTABLE, REQUEST_SIZE, pad, show

from ..drive.clients import StreamClient, what_happened
from ..drive.machine import LONG_PAUSE, PAUSES, REPLY_DUE, MachineContext, ProtocolMachine, Violation, focus_on
from ..drive.replay import closes, ctime_reply, reply, silent, stays_open
from ..drive.runner import Check

printable_requests = st.text(alphabet=PRINTABLE, min_size=REQUEST_SIZE, max_size=REQUEST_SIZE).map(
    lambda t: t.encode("ascii")
)
short_texts = st.text(alphabet=PRINTABLE.strip(), min_size=1, max_size=REQUEST_SIZE).map(pad)
any_request = st.one_of(st.just(CANONICAL_REQUEST), short_texts, printable_requests)
pauses = PAUSES
non_ascii_requests = st.binary(min_size=REQUEST_SIZE, max_size=REQUEST_SIZE).filter(
    lambda b: any(x >= 0x80 for x in b)
)

UPTIME_FOR_STALE_TIME = 2.5  # a time cached at start is then more than 1 s old

CONTENT = {"CLOCK-1", "CLOCK-3", "UNIX-1"}  # reply content is judged; requests half-close
FRAMING = {"CLOCK-2", "UNIX-1"}  # requests in fragments, no half-close
CONC = {"CLOCK-7"}
UNIX_ROBUST = {"UNIX-1"}  # C-ROBUST over a Unix stream socket is judged under UNIX-1 (V-EDGE plays its clients)
CONTENT_JUDGED = {"CLOCK-1", "CLOCK-3", "UNIX-1"}  # every example ends with a reply judged


def has_reply(client) -> bool:
    """A whole ctime-sized reply has come, or the connection ended: waiting is over."""
    return take_reply(bytes(client.received))[0] is not None or client.ended


def describe_request(data: bytes, sent: int) -> str:
    return f"{show(data)} ({sent} of {REQUEST_SIZE} bytes)" if sent < REQUEST_SIZE else show(data)


def clock_note(shift: float) -> str:
    when = time.strftime("%b %d", time.localtime(time.time() + shift)).replace(" 0", " ")
    return f"the server's clock is set {-shift / 86400:g} days back, to {when} (a day of the month with one digit)"


class ClockMachine(ProtocolMachine):
    """Clients that ask for the time, in pieces or whole, interleaved; and, for C-ROBUST,
    clients that misbehave before a normal client asks.

    Rules draw among the clients for which their verb makes sense (a choice made on the
    model alone), so no step is wasted. Outside C-ROBUST every client completes its request
    and waits for its reply before it closes — at teardown too — so a server that cannot
    survive an aborted client fails CLOCK-6 and nothing else."""

    concurrent_requirements = frozenset(CONC)
    aliases = {"UNIX-1": {"CLOCK-1", "CLOCK-2", "CLOCK-3"}}

    def __init__(self, context: MachineContext) -> None:
        super().__init__(context)
        self._odd_replies: list = []  # (client, reply) not in ctime shape, for CLOCK-3
        if context.clock_shift:
            self.say(clock_note(context.clock_shift))

    def violation(self, requirement: str, expected: str, got: str, judge: dict | None = None) -> None:
        """UNIX-1 is CLOCK-1..3 over a Unix socket: their violations are UNIX-1's."""
        if requirement in self.aliases.get(self.focus, ()):
            got, requirement = f"{got} ({requirement} over a Unix socket)", self.focus
        super().violation(requirement, expected, got, judge)

    # --- what the model says each verb may apply to -------------------------------------

    def unsent(self) -> list:
        return [c for c in self.open_clients() if self.state(c).sent == 0]

    def unfinished(self) -> list:
        return [c for c in self.open_clients() if not self.state(c).complete]

    def partial(self) -> list:
        return [c for c in self.unfinished() if self.state(c).sent > 0]

    def awaiting(self) -> list:
        return [c for c in self.open_clients() if not self.state(c).replied and self.reply_due(c)]

    def finished(self) -> list:
        return [c for c in self.open_clients() if self.state(c).complete]

    def done(self) -> list:
        """Clients that have asked and waited for their reply: the ones that may close. A
        client that hangs up before its answer is none of C-ROBUST's misbehaving clients,
        and over a Unix socket the answer to it fails at once (EPIPE), which kills a plain
        serial server that is otherwise correct."""
        return [c for c in self.finished() if self.state(c).replied]

    # --- normal clients ---------------------------------------------------------------
    # Which rules exist depends on the focus alone, never on the state: Hypothesis then
    # deletes steps cleanly while shrinking. A verb picks among the clients it applies to,
    # or connects a new one; with none to apply to it does nothing (and says nothing).

    @focus_on("CLOCK-1", "CLOCK-2", "CLOCK-3", "CLOCK-4", "CLOCK-7", "UNIX-1")
    @rule()
    def connect(self):
        """A client that connects and, for now, sends nothing."""
        if self.can_connect():
            client = self.open_stream()
            self.say(f"{client.name} connects")

    @focus_on("CLOCK-1", "CLOCK-3", "CLOCK-4", "CLOCK-7", "UNIX-1")
    @rule(data=st.data())
    def ask(self, data):
        """Send a whole request in one write (and half-close, where content is judged)."""
        client = self.pick(data, self.unsent())
        if client is None:
            return
        state = self.state(client)
        state.request = CANONICAL_REQUEST if self.focus in {"CLOCK-1", "CLOCK-4", "CLOCK-7"} else data.draw(any_request)
        self._send(client, state.request)
        if self.focus != "CLOCK-4" or self.context.session.notes.get("waits_for_eof"):
            self._half_close(client)

    @focus_on(*(FRAMING | CONC))
    @rule(size=st.integers(1, REQUEST_SIZE - 1), pause=pauses, data=st.data())
    def send_fragment(self, size, pause, data):
        """Send the next piece of a request, then watch for a reply that must not come."""
        client = self.pick(data, self.unfinished())
        if client is None:
            return
        state = self.state(client)
        if not state.request:
            state.request = CANONICAL_REQUEST  # framing is judged on the canonical question (CLOCK-3 is the payload's)
        if self.focus in CONC:
            size = min(size, REQUEST_SIZE - 1 - state.sent)  # a stalled client never completes here
            if size <= 0:
                return
        # The pause is told with the piece it follows: one step of the client's. A long one
        # is the client's own (C-PATIENCE): the others go on meanwhile.
        if pause >= LONG_PAUSE:
            self._send(client, state.request[state.sent : state.sent + size], f", and pauses {pause:g} s")
            self.defer(client, pause)
            self.watch()
        else:
            self._send(client, state.request[state.sent : state.sent + size], f", then {pause:g} s pass" if pause else "")
            if pause:
                self.watch(pause)
        self._no_early_reply()

    @focus_on(*FRAMING)
    @rule(data=st.data())
    def send_rest(self, data):
        client = self.pick(data, self.partial(), allow_new=False)
        if client is not None:
            self._send(client, self.state(client).request[self.state(client).sent :])

    @focus_on(*(CONTENT | FRAMING | CONC | {"CLOCK-4"}))
    @rule(data=st.data())
    def read_reply(self, data):
        client = self.pick(data, self.awaiting(), allow_new=False)
        if client is not None:
            self._await_reply(client)

    def _await_reply(self, client) -> None:
        """Wait for ``client``'s reply and judge it; for CLOCK-4, then wait for the close."""
        state = self.state(client)
        state.replied = True
        self.say(f"{client.name} waits for the reply")
        arrived = client.wait_until(has_reply, self.due_within())
        if not arrived and self.focus == "CLOCK-4":
            # It waits for more than 25 bytes (a CLOCK-2 matter): give it EOF, then judge
            # the close; later clients half-close at once.
            self.context.session.notes["waits_for_eof"] = True
            self._half_close(client)
            arrived = client.wait_until(has_reply, self.due_within())
        reply = take_reply(bytes(client.received))[0] if arrived else None
        if reply is None:
            self._missing_reply(client)
            return
        self._judge_content(client, reply)
        if self.focus != "CLOCK-4":
            return
        if client.wait_end(self.due_within()):
            self.witness("closed")
        else:
            self.violation(
                "CLOCK-4",
                "the server closes the connection after the reply",
                f"the connection still open {REPLY_DUE:g} s after the reply",
                closes(client),
            )

    def _closed_after_reply(self) -> None:
        """CLOCK-4's last word on an example: every client that has not yet done so asks, in
        the order they connected, and waits for its reply and then for the close — without
        half-closing, so that the close is the server's own doing (V-WITNESS: the witness
        is a close seen after a reply)."""
        for client in self.open_clients():
            if self.found is not None:
                return
            state = self.state(client)
            if state.replied:
                continue
            if state.sent == 0:
                state.request = CANONICAL_REQUEST
                self._send(client, state.request)
                if self.context.session.notes.get("waits_for_eof"):
                    self._half_close(client)
            self._await_reply(client)

    def _judge_content(self, client, reply: bytes) -> None:
        """CLOCK-1 and CLOCK-3 (UNIX-1) on one reply."""
        state = self.state(client)
        state.replied = True
        state.notes["judged"] = True
        self._judged_one = True
        if self.focus in {"CLOCK-1", "UNIX-1"}:
            shift = self.context.clock_shift
            problem = judge_ctime(reply, state.complete_at, client.first_byte_at or time.time(), shift)
            if problem:
                example = time.ctime(time.time() + shift)
                self.violation(
                    "CLOCK-1",
                    f"the current time as ctime text, like {example!r}",
                    f"{show(reply)}: {problem}",
                    ctime_reply(client),
                )
        if self.focus == "UNIX-1" and not has_ctime_shape(reply):
            self.violation("CLOCK-3", "a ctime reply to any 25 printable bytes", show(reply), ctime_reply(client, exact=False))
        if self.focus == "CLOCK-3":
            if bytes(client.received).strip() != state.request.strip():
                self.witness("request answered")  # not the request sent back: an answer
            if not has_ctime_shape(reply):
                # Judged at the end of the example, against the server's answer to the
                # course's own question (_compare_with_the_question).
                self._odd_replies.append((client, reply))

    @focus_on("CLOCK-1", "UNIX-1")
    @rule()
    def let_time_pass(self):
        """A server that cached the time when it started shows it only once time has passed."""
        if self.server_uptime() < UPTIME_FOR_STALE_TIME:
            self.watch(UPTIME_FOR_STALE_TIME - self.server_uptime())
            self.say(f"the server has now run for {UPTIME_FOR_STALE_TIME:g} s")

    @focus_on("CLOCK-1", "CLOCK-2", "CLOCK-3", "CLOCK-4", "CLOCK-7", "UNIX-1")
    @rule(data=st.data())
    def close(self, data):
        client = self.pick(data, self.done(), allow_new=False)
        if client is None:
            return
        client.close()
        self.state(client).connected = False
        self.say(f"{client.name} closes")

    def teardown(self) -> None:
        """Leave the server as a well-behaved client would: finish every request, in the
        order the clients connected, and take the replies before closing."""
        try:
            if not self.clients and self.found is None:
                # V-WITNESS: an example of no steps still shows an answer (after a
                # misbehaving client, for C-ROBUST).
                if self.focus == "CLOCK-6":
                    self.connect_and_leave("closes at once")
                else:
                    self.connect()
            if self.focus in CONC:
                self._silent_one_then_ask()
            if self.focus in FRAMING:
                self.watch()  # a reply to an unfinished request may still be on its way
                self._no_early_reply()
                self._answered_without_eof()
            if self.focus == "CLOCK-4":
                self._closed_after_reply()
            if self.focus != "CLOCK-6":
                for client in self.unfinished():
                    state = self.state(client)
                    self.resume(client)
                    client.send((state.request or CANONICAL_REQUEST)[state.sent :])
                    state.sent = REQUEST_SIZE
                for client in self.open_clients():
                    self._half_close(client)
                    client.wait_until(lambda c: len(c.received) >= CTIME_LENGTH or c.ended, self.due_within())
            if self.focus in CONTENT_JUDGED and self.found is None:
                self._judge_the_rest()
            if self.focus == "CLOCK-3" and self.found is None and self._odd_replies:
                self._compare_with_the_question()
        finally:
            super().teardown()

    def _compare_with_the_question(self) -> None:
        """CLOCK-3 is about which requests are answered; the shape of the answer is CLOCK-1's
        (V-FOCUS). A reply to another request that is not ctime text breaks CLOCK-3 only
        when the server answers the course's own question with ctime text: one more client,
        once the others have closed, asks it, and the two answers are compared."""
        for client in self.open_clients():
            client.close()
            self.state(client).connected = False
        probe = self.open_stream()
        if probe is None:
            return
        self.say(f"{probe.name} connects")
        state = self.state(probe)
        state.request = CANONICAL_REQUEST
        self._send(probe, state.request)
        self._half_close(probe)
        self.say(f"{probe.name} waits for the reply")
        answer = take_reply(bytes(probe.received))[0] if probe.wait_until(has_reply, self.due_within()) else None
        state.replied = True
        if answer is None or not has_ctime_shape(answer):
            return  # the course's question gets no ctime text either: CLOCK-1's matter alone
        client, reply = self._odd_replies[0]
        self.violation(
            "CLOCK-3",
            f"a reply to any 25 printable bytes like the one to the course's question ({show(answer)})",
            f"{show(reply)} to {client.name}'s request {show(self.state(client).request)}",
            ctime_reply(client, exact=False),
        )

    def _answered_without_eof(self) -> None:
        """C-EXACT's last word on an example: every client, in the order they connected,
        completes its request and waits for the answer without half-closing — so each
        example of a framing check shows the answer to exactly 25 bytes (V-WITNESS), and a
        server that waits for byte 26 or EOF fails whatever steps were drawn before. Each
        client closes once answered, so a server serving one client at a time reaches the
        next."""
        for client in self.open_clients():
            if self.found is not None:
                return
            state = self.state(client)
            if not state.complete:
                self._send(client, (state.request or CANONICAL_REQUEST)[state.sent :])
                if self.found is not None:
                    return
            if take_reply(bytes(client.received))[0] is None and not client.ended:
                self.say(f"{client.name} waits for the reply")
                if not client.wait_until(has_reply, self.due_within()):
                    self._missing_reply(client)
                    return
            state.replied = True
            client.close()
            state.connected = False
            self.say(f"{client.name} closes")

    def _judge_the_rest(self) -> None:
        """Every reply a content check took in is judged, and an example that judged none
        ends with a client that asks once: without it, draws that never wait for a reply
        would let a wrong time pass unjudged (V-WITNESS: the witness is a judged reply)."""
        for client in self.clients:
            state = self.state(client)
            reply = take_reply(bytes(client.received))[0]
            if not state.notes.get("judged") and reply is not None and state.complete_at is not None and state.request:
                self._judge_content(client, reply)
        if getattr(self, "_judged_one", False) or self.found is not None:
            return
        client = self.open_stream()
        self.say(f"{client.name} connects")
        state = self.state(client)
        state.request = CANONICAL_REQUEST
        self._send(client, state.request)
        self._half_close(client)
        self.say(f"{client.name} waits for the reply")
        if client.wait_until(has_reply, self.due_within()):
            reply = take_reply(bytes(client.received))[0]
            if reply is not None:
                self._judge_content(client, reply)
                return
        self._missing_reply(client)

    # --- V-EDGE: the cases at the edge of C-EXACT, C-PATIENCE and C-ROBUST (protocols.edges)

    def edge_last_byte_alone(self) -> None:
        self._request_in_pieces([(REQUEST_SIZE - 1, LAST_BYTE_PAUSE), (1, 0.0)])

    def edge_first_byte_alone(self) -> None:
        self._request_in_pieces([(1, ALONE_PAUSE), (REQUEST_SIZE - 1, 0.0)])

    def edge_longest_pauses(self) -> None:
        """C-PATIENCE at both places a clock client may pause, at once: client 1 between two
        pieces of its request (the one a server reading clients in turn reads first), client
        2 before its first byte; each is then answered."""
        half = REQUEST_SIZE // 2
        pieces = self.open_stream()
        self.say(f"{pieces.name} connects")
        self.state(pieces).request = CANONICAL_REQUEST
        self._send(pieces, CANONICAL_REQUEST[:half], f", and pauses {PATIENCE:g} s")
        self.defer(pieces, PATIENCE)
        before = self.open_stream()
        self.say(f"{before.name} connects, and pauses {PATIENCE:g} s before its first byte")
        self.state(before).request = CANONICAL_REQUEST
        self.defer(before, PATIENCE)
        self._no_early_reply()
        for client in (pieces, before):
            if self.found is None:
                self._send(client, CANONICAL_REQUEST[self.state(client).sent :])
                self._no_early_reply()
        for client in (pieces, before):
            if self.found is None:
                self._replied_then_close(client)

    def _request_in_pieces(self, pieces: list[tuple[int, float]]) -> None:
        """One client sends the course's question in ``pieces`` (size, then the pause after
        it, watched for a reply that must not come); then it waits for its reply without
        half-closing, and closes."""
        client = self.open_stream()
        self.say(f"{client.name} connects")
        state = self.state(client)
        state.request = CANONICAL_REQUEST
        for size, pause in pieces:
            if self.found is not None:
                return
            self._send(client, state.request[state.sent : state.sent + size], f", then {pause:g} s pass" if pause else "")
            if pause:
                self.watch(pause, [client])
            self._no_early_reply()
        if self.found is None:
            self._replied_then_close(client)

    def _replied_then_close(self, client) -> None:
        """The client waits for its reply (without half-closing), then closes."""
        state = self.state(client)
        self.say(f"{client.name} waits for the reply")
        client.wait_until(has_reply, self.due_within())
        if take_reply(bytes(client.received))[0] is None:
            self._missing_reply(client)  # nothing, or the connection closed without a reply
            return
        state.replied = True
        client.close()
        state.connected = False
        self.say(f"{client.name} closes")

    def edge_another_question(self) -> None:
        self._ask_whole(pad(OTHER_QUESTION))

    def edge_punctuation_and_digits(self) -> None:
        self._ask_whole(pad(PUNCTUATION))

    def _ask_whole(self, request: bytes) -> None:
        """CLOCK-3's edge: one client sends ``request`` in one write and half-closes, as every
        content example does, then waits for its reply, judged as CLOCK-3 (UNIX-1) judges one
        (a reply not in ctime shape is compared with the answer to the course's question when
        the example ends)."""
        client = self.open_stream()
        self.say(f"{client.name} connects")
        self.state(client).request = request
        self._send(client, request)
        self._half_close(client)
        self._await_reply(client)

    def edge_closes_at_once(self) -> None:
        self.connect_and_leave("closes at once")

    def edge_resets(self) -> None:
        self.connect_and_leave("resets the connection")

    def edge_part_then_leaves(self) -> None:
        self.send_part_and_leave(REQUEST_SIZE // 2, False)

    def edge_non_ascii(self) -> None:
        self.send_non_ascii(bytes(range(0x80, 0x80 + REQUEST_SIZE)))

    # --- V-EDGE: C-CONC (CLOCK-7): a stalled client connected first, then one that asks

    def edge_silent_then_one_asks(self) -> None:
        self._asks_while_stalled(0)

    def edge_half_then_one_asks(self) -> None:
        self._asks_while_stalled(CONC_PART)

    def _asks_while_stalled(self, part: int) -> None:
        """Client 1 connects and sends nothing, or the first ``part`` bytes of its request,
        and stops; client 2 asks, and its reply is due at once. Client 1 completes its
        request at the end of the example, as every client does."""
        stalled = self.open_stream()
        self.state(stalled).request = CANONICAL_REQUEST
        if part:
            self.say(f"{stalled.name} connects")
            self._send(stalled, CANONICAL_REQUEST[:part], ", and stops")
        else:
            self.say(f"{stalled.name} connects and says nothing")
        if self.found is None:
            self._one_asks_while(stalled)

    # --- C-ROBUST: a misbehaving client, then a normal one must be served ------------

    @focus_on("CLOCK-6")
    @rule(how=st.sampled_from(["closes at once", "resets the connection"]))
    def connect_and_leave(self, how):
        client = self.open_stream()
        if client is None:
            return
        (client.close if how == "closes at once" else client.abort)()
        self.state(client).connected = False
        self.say(f"{client.name} connects and {how}")
        self._still_serves()

    @focus_on("CLOCK-6")
    @rule(size=st.integers(1, REQUEST_SIZE - 1), reset=st.booleans())
    def send_part_and_leave(self, size, reset):
        client = self.open_stream()
        if client is None:
            return
        client.send(CANONICAL_REQUEST[:size])
        (client.abort if reset else client.close)()
        self.state(client).connected = False
        how = "resets the connection" if reset else "disconnects"
        self.say(f"{client.name} sends {show(CANONICAL_REQUEST[:size])} ({size} of {REQUEST_SIZE} bytes) and {how}")
        self._still_serves()

    @focus_on("CLOCK-6")
    @rule(request=non_ascii_requests)
    def send_non_ascii(self, request):
        client = self.open_stream()
        if client is None:
            return
        client.send(request)
        # The server may answer or close; either is fine. Over a Unix socket the client waits
        # for it: there a reply to a client that has already left fails at once (EPIPE), and
        # C-ROBUST's client sends its bytes and closes, it does not leave before the answer.
        client.wait_end(REPLY_DUE if self.focus in UNIX_ROBUST else 0.2)
        client.close()
        self.state(client).connected = False
        self.say(f"{client.name} sends 25 non-ASCII bytes {show(request)} and closes")
        self._still_serves()

    # --- helpers ----------------------------------------------------------------------

    def server_uptime(self) -> float:
        return time.time() - self.server.started_at

    def _send(self, client: StreamClient, data: bytes, then: str = "") -> None:
        state = self.state(client)
        self.resume(client)
        ok = client.send(data)
        state.sent += len(data)
        if state.complete and state.complete_at is None:
            state.complete_at = time.time()
        whole = len(data) == REQUEST_SIZE
        self.say(f"{client.name} sends {show(data)}" + ("" if whole else f" (byte {state.sent} of {REQUEST_SIZE})") + (then if ok else ""))
        if not ok and not state.complete:
            self._no_early_reply()
            self.violation(
                "CLOCK-2",
                f"the server waits for all {REQUEST_SIZE} bytes",
                f"the server closed the connection after {state.sent - len(data)} bytes{self.server_gone()}",
                stays_open(client),
            )

    def _half_close(self, client: StreamClient) -> None:
        self.state(client).notes["half_closed"] = True
        client.half_close()

    def _no_early_reply(self) -> None:
        for client in self.open_clients():
            client.pump()
            state = self.state(client)
            if client.received and not state.complete:
                self.violation(
                    "CLOCK-2",
                    f"no reply before byte {REQUEST_SIZE}",
                    f"{show(bytes(client.received))} after {state.sent} bytes",
                    silent(client),
                )

    def _missing_reply(self, client: StreamClient) -> None:
        state = self.state(client)
        if self.focus == "CLOCK-3" and client.received:
            # Some answer, too short for ctime text: compared with the answer to the
            # course's question, as any other reply not in ctime shape.
            self._odd_replies.append((client, bytes(client.received)))
            return
        if client.received:
            got = f"only {show(bytes(client.received))}"
        elif client.ended:
            got = "the connection closed without a reply"
        else:
            got = f"no reply within {REPLY_DUE:g} s"
        got += self.server_gone()
        if self.focus == "CLOCK-4" and not client.ended:
            return  # it waits for more than 25 bytes: a CLOCK-2 matter; CLOCK-4 cannot be judged
        requirement = self.focus
        if self.focus == "UNIX-1":
            requirement = "CLOCK-1" if state.notes.get("half_closed") else "CLOCK-2"
        framing = requirement == "CLOCK-2"
        expected = f"a reply within {REPLY_DUE:g} s of byte {REQUEST_SIZE}" + (", without more bytes or EOF" if framing else "")
        self.violation(requirement, expected, got, reply(client, CTIME_LENGTH))

    def _silent_one_then_ask(self) -> None:
        """Every C-CONC example ends with its scenario: a client connects and says nothing,
        another asks — its reply is due at once."""
        if self.found is not None or len(self.open_clients()) > self.max_open_clients - 2:
            return
        silent = self.open_stream()
        self.say(f"{silent.name} connects and says nothing")
        self._one_asks_while(silent)

    def _one_asks_while(self, stalled) -> None:
        """C-CONC: while ``stalled`` is connected with its request unfinished, a new client
        asks; its reply is due within 2 s."""
        asking = self.open_stream()
        self.say(f"{asking.name} connects")
        self.state(asking).request = CANONICAL_REQUEST
        self._send(asking, CANONICAL_REQUEST)
        self._half_close(asking)
        self.state(asking).replied = True
        self.say(f"{asking.name} waits for the reply")
        if not asking.wait_until(lambda c: len(c.received) > 0 or c.ended, self.due_within()) or not asking.received:
            got = "the connection closed without a reply" if asking.ended else f"no reply within {REPLY_DUE:g} s"
            sent = self.state(stalled).sent
            how = "is silent" if not sent else f"has sent only {sent} of its {REQUEST_SIZE} bytes"
            self.violation("CLOCK-7", f"a reply within {REPLY_DUE:g} s while {stalled.name} {how}", got + self.server_gone(), reply(asking))

    def _still_serves(self) -> None:
        """C-ROBUST: after the misbehaving client, a normal client is served."""
        client = self.open_stream()
        if client is None:
            return
        self.states[client.name].request = CANONICAL_REQUEST
        client.send(CANONICAL_REQUEST)
        self._half_close(client)
        self.say(f"{client.name} asks {show(CANONICAL_REQUEST)}")
        arrived = client.wait_until(lambda c: len(c.received) > 0 or c.ended, self.due_within())
        client.close()
        self.states[client.name].connected = False
        if arrived and client.received:
            self.witness("robust")  # a client served after the misbehaving one
        else:
            got = "the connection closed without a reply" if client.ended else f"no reply within {REPLY_DUE:g} s"
            if self.focus in UNIX_ROBUST:
                # clock-unix has no C-ROBUST ID: the later client's request is one CLOCK-1..3
                # must answer, so its missing reply is UNIX-1's failure.
                self.violation(self.focus, "a reply: the server goes on serving (C-ROBUST over a Unix socket)", got + self.server_gone(), reply(client))
                return
            self.violation("CLOCK-6", "a reply: the server goes on serving", got + self.server_gone(), reply(client))


def serve_in_a_row(context: MachineContext, count: int = 200) -> None:
    """CLOCK-5: clients one after the other, each asks, reads its reply and closes."""
    server = context.session.acquire()
    steps: list[str] = []
    try:
        for number in range(1, count + 1):
            try:
                client = StreamClient(server.address, f"client {number}")
            except OSError as exc:
                raise Violation("CLOCK-5", f"{count} clients served one after the other", f"client {number} could not connect: {what_happened(exc, connecting=True)}", [f"clients 1 to {number - 1} were served"]) from None
            try:
                # Each on its own: a server that answered and closed without reading has reset
                # the connection, so the half-close fails, yet its reply is there to read.
                client.send(CANONICAL_REQUEST)
                client.half_close()
                client.wait_until(lambda c: len(c.received) > 0 or c.ended, REPLY_DUE)
            finally:
                client.close()
            if not client.received:
                gone = "" if server.alive() else f" (the server process {server.exit_description()})"
                raise Violation(
                    "CLOCK-5",
                    f"a reply for each of {count} clients in a row",
                    f"client {number} got no reply{gone}",
                    [f"clients 1 to {number - 1} connect one after the other and each gets a reply" if number > 1 else "", f"client {number} asks"],
                )
    finally:
        context.session.release(server)
    del steps
    context.witness("answer")  # every one of them had a reply


CLOCK_CHECKS = {
    "CLOCK-1": Check("CLOCK-1", machine=ClockMachine, clock_shift=single_digit_day_shift),
    "CLOCK-2": Check("CLOCK-2", machine=ClockMachine),
    # V-WITNESS: a request answered with something other than itself sent back.
    "CLOCK-3": Check("CLOCK-3", machine=ClockMachine, witness="request answered"),
    "CLOCK-4": Check("CLOCK-4", machine=ClockMachine, weight=0.5, witness="closed"),
    "CLOCK-5": Check("CLOCK-5", scenario=serve_in_a_row),
    "CLOCK-6": Check("CLOCK-6", machine=ClockMachine, fresh_server=True, max_steps=6, witness="robust"),
    "CLOCK-7": Check("CLOCK-7", machine=ClockMachine),
}

CLOCK_UNIX_CHECKS = {"UNIX-1": Check("UNIX-1", machine=ClockMachine, weight=1.5, clock_shift=single_digit_day_shift)}

PROTOCOL_CHECKS = {"clock": CLOCK_CHECKS, "clock-unix": CLOCK_UNIX_CHECKS}

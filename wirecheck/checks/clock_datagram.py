"""The clock protocol over datagrams (UDP-1, UDP-2, UNIXD-1): every 25-byte datagram gets
exactly one ctime datagram back, to its own sender, however senders interleave.

UDP-1 is judged with one sender at a time: before a client sends, every other client's reply
is awaited, so a server that answers a burst to its last sender fails UDP-2 alone. UDP-2 lets
senders interleave and asks only that each gets its own replies and no one else's: any
datagram counts as a reply (its format is UDP-1's, and so is a second datagram for one
request), and a reply that went astray shows as a client with more datagrams than it sent,
and one with fewer. UNIXD-1, the only requirement
of clock-unixdgram, asks both: senders interleave and the time is judged.

C-ROBUST has no datagram ID of its own: UDP-1 and UNIXD-1 judge it, with the edge cases of
``protocols.edges`` (a short, an empty and a non-ASCII datagram, each from a socket of its
own, then a normal client from another). What a misbehaving client gets back is never judged:
the standard asks nothing of such datagrams."""

from __future__ import annotations

import time

from hypothesis import strategies as st
from hypothesis.stateful import Bundle, precondition, rule

from protocols.clock import judge_ctime, single_digit_day_shift
from protocols.framing import CANONICAL_REQUEST, show

from ..drive.machine import QUIET_WINDOW, REPLY_DUE, ProtocolMachine, focus_on
from ..drive.replay import ctime_reply, datagram_count
from ..drive.runner import Check
from .clock import UPTIME_FOR_STALE_TIME, clock_note, printable_requests

EXACT = {"UDP-1", "UNIXD-1"}  # the reply's time is judged exactly
ONE_SENDER = {"UDP-1"}  # each sender's replies are awaited before another sends
INTERLEAVED_ONLY = {"UDP-2"}  # judges where replies go, not how many a sender is given
SHORT_DATAGRAM = CANONICAL_REQUEST[:12]  # C-ROBUST's misbehaving datagrams (V-EDGE)
NON_ASCII_DATAGRAM = bytes(range(0x80, 0x80 + len(CANONICAL_REQUEST)))


class ClockDatagramMachine(ProtocolMachine):
    clients = Bundle("clients")

    def __init__(self, context) -> None:
        super().__init__(context)
        self.judged = 0  # replies taken and judged in this example
        if context.clock_shift:
            self.say(clock_note(context.clock_shift))

    @precondition(lambda self: self.can_connect())
    @rule(target=clients)
    def open_client(self):
        client = self.open_datagram()
        self.state(client).notes["asked"] = []
        self.say(f"{client.name} opens a socket")
        return client

    @rule(client=clients, request=st.one_of(st.just(CANONICAL_REQUEST), printable_requests))
    def ask(self, client, request):
        if self.focus in ONE_SENDER:
            self.others_answered(client)
        client.send(request)
        self.state(client).notes["asked"].append(time.time())
        self.say(f"{client.name} sends the datagram {show(request)}")

    def others_answered(self, client) -> None:
        """One sender at a time: every other client takes its replies before ``client`` sends."""
        for other in list(self.clients):
            if other is not client and len(other.datagrams) < len(self.state(other).notes["asked"]):
                self.receive(other)

    @rule(client=clients)
    def receive(self, client):
        asked = self.state(client).notes["asked"]
        had = len(client.datagrams)
        if had >= len(asked):
            return
        self.say(f"{client.name} waits for its reply")
        client.wait_datagrams(len(asked), self.due_within())
        self.watch(QUIET_WINDOW, clients=self.clients)
        got = len(client.datagrams)
        if got < len(asked):
            missing = len(asked) - got
            self.violation(
                self.focus,
                f"a reply datagram within {REPLY_DUE:g} s for each datagram sent",
                f"{missing} of {len(asked)} not answered{self.server_gone()}",
                datagram_count(client, at_least=len(asked)),
            )
        # A datagram astray shows as a client with more than it asked and one with fewer.
        # UDP-2 is about that alone: one sender given two datagrams for one request (a
        # DatagramRequestHandler that also sends its empty wfile) is UDP-1's failure.
        astray = any(len(o.datagrams) < len(self.state(o).notes["asked"]) for o in self.clients)
        for other in self.clients:
            if self.state(other).notes.get("misbehaving") or self.state(other).notes.get("after_misbehaving"):
                # What a misbehaving client gets back is never judged; nor is its reply gone
                # astray to the client after it (where replies go is UDP-2's, V-FOCUS).
                continue
            extra = len(other.datagrams) - len(self.state(other).notes["asked"])
            if extra > 0 and (self.focus not in INTERLEAVED_ONLY or astray):
                data = other.datagrams[-1][0]
                self.violation(
                    self.focus,
                    "exactly one datagram back per datagram sent, to its sender",
                    f"{other.name} received {len(other.datagrams)} datagrams for {len(self.state(other).notes['asked'])} sent (the last: {show(data)})",
                    datagram_count(other, at_most=len(self.state(other).notes["asked"])),
                )
        for index in range(had, min(got, len(asked))):  # the replies that came
            data, sender, received_at = client.datagrams[index]
            if self.focus in EXACT:
                shift = self.context.clock_shift
                problem = judge_ctime(data, asked[index], received_at, shift)
                if problem:
                    example = time.ctime(time.time() + shift)
                    self.violation(
                        self.focus,
                        f"the current time as ctime text, like {example!r}",
                        f"{show(data)}: {problem}",
                        ctime_reply(client, datagram=index),
                    )
        self.judged += max(0, min(got, len(asked)) - had)

    @focus_on(*EXACT)
    @rule()
    def let_time_pass(self):
        """A server that cached the time when it started shows it only once time has passed."""
        uptime = time.time() - self.server.started_at
        if uptime < UPTIME_FOR_STALE_TIME:
            self.watch(UPTIME_FOR_STALE_TIME - uptime, clients=self.clients)
            self.say(f"the server has now run for {UPTIME_FOR_STALE_TIME:g} s")

    # --- V-EDGE: C-ROBUST over datagrams, judged under UDP-1 and UNIXD-1 (protocols.edges)

    def edge_short_datagram(self) -> None:
        self._misbehave_then_ask(SHORT_DATAGRAM, f"a datagram of {len(SHORT_DATAGRAM)} bytes")

    def edge_empty_datagram(self) -> None:
        self._misbehave_then_ask(b"", "an empty datagram")

    def edge_non_ascii(self) -> None:
        self._misbehave_then_ask(NON_ASCII_DATAGRAM, f"a datagram of {len(NON_ASCII_DATAGRAM)} bytes that are not ASCII")

    def _misbehave_then_ask(self, data: bytes, what: str) -> None:
        """A client sends a datagram the standard asks nothing of, from a socket of its own
        (kept open to the end of the example, so that a server answering it never meets a
        closed socket); whatever it gets back is not judged. Then a normal client, from
        another socket, asks the time: its reply is due, and judged, as any other; a second
        datagram it gets may be the misbehaving client's reply gone astray, which is not
        this case's matter (UDP-2's random senders judge where replies go)."""
        odd = self.open_datagram()
        state = self.state(odd)
        state.notes["asked"] = []
        state.notes["misbehaving"] = True
        odd.send(data)
        self.say(f"{odd.name} opens a socket and sends {what}, {show(data)} (any answer, or none, will do)")
        normal = self.open_client()
        self.state(normal).notes["after_misbehaving"] = True
        self.ask(normal, CANONICAL_REQUEST)
        self.receive(normal)

    def teardown(self) -> None:
        """End as a client that wants the time does: every datagram sent has its reply taken
        and judged; and an example that judged none ends with a client that asks once —
        without it, a run whose draws never follow a request with a wait for its reply
        (likely when they let time pass) would judge nothing at all."""
        try:
            if self.found is None:
                for client in list(self.clients):
                    self.receive(client)
                if self.found is None and not self.judged:
                    client = self.clients[-1] if self.clients else self.open_client()
                    self.ask(client, CANONICAL_REQUEST)
                    self.receive(client)
        finally:
            super().teardown()


CLOCK_UDP_CHECKS = {
    "UDP-1": Check("UDP-1", machine=ClockDatagramMachine, clock_shift=single_digit_day_shift),
    "UDP-2": Check("UDP-2", machine=ClockDatagramMachine),
}
CLOCK_UNIXDGRAM_CHECKS = {"UNIXD-1": Check("UNIXD-1", machine=ClockDatagramMachine, clock_shift=single_digit_day_shift)}

PROTOCOL_CHECKS = {"clock-udp": CLOCK_UDP_CHECKS, "clock-unixdgram": CLOCK_UNIXDGRAM_CHECKS}

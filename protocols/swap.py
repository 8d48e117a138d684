"""swap — exercise 1: two clients exchange one 25-byte message each."""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass, field

from .framing import REQUEST_SIZE, is_printable_ascii, show
from .requirements import Protocol, Transport, must, should, stop_rule

SWAP = Protocol(
    name="swap",
    title="swap — exercise 1",
    filename="swapserver.py",
    transport=Transport.TCP,
    port=12092,
    reference="swap",
    requirements=(
        must(
            "SWAP-1",
            "Swap: when clients A and B are paired, A receives exactly B's 25 bytes and B exactly A's.",
        ),
        must(
            "SWAP-2",
            "No self-delivery, no invention: a client never receives its own message, nor bytes "
            "no other client sent, nor more than one message.",
        ),
        must(
            "SWAP-3",
            "Pairing is a matching: if A received B's message, B receives A's (unless B "
            "disconnected first); no message reaches two clients.",
        ),
        must(
            "SWAP-4",
            "Liveness: whenever two or more connected clients have sent their message and are "
            "unpaired, a pair forms within 2 s. A client alone receives nothing until a partner "
            "has sent.",
        ),
        should(
            "SWAP-5",
            "Fairness: pairing is first-come first-served by the time a message has fully "
            "arrived; a waiting client is paired before any client whose message arrived later.",
        ),
        should(
            "SWAP-6",
            "A waiting client that disconnects (closes its socket) is never paired: the next "
            "client is paired with a live one.",
        ),
        must("SWAP-7", "C-EXACT (a message split over several writes is one message)."),
        must("SWAP-8", "C-ROBUST."),
        should(
            "SWAP-9",
            "C-CONC: a silent connected client does not keep two ready clients apart (part of "
            "SWAP-4's liveness when it is not the silent one's turn).",
        ),
        stop_rule("SWAP-10", "also with a client waiting for its partner and a silent client connected"),
    ),
)


# =============================================================================================
# The swap model: what clients may observe of a correct swap server
# =============================================================================================
#
# A swap server is judged from the outside, by clients that each send one message and read
# what comes back. ``SwapModel`` is fed what those clients observe, in the order the driver
# observed it, and flags the first observation no correct server could have produced.
#
# What a correct server does, as the model understands the standard:
#
# * It reads each client's 25 bytes whatever their segmentation (SWAP-7). A message *arrives*
#   when its 25th byte is in; the driver only knows when it *wrote* that byte (``at`` of the
#   completing write), and the server reads it some moment later.
# * It keeps arrived, unpaired clients in a queue, oldest arrival first, and pairs the two at
#   its front (SWAP-5: first come, first served by full-arrival time). It may do so at once or
#   later (a matchmaker that runs twice a second is correct), as long as a pair forms within
#   2 s of two clients waiting (SWAP-4).
# * It drops a waiting client that has closed its socket (SWAP-6) — but only once it can know:
#   a client that closes while its pair is being formed may still be paired.
# * Each client of a pair gets exactly its partner's 25 bytes, nothing else, then the server
#   closes the connection (SWAP-1, SWAP-2, SWAP-3).
#
# Two completions a few microseconds apart may arrive in either order, and a close may race a
# pairing. The driver says when such races are over with ``settle()``: "the server has had
# time to read every message completed so far and to see every close so far". Everything
# observed before a settle happened, at the server, before anything observed after it; events
# between two settles (an *epoch*) are simultaneous, and every order of them is legal. Pairing
# itself is never assumed prompt: only SWAP-4's 2 s bound ties it to the clock.
#
# Under that reading the pairs of a correct server are exactly the consecutive couples
# (1st, 2nd), (3rd, 4th), ... of the arrival order, leaving out each closed waiter the server
# noticed before pairing it. Within an epoch the order is free, so a couple lies within one
# epoch, or straddles the boundary between two consecutive (non-empty) epochs when an odd
# number of clients arrived before that boundary — one couple per such boundary. A closed
# waiter the server dropped sat in the queue until it saw the close, so every couple behind it
# formed after that close. The model checks the pairs the clients reveal against that
# structure (see ``_fifo_possible``).
#
# Where one observation could be blamed on more than one requirement, the model names the
# one that says most precisely what went wrong:
#
# * Anything a client receives before its own 25th byte, bytes of a message still being
#   written, a message cut short exactly where its sender's write ended, or a reset of a client
#   that wrote its message in pieces (the server closed with some of it unread): SWAP-7, the
#   server did not read exactly 25 bytes. Other short or altered messages: SWAP-1.
# * Bytes after the 25th: SWAP-2 (more than one message), not SWAP-1.
# * A client's own message, or bytes no client sent: SWAP-2; and SWAP-4 as well when no other
#   client has sent anything (a client alone receives nothing).
# * Two clients waiting unpaired past 2 s: SWAP-4 — unless a client that has not sent its whole
#   message connected before the later of the first two waiting ones. Then it is the silent
#   one's turn for a server that serves clients in connection order, which only C-CONC forbids:
#   SWAP-9 alone. Any silent client connected at all adds SWAP-9 to SWAP-4.
# * A pairing that only reading clients in connection order explains — a client connected
#   earlier completed after the two ready ones it held apart, then was paired with the first
#   of them — is not unfair: outside C-CONC a pair is due only once every client connected
#   earlier has sent, so it is SWAP-9's failure alone (``_fifo_possible(serial=True)``).
# * The server closing a waiting client without a message: SWAP-4 (a waiting client stays
#   until a partner has sent) — unless its message was not printable ASCII, outside C-FRAME.
#   Closing a client whose message is incomplete is not judged: no requirement forbids it.

MESSAGE_SIZE = REQUEST_SIZE
PAIR_WITHIN = 2.0  # SWAP-4 and C-TIME: a due pair forms, a due message arrives, within 2 s
_NEVER = math.inf
_MAX_UNDECIDED_LEAVERS = 10  # beyond this many, an epoch's closed waiters are not enumerated


@dataclass(frozen=True)
class Violation:
    """The first observation no correct server could produce.

    ``id`` is the requirement it breaks; ``also`` lists other requirements the same
    observation breaks (a lone client that gets its own message back breaks SWAP-2 and
    SWAP-4). ``message`` is written for a student; ``at`` is the observation's time."""

    id: str
    message: str
    at: float
    also: tuple[str, ...] = ()

    @property
    def ids(self) -> tuple[str, ...]:
        return (self.id, *self.also)

    def breaks(self, requirement: str) -> bool:
        return requirement in self.ids

    def __str__(self) -> str:
        return f"{'/'.join(self.ids)}: {self.message}"


@dataclass(frozen=True)
class Due:
    """Something a correct server owes the clients by ``deadline`` (``since`` + 2 s).

    ``kind`` is ``"pair"`` (some pair must form; ``clients`` are the connected clients that
    have sent their message and are not yet known to be paired — the pair may involve any of
    them) or ``"delivery"`` (``clients`` is the one client that must receive the rest of its
    partner's message). ``id`` is the requirement broken if it does not happen (for a pair,
    SWAP-4; ``overdue`` names SWAP-9 instead when a silent client connected earlier)."""

    kind: str
    id: str
    clients: frozenset[str]
    since: float
    deadline: float


@dataclass(frozen=True)
class _Moment:
    seq: int  # the observation's position in the history
    epoch: int  # the number of settles before it
    at: float


@dataclass
class _Client:
    name: str
    order: int  # connection order
    written: bytearray = field(default_factory=bytearray)
    write_ends: list[int] = field(default_factory=list)  # len(written) after each write
    completed: _Moment | None = None  # its 25th byte was written
    closed: _Moment | None = None  # the client closed its socket
    left_waiting: _Moment | None = None  # it stopped waiting unpaired (closed, or was closed)
    received: bytearray = field(default_factory=bytearray)
    first_byte: _Moment | None = None
    sender: str | None = None  # whose message it receives (once the bytes say so)
    receiver: str | None = None  # who receives its message (once their bytes say so)
    ended: _Moment | None = None  # the server closed the connection (EOF or reset)
    paired_since: float | None = None  # when it was first known to be paired

    @property
    def message(self) -> bytes:
        return bytes(self.written)

    @property
    def connected(self) -> bool:
        return self.closed is None and self.ended is None

    @property
    def known_paired(self) -> bool:
        return bool(self.received) or self.sender is not None or self.receiver is not None

    @property
    def fragments(self) -> int:
        return len(self.write_ends)


def _who(name: str) -> str:
    return name if name.startswith("client") else f"client {name}"


def _list(names, conjunction: str = "or") -> str:
    names = [_who(n) for n in names]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + f" {conjunction} " + names[-1]


def _common_prefix(a: bytes, b: bytes) -> int:
    n = 0
    for x, y in zip(a, b):
        if x != y:
            break
        n += 1
    return n


class SwapModel:
    """The swap standard as a judge of client observations (sans-I/O, one thread).

    Feed it, in the order the driver saw them (each ``at`` is the driver's clock, seconds):

    ``connected(name, at)``
        a client connected.
    ``wrote(name, data, at)`` / ``sent(name, message, at)``
        a client wrote part of its message, or all 25 bytes at once. The write that makes 25
        bytes completes the message; record it right after that write returned and before
        anything else is observed (a single-threaded driver does this naturally), since the
        server may answer a microsecond later. Messages must be distinct: a client is known
        by its message.
    ``disconnected(name, at)``
        the client closed its socket (never a half-close while it expects a message).
    ``received(name, data, at)``
        bytes arrived on a client's socket: any part of a message, maybe more.
    ``eof(name, at)`` / ``reset(name, at)``
        the server closed the connection (orderly), or the connection was reset.
    ``settle(at)``
        the driver waited long enough (on loopback, tens of milliseconds) for the server to
        have read every message completed so far and seen every close so far: what came
        before is *clearly ordered* before what comes after. Without settles, every order of
        the completions and closes is accepted.

    Each of these returns the ``Violation`` it revealed, or None. The first violation is
    kept in ``violation``; after it the model stops judging (later observations are ignored),
    since nothing a broken server does afterwards says more.

    And ask:

    ``due()`` / ``pair_due()``
        what a correct server owes by when: a pair (SWAP-4 liveness) or the rest of a
        message (a paired client's delivery).
    ``overdue(now)``
        the violation when something due has not happened by ``now`` (observations check
        this themselves, at their own ``at``).
    ``partners(name, fair=True)``
        whose message the client may receive now; ``fair=False`` for what the MUST
        requirements alone allow (SWAP-5 and SWAP-6 aside).
    ``cannot_receive()``
        the connected clients for which any byte now would break the standard (a client
        alone receives nothing, SWAP-4).

    ``pair_within`` is SWAP-4's 2 s (a driver shrinking a counterexample may lower it);
    ``grace`` is added to every deadline for the driver's own latency."""

    def __init__(self, *, pair_within: float = PAIR_WITHIN, grace: float = 0.1) -> None:
        self.pair_within = pair_within
        self.grace = grace
        self.violation: Violation | None = None
        self._clients: dict[str, _Client] = {}
        self._seq = 0
        self._epoch = 0
        self._epoch_has_events = False
        self._now = -_NEVER
        self._pair_seq: dict[frozenset[str], int] = {}  # each revealed pair: seq of its first byte
        self._pair_due_since: float | None = None
        self._paired_count = 0

    # --- observations -------------------------------------------------------------------

    def connected(self, name: str, at: float) -> Violation | None:
        if name in self._clients:
            raise ValueError(f"{_who(name)} is already known")
        moment, stop, late = self._start(at)
        self._clients[name] = _Client(name=name, order=len(self._clients))
        return late if stop else self._end(moment)

    def wrote(self, name: str, data: bytes, at: float) -> Violation | None:
        client = self._client(name)
        if client.closed is not None:
            raise ValueError(f"{_who(name)} wrote after it closed its socket")
        if not data:
            raise ValueError("a write of no bytes")
        if len(client.written) + len(data) > MESSAGE_SIZE:
            raise ValueError(f"{_who(name)} would send more than one {MESSAGE_SIZE}-byte message")
        moment, stop, late = self._start(at)
        if stop:
            return late
        client.written += data
        client.write_ends.append(len(client.written))
        if len(client.written) == MESSAGE_SIZE:
            for other in self._clients.values():
                if other is not client and other.message == client.message:
                    raise ValueError(f"{_who(name)} sends the same message as {_who(other.name)}")
            client.completed = moment
            self._epoch_has_events = True
        return self._end(moment)

    def sent(self, name: str, message: bytes, at: float) -> Violation | None:
        """A whole message in one write."""
        if len(message) != MESSAGE_SIZE:
            raise ValueError(f"a swap message is {MESSAGE_SIZE} bytes, not {len(message)}")
        return self.wrote(name, message, at)

    def disconnected(self, name: str, at: float) -> Violation | None:
        client = self._client(name)
        if client.closed is not None:
            raise ValueError(f"{_who(name)} closed twice")
        moment, stop, late = self._start(at)
        if stop:
            return late
        client.closed = moment
        if client.completed is not None and client.ended is None and not client.known_paired:
            client.left_waiting = moment
            self._epoch_has_events = True
        return self._end(moment)

    def settle(self, at: float) -> Violation | None:
        moment, stop, late = self._start(at)
        if stop:
            return late
        if self._epoch_has_events:
            self._epoch += 1
            self._epoch_has_events = False
        return self._end(moment)

    def received(self, name: str, data: bytes, at: float) -> Violation | None:
        client = self._client(name)
        if client.closed is not None or client.ended is not None:
            raise ValueError(f"{_who(name)} cannot receive: its connection is over")
        if not data:
            raise ValueError("received no bytes: report the end of a connection with eof()")
        moment, stop, late = self._start(at)
        if stop:
            return late
        if client.first_byte is None:
            client.first_byte = moment
            client.paired_since = at if client.paired_since is None else min(client.paired_since, at)
        client.received += data
        found = self._judge_received(client, moment)
        return self._end(moment, found)

    def eof(self, name: str, at: float) -> Violation | None:
        return self._server_closed(name, at, reset=False)

    def reset(self, name: str, at: float) -> Violation | None:
        return self._server_closed(name, at, reset=True)

    # --- queries ------------------------------------------------------------------------

    def due(self) -> tuple[Due, ...]:
        """Everything a correct server owes now, earliest deadline first."""
        if self.violation:
            return ()
        owed = []
        pair = self.pair_due()
        if pair:
            owed.append(pair)
        for c in self._clients.values():
            if c.connected and c.paired_since is not None and len(c.received) < MESSAGE_SIZE:
                requirement = "SWAP-3" if not c.received else "SWAP-1"
                owed.append(
                    Due("delivery", requirement, frozenset([c.name]), c.paired_since, c.paired_since + self.pair_within)
                )
        return tuple(sorted(owed, key=lambda d: d.deadline))

    def pair_due(self) -> Due | None:
        """Whether some pair must form, by when, and which clients it may involve."""
        if self.violation or self._pair_due_since is None:
            return None
        waiting = frozenset(c.name for c in self._waiting())
        since = self._pair_due_since
        return Due("pair", "SWAP-4", waiting, since, since + self.pair_within)

    def overdue(self, now: float) -> Violation | None:
        """The violation when something due has not happened by ``now`` (then kept)."""
        if self.violation:
            return None
        for owed in self.due():
            if now > owed.deadline + self.grace:
                self.violation = self._overdue_violation(owed, now)
                return self.violation
        return None

    def partners(self, name: str, *, fair: bool = True) -> frozenset[str]:
        """The clients whose message ``name`` may receive now.

        With ``fair=False``, what SWAP-1..3 and SWAP-7 allow: another client that has sent
        its whole message and is not paired with someone else. With ``fair=True``, also
        first come, first served (SWAP-5) and no pairing of a closed waiter (SWAP-6), given
        every order the simultaneous events may have had."""
        client = self._client(name)
        if self.violation or not client.connected or client.completed is None:
            return frozenset()
        if client.sender is not None:
            return frozenset([client.sender])
        head = bytes(client.received[:MESSAGE_SIZE])
        found = [
            s.name
            for s in self._clients.values()
            if s is not client
            and s.completed is not None
            and s.message.startswith(head)
            and self._pairing_conflict(client, s) is None
        ]
        if fair:
            return self._fair_partners(client, found)
        return frozenset(found)

    def _fair_partners(self, client: _Client, candidates, seq: int | None = None) -> frozenset[str]:
        if seq is None:
            seq = client.first_byte.seq if client.first_byte else self._seq + 1
        return frozenset(s for s in candidates if self._fifo_possible((client.name, s, seq)))

    def cannot_receive(self) -> frozenset[str]:
        """Connected clients that would break the standard by receiving any byte now."""
        return frozenset(
            c.name
            for c in self._clients.values()
            if c.connected and not c.received and not self.partners(c.name, fair=False)
        )

    def pairs(self) -> frozenset[frozenset[str]]:
        """The pairs the clients' bytes have revealed so far."""
        return frozenset(self._pair_seq)

    # --- bookkeeping --------------------------------------------------------------------

    def _client(self, name: str) -> _Client:
        try:
            return self._clients[name]
        except KeyError:
            raise ValueError(f"{_who(name)} never connected") from None

    def _begin(self, at: float) -> _Moment:
        self._now = max(self._now, at)  # a wall clock may step back; order is what counts
        self._seq += 1
        return _Moment(self._seq, self._epoch, self._now)

    def _start(self, at: float) -> tuple[_Moment, bool, Violation | None]:
        """Start an observation: (its moment, whether to stop judging, the violation to report).

        What was due before the observation and did not happen is its first finding."""
        moment = self._begin(at)
        if self.violation:
            return moment, True, None
        late = self.overdue(moment.at)
        return moment, late is not None, late

    def _end(self, moment: _Moment, found: Violation | None = None) -> Violation | None:
        if found is not None and self.violation is None:
            self.violation = found
        if self.violation is None:
            self._update_pair_due(moment.at)
        return found

    def _waiting(self) -> list[_Client]:
        """Connected clients that have sent their message and are not known to be paired."""
        return [c for c in self._clients.values() if c.completed and c.connected and not c.known_paired]

    def _update_pair_due(self, at: float) -> None:
        """SWAP-4: from the moment two or more clients wait, a pair is owed within 2 s; each
        pair that forms meets the debt, and if two still wait the next pair is owed from then."""
        paired = sum(1 for c in self._clients.values() if c.known_paired)
        a_pair_formed = paired > self._paired_count
        self._paired_count = paired
        if len(self._waiting()) < 2:
            self._pair_due_since = None
        elif self._pair_due_since is None or a_pair_formed:
            self._pair_due_since = at

    # --- what a client received ---------------------------------------------------------

    def _judge_received(self, client: _Client, moment: _Moment) -> Violation | None:
        """Judge a client's bytes so far: whose message they are, and whether it may have it.

        The first 25 bytes must be (so far, a prefix of) the message of another client that
        had sent all of it (SWAP-2: not its own, nothing invented; SWAP-7: not part of a
        message still being written) and that is not paired with anyone else (SWAP-3). Once
        the bytes name one such client, the pair is revealed and judged for fairness
        (SWAP-5, SWAP-6). Bytes after the 25th are a second message (SWAP-2)."""
        me = _who(client.name)
        at = moment.at
        if client.completed is None or client.completed.seq > client.first_byte.seq:
            return Violation(
                "SWAP-7",
                f"{me} received {show(bytes(client.received))} before it had sent its whole message "
                f"({len(client.written)} of {MESSAGE_SIZE} bytes): a server reads all {MESSAGE_SIZE} bytes "
                "of a message before it answers",
                at,
            )
        head = bytes(client.received[:MESSAGE_SIZE])
        if client.sender is not None:
            sender = self._clients[client.sender]
            if not sender.message.startswith(head):
                return self._not_the_message(client, sender, head, at)
        else:
            found = self._identify(client, head, moment)
            if found is not None:
                return found
        if len(client.received) > MESSAGE_SIZE:
            extra = len(client.received) - MESSAGE_SIZE
            whose = f"{_who(client.sender)}'s message" if client.sender else "a message"
            return Violation(
                "SWAP-2",
                f"{me} received {len(client.received)} bytes: after {whose} came {extra} more "
                f"({show(bytes(client.received[MESSAGE_SIZE:]))}); a client receives one message, "
                f"{MESSAGE_SIZE} bytes",
                at,
            )
        return None

    def _identify(self, client: _Client, head: bytes, moment: _Moment) -> Violation | None:
        """Find whose message the bytes so far are; wait while they fit more than one.

        They may fit a message another client completed, part of a message still being
        written (a server passing that on breaks SWAP-7), or the client's own (SWAP-2)."""
        me = _who(client.name)
        at = moment.at
        others = [s for s in self._clients.values() if s is not client]
        complete = [s for s in others if s.completed is not None and s.message.startswith(head)]
        partial = [s for s in others if s.completed is None and s.message.startswith(head)]
        own = client.message.startswith(head)
        fits = len(complete) + len(partial) + own
        alone = not any(s.written for s in others)
        if fits > 1:
            if not own and not partial and all(self._pairing_conflict(client, s) for s in complete):
                return self._conflict(client, complete[0], at)
            return None  # wait for the bytes that tell them apart
        if own:
            return Violation(
                "SWAP-2",
                f"{me} received its own message back ({show(head)}): a client gets its partner's message, "
                "never its own" + (", and a client alone receives nothing" if alone else ""),
                at,
                also=("SWAP-4",) if alone else (),
            )
        if partial:
            return self._partial_passed_on(client, partial[0], head, at)
        if complete:
            sender = complete[0]
            if self._pairing_conflict(client, sender):
                return self._conflict(client, sender, at)
            if sender.completed.seq > client.first_byte.seq:
                return Violation(
                    "SWAP-7",
                    f"{me} started receiving {_who(sender.name)}'s message before {_who(sender.name)} had "
                    f"sent all of it: a server reads all {MESSAGE_SIZE} bytes of a message before it passes it on",
                    at,
                )
            return self._reveal_pair(client, sender, moment)
        nearest = self._nearest_message(client, head)
        if nearest is not None:
            return self._not_the_message(client, nearest, head, at)
        return Violation(
            "SWAP-2",
            f"{me} received {show(head)}, which no client sent"
            + (" (and a client alone receives nothing)" if alone else ""),
            at,
            also=("SWAP-4",) if alone else (),
        )

    def _conflict(self, client: _Client, sender: _Client, at: float) -> Violation:
        return Violation(
            "SWAP-3",
            f"{_who(client.name)} received {_who(sender.name)}'s message, "
            f"but {self._pairing_conflict(client, sender)}: "
            "pairing is a matching (each client has one partner, and the two swap)",
            at,
        )

    def _partial_passed_on(self, client: _Client, sender: _Client, head: bytes, at: float) -> Violation:
        state = "had left after sending" if sender.closed else "had so far sent"
        return Violation(
            "SWAP-7",
            f"{_who(client.name)} received {show(head)}, part of {_who(sender.name)}'s message, while "
            f"{_who(sender.name)} {state} {len(sender.written)} of its {MESSAGE_SIZE} bytes: a server reads "
            f"all {MESSAGE_SIZE} bytes of a message before it passes it on",
            at,
        )

    def _nearest_message(self, client: _Client, head: bytes) -> _Client | None:
        """The one sent message the bytes begin like (at least one byte), if just one does."""
        scored = [
            (_common_prefix(s.message, head), s)
            for s in self._clients.values()
            if s is not client and s.completed is not None
        ]
        best = max((n for n, _ in scored), default=0)
        nearest = [s for n, s in scored if n == best]
        return nearest[0] if best > 0 and len(nearest) == 1 else None

    def _not_the_message(self, client: _Client, sender: _Client, head: bytes, at: float) -> Violation:
        at_byte = _common_prefix(sender.message, head) + 1
        return Violation(
            "SWAP-1",
            f"{_who(client.name)} received {show(head)}, which is not {_who(sender.name)}'s message "
            f"{show(sender.message)} (they differ at byte {at_byte}): a client receives exactly its "
            f"partner's {MESSAGE_SIZE} bytes",
            at,
        )

    def _pairing_conflict(self, client: _Client, sender: _Client) -> str | None:
        """Why ``client`` may not receive ``sender``'s message, by SWAP-3 alone, or None."""
        if sender.receiver not in (None, client.name):
            return f"that message had already reached {_who(sender.receiver)}, and no message reaches two clients"
        if sender.sender not in (None, client.name):
            first = _who(sender.sender)
            return f"{_who(sender.name)} had received {first}'s message, so it was paired with {first}"
        if client.receiver not in (None, sender.name):
            me, first = _who(client.name), _who(client.receiver)
            return f"{first} had received {me}'s message, so {me} was paired with {first}"
        return None

    def _reveal_pair(self, client: _Client, sender: _Client, moment: _Moment) -> Violation | None:
        """The bytes say ``client`` gets ``sender``'s message: judge the pair, then record it."""
        pair = frozenset((client.name, sender.name))
        seq = client.first_byte.seq  # the pair formed before its first byte was seen
        found = None
        if pair not in self._pair_seq:  # else: the other half of a pair already revealed
            found = self._judge_fairness(client, sender, seq, moment.at)
            self._pair_seq[pair] = seq
        client.sender = sender.name
        sender.receiver = client.name
        if sender.paired_since is None:
            sender.paired_since = client.paired_since
        return found

    # --- the server closed a connection -------------------------------------------------

    def _server_closed(self, name: str, at: float, *, reset: bool) -> Violation | None:
        client = self._client(name)
        if client.closed is not None or client.ended is not None:
            raise ValueError(f"{_who(name)}'s connection is already over")
        moment, stop, late = self._start(at)
        if stop:
            return late
        client.ended = moment
        found = self._judge_close(client, at, reset=reset)
        if found is None and client.completed is not None and not client.known_paired:
            client.left_waiting = moment  # closed while waiting, as far as pairing goes
            self._epoch_has_events = True
        return self._end(moment, found)

    def _judge_close(self, client: _Client, at: float, *, reset: bool) -> Violation | None:
        """The server ends a connection once it has sent the partner's 25 bytes.

        Before the message is complete, ending the connection is not judged (no requirement
        asks a server to keep a client that has not sent its message). A reset of a client that
        sent its message in several writes means the server closed with some of it unread: it
        did not read the whole message (SWAP-7)."""
        me = _who(client.name)
        if client.completed is None:
            return None
        if reset and client.fragments > 1:
            return Violation(
                "SWAP-7",
                f"the server reset {me}'s connection, which happens when it closes without reading all "
                f"the client sent: {me} had sent its message in {client.fragments} writes, and a server "
                f"reads all {MESSAGE_SIZE} bytes of a message, however they are split",
                at,
            )
        got = len(client.received)
        if got >= MESSAGE_SIZE:
            return None
        if got == 0:
            if client.receiver is not None:
                return Violation(
                    "SWAP-3",
                    f"the server closed {me}'s connection without sending it anything, but {_who(client.receiver)} "
                    f"had received {me}'s message: the two of a pair swap their messages",
                    at,
                )
            if not is_printable_ascii(client.message):
                return None  # outside C-FRAME: the server need not serve it
            return Violation(
                "SWAP-4",
                f"the server closed {me}'s connection while {me} waited for a partner (did the server "
                "crash, or drop the client?): a waiting client stays connected until a partner has sent",
                at,
            )
        senders = [self._clients[client.sender]] if client.sender else self._possible_senders(client)
        head = bytes(client.received)
        for sender in senders:
            if sender.completed is None or sender.completed.seq > client.first_byte.seq:
                return self._partial_passed_on(client, sender, head, at)
            if sender.fragments > 1 and got in sender.write_ends:
                return Violation(
                    "SWAP-7",
                    f"{me} received only the first {got} bytes of {_who(sender.name)}'s message, which "
                    f"{_who(sender.name)} sent in {sender.fragments} writes: the server took the first "
                    f"write for the whole message (a server reads all {MESSAGE_SIZE} bytes, however "
                    "they are split)",
                    at,
                )
        whose = f"{_who(senders[0].name)}'s" if len(senders) == 1 else "a"
        return Violation(
            "SWAP-1",
            f"{me} received only {got} of the {MESSAGE_SIZE} bytes of {whose} message before the server "
            f"closed the connection ({show(bytes(client.received))}): a client receives exactly its "
            f"partner's {MESSAGE_SIZE} bytes",
            at,
        )

    def _possible_senders(self, client: _Client) -> list[_Client]:
        """The other clients whose message (or the part written so far) the bytes begin."""
        head = bytes(client.received[:MESSAGE_SIZE])
        return [s for s in self._clients.values() if s is not client and s.message.startswith(head)]

    # --- liveness -----------------------------------------------------------------------

    def _overdue_violation(self, owed: Due, now: float) -> Violation:
        late = now - owed.since
        if owed.kind == "delivery":
            (name,) = owed.clients
            client = self._clients[name]
            me = _who(name)
            if not client.received:
                return Violation(
                    "SWAP-3",
                    f"{_who(client.receiver)} received {me}'s message {late:.1f} s ago, but {me} has received "
                    f"nothing: the two of a pair swap their messages (within {self.pair_within:g} s)",
                    owed.deadline,
                )
            return Violation(
                "SWAP-1",
                f"{me} has received only {len(client.received)} of the {MESSAGE_SIZE} bytes of its partner's "
                f"message, {late:.1f} s after the first: the rest is due within {self.pair_within:g} s",
                owed.deadline,
            )
        waiting = sorted((self._clients[n] for n in owed.clients), key=lambda c: c.order)
        silent = [
            c for c in self._clients.values() if c.connected and c.completed is None
        ]  # connected, whole message not sent (nothing, or part of it)
        text = (
            f"{_list([c.name for c in waiting], 'and')} sent their messages and waited "
            f"{late:.1f} s without being paired: whenever two or more clients wait, a pair forms within "
            f"{self.pair_within:g} s"
        )
        if not silent:
            return Violation("SWAP-4", text, owed.deadline)
        second = waiting[1]
        blocking = sorted((c for c in silent if c.order < second.order), key=lambda c: c.order)
        if blocking:
            # The silent one's turn: a server serving clients one at a time in connection order
            # is stuck on it. Only C-CONC (SWAP-9, a SHOULD) forbids that.
            text += (
                f", even while {_who(blocking[0].name)}, connected before {_who(second.name)}, has not sent "
                "its whole message: a silent client must not keep ready clients apart (serve clients "
                "concurrently)"
            )
            return Violation("SWAP-9", text, owed.deadline)
        text += f" (and {_list([c.name for c in silent])}, connected later and silent, must not delay them)"
        return Violation("SWAP-4", text, owed.deadline, also=("SWAP-9",))

    # --- fairness: SWAP-5 and SWAP-6 ----------------------------------------------------

    def _judge_fairness(self, client: _Client, sender: _Client, seq: int, at: float) -> Violation | None:
        """Judge a newly revealed pair against first-come first-served pairing (SWAP-5) that
        never pairs a closed waiter (SWAP-6). When both cannot hold, say which one fails:
        SWAP-6 if the pairs are first-come first-served once closed waiters count as waiting,
        SWAP-5 if they respect closes but not the order, both if neither."""
        pair = (client.name, sender.name, seq)

        def fifo(**kwargs) -> bool:  # first come, first served: by arrival, or by connection order
            return self._fifo_possible(pair, **kwargs) or self._fifo_possible(pair, serial=True, **kwargs)

        if fifo():
            return None
        me, them = _who(client.name), _who(sender.name)
        in_order = fifo(honour_leaving=False)
        respects_closes = self._leaving_possible(pair)
        if in_order and not respects_closes:
            gone, other = (sender, client) if self._paired_after_leaving(sender, client) else (client, sender)
            return Violation(
                "SWAP-6",
                f"{me} received {them}'s message, but {_who(gone.name)} had closed its connection before "
                f"{_who(other.name)}'s message arrived: a waiting client that disconnects is never paired",
                at,
            )
        if in_order:
            for name in self._leavers():
                if fifo(zombies=frozenset([name])):
                    return Violation(
                        "SWAP-6",
                        f"{me} received {them}'s message, which is first come, first served only if the server "
                        f"paired {_who(name)} after {_who(name)} had disconnected: a waiting client that "
                        "disconnects is never paired, and the next client is paired with a live one",
                        at,
                    )
            return Violation(
                "SWAP-6",
                f"{me} received {them}'s message, which is first come, first served only if the server paired "
                "clients that had disconnected: a waiting client that disconnects is never paired",
                at,
            )
        text = (
            f"{me} received {them}'s message, but pairing is first come, first served by the time "
            "a message has fully arrived"
        )
        text += ": " + self._fair_alternative(client, sender, seq)
        if respects_closes:
            return Violation("SWAP-5", text, at)
        return Violation(
            "SWAP-6",
            text + "; and it pairs a client that had disconnected, which a server never does",
            at,
            also=("SWAP-5",),
        )

    def _fair_alternative(self, client: _Client, sender: _Client, seq: int) -> str:
        """Who the two could have been paired with instead, in words, for a SWAP-5 message."""
        for one, other in ((client, sender), (sender, client)):
            candidates = [
                s.name
                for s in self._clients.values()
                if s is not one and s is not other and s.completed is not None
                and s.completed.seq < seq and self._pairing_conflict(one, s) is None
            ]
            options = sorted(self._fair_partners(one, candidates, seq), key=lambda n: self._clients[n].order)
            if options:
                return f"{_who(one.name)} could only be paired with {_list(options)} at that point"
        return "clients whose messages arrived earlier were still waiting"

    def _leavers(self) -> dict[str, _Moment]:
        """Clients that stopped waiting unpaired (closed, or were closed by the server)."""
        return {c.name: c.left_waiting for c in self._clients.values() if c.left_waiting is not None}

    def _paired_after_leaving(self, gone: _Client, other: _Client) -> bool:
        return gone.left_waiting is not None and other.completed.epoch > gone.left_waiting.epoch

    def _leaving_possible(self, extra: tuple[str, str, int] | None = None) -> bool:
        """SWAP-6 alone: each revealed pair with a closed waiter formed before the server could
        see the close, i.e. its partner's message completed no later than the close's epoch."""
        pairs = [tuple(p) for p in self._pair_seq]
        if extra:
            pairs.append(extra[:2])
        for a, b in pairs:
            ca, cb = self._clients[a], self._clients[b]
            if self._paired_after_leaving(ca, cb) or self._paired_after_leaving(cb, ca):
                return False
        return True

    def _fifo_possible(
        self,
        extra: tuple[str, str, int] | None = None,
        *,
        honour_leaving: bool = True,
        zombies: frozenset[str] = frozenset(),
        serial: bool = False,
    ) -> bool:
        """Whether some correct server (first come, first served, closed waiters dropped once
        seen) could have formed every revealed pair, and ``extra`` (a, b, seq of its first byte).

        The arrival order is unknown within an epoch and fixed across epochs, and the pairs
        are the consecutive couples of that order. Epoch by epoch, in order, with the *carry*
        being the client (if any) left over from the earlier epochs, waiting for the first of
        this one:

        * the carry pairs with this epoch's first arrival ``x``; the others pair among
          themselves; if the count is odd, the last arrival ``y`` is the next carry;
        * a revealed pair inside the epoch must avoid ``x`` and ``y``; one across epochs must
          be exactly (carry, x); no other pair is possible;
        * ``x`` arrived before any pair inside its epoch formed, so it completed before the
          first byte of each such pair was seen (a client that completes after a pair was
          seen cannot jump ahead of it).

        A closed waiter (``honour_leaving``) is either *kept* — paired before the server saw
        the close, so its couple formed, and its partner completed, no later than the close's
        epoch — or *dropped*: left out of the pairs, having waited in the queue until the
        server saw its close. Everything behind a dropped waiter formed after that close (the
        *floor*): a revealed couple behind it was first seen after the close, and a kept closed
        waiter behind it closed no earlier than its epoch. ``zombies`` are closed waiters
        treated as live (the relaxation that names the client a SWAP-6 failure is about).

        ``serial`` reads the pairs as a server that takes clients in connection order does
        (see ``_serial_arrivals``): outside C-CONC a pair is due only once every client
        connected earlier has sent its message, so a silent earlier client that holds ready
        ones apart is SWAP-9's failure, and the pairing it forces is not unfair."""
        seq_of = dict(self._pair_seq)
        if extra:
            seq_of[frozenset(extra[:2])] = extra[2]
        partner: dict[str, str] = {}
        for pair in seq_of:
            a, b = tuple(pair)
            partner[a], partner[b] = b, a
        if serial:
            ready = self._serial_arrivals()
            if any(n not in ready or seq <= ready[n].seq for pair, seq in seq_of.items() for n in pair):
                return False  # a pair formed before a client connected earlier had sent
            arrived = [
                _Client(name=c.name, order=c.order, completed=ready[c.name])
                for c in self._clients.values() if c.name in ready
            ]
        else:
            arrived = [c for c in self._clients.values() if c.completed is not None]
        leavers = {n: m for n, m in self._leavers().items() if n not in zombies} if honour_leaving else {}
        facts = _Facts(
            partner=partner,
            epoch_of={c.name: c.completed.epoch for c in arrived},
            completed_seq={c.name: c.completed.seq for c in arrived},
            seq_of=seq_of,
            close_epoch={n: m.epoch for n, m in leavers.items()},
            close_seq={n: m.seq for n, m in leavers.items()},
        )
        by_epoch: dict[int, list[str]] = {}
        for c in sorted(arrived, key=lambda c: c.completed.seq):
            by_epoch.setdefault(c.completed.epoch, []).append(c.name)
        states: set = {(None, -1, -1)}  # (carry, floor epoch, floor seq)
        for epoch in sorted(by_epoch):
            members = by_epoch[epoch]
            optional = [n for n in members if n in leavers and n not in partner]
            if len(optional) > _MAX_UNDECIDED_LEAVERS:
                return True  # too many undecided closes to enumerate: do not judge fairness
            outcomes: set = set()
            for size in range(len(optional) + 1):
                for dropped in itertools.combinations(optional, size):
                    kept = [n for n in members if n not in dropped]
                    for state in states:
                        outcomes |= _epoch_outcomes(epoch, kept, dropped, state, facts)
            states = _best_states(outcomes)
            if not states:
                return False
        return True

    def _serial_arrivals(self) -> dict[str, _Moment]:
        """When each client's message is ready for a server that reads clients one at a time
        in connection order: once its own message and that of every client connected before
        it has arrived (or that client has gone). Clients behind one still connected and
        silent are not ready at all."""
        ready: dict[str, _Moment] = {}
        latest: _Moment | None = None
        for c in sorted(self._clients.values(), key=lambda c: c.order):
            ends = [m for m in (c.completed, c.closed, c.ended) if m is not None]
            if not ends:
                break  # still silent: nobody connected after it is read yet
            done = c.completed or min(ends, key=lambda m: m.seq)
            if latest is None or done.seq > latest.seq:
                latest = done
            if c.completed is not None:
                ready[c.name] = latest
        return ready


@dataclass(frozen=True)
class _Facts:
    partner: dict
    epoch_of: dict
    completed_seq: dict
    seq_of: dict
    close_epoch: dict  # closed waiter -> epoch of its close
    close_seq: dict


def _epoch_outcomes(epoch: int, members: list[str], dropped, state, facts: _Facts) -> set:
    """The states one epoch can hand on, given the state it receives (see ``_fifo_possible``).

    A state is (carry, floor epoch, floor seq). A carry is None (an even count so far),
    ("free", L) — some client not in any revealed pair, which a partner completed by epoch L
    may still join (L is infinite unless it is a kept closed waiter) — or ("bound", y, z): y,
    revealed paired with z of a later epoch. The floor is the latest close among the dropped
    waiters so far: couples behind them formed after it."""
    carry, floor_epoch, floor_seq = state
    after_epoch = max([floor_epoch] + [facts.close_epoch[d] for d in dropped])
    after_seq = max([floor_seq] + [facts.close_seq[d] for d in dropped])
    if not members:
        return {(carry, after_epoch, after_seq)}
    closes = facts.close_epoch

    def keeps_up(name: str) -> bool:  # a kept closed waiter closed no earlier than the floor
        return closes.get(name, _NEVER) >= floor_epoch

    inside = set(members)
    partner, epoch_of = facts.partner, facts.epoch_of
    internal_seqs, incoming, outgoing = [], [], []
    for m in members:
        p = partner.get(m)
        if p is None:
            continue
        if p in inside:
            internal_seqs.append(facts.seq_of[frozenset((m, p))])
        elif epoch_of[p] < epoch:
            incoming.append(m)
        else:
            outgoing.append(m)
    if any(seq <= floor_seq for seq in internal_seqs):
        return set()
    if not all(keeps_up(m) for m in members if m not in outgoing):
        return set()
    first_inside = min(internal_seqs, default=_NEVER)
    unpaired = [m for m in members if m not in partner]
    if carry is None:
        if incoming:
            return set()
        firsts: list = [None]
    elif carry[0] == "bound":
        _, y, z = carry
        if incoming != [z] or facts.completed_seq[z] > first_inside:
            return set()
        if facts.seq_of[frozenset((y, z))] <= floor_seq or not keeps_up(y) or closes.get(y, _NEVER) < epoch:
            return set()
        firsts = [z]
    else:
        if incoming or epoch > carry[1] or floor_epoch > carry[1]:
            return set()
        firsts = [m for m in unpaired if facts.completed_seq[m] < first_inside]
        if not firsts:
            return set()
    odd = (len(members) + (carry is not None)) % 2 == 1
    if not odd:
        return set() if outgoing else {(None, after_epoch, after_seq)}
    if len(outgoing) > 1:
        return set()
    if outgoing:
        y = outgoing[0]
        return {(("bound", y, partner[y]), after_epoch, after_seq)}
    best = max((closes.get(y, _NEVER) for x in firsts for y in unpaired if y != x), default=None)
    return set() if best is None else {(("free", best), after_epoch, after_seq)}


def _best_states(outcomes: set) -> set:
    """Among free carries with the same floor only the one a partner may join latest matters."""
    best: dict = {}
    kept = set()
    for state in outcomes:
        carry, floor_epoch, floor_seq = state
        if carry is not None and carry[0] == "free":
            key = (floor_epoch, floor_seq)
            if key not in best or carry[1] > best[key][0][1]:
                best[key] = state
        else:
            kept.add(state)
    return kept | set(best.values())

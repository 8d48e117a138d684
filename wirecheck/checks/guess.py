"""The guess protocol's checks: GUESS-1..8, on the found-state machine of
``checks.found_state``.

A server that ignores SECRET is judged against the secret it chose, which sweeps over
0..99 find (the race of GUESS-4 becomes a racing sweep: each number guessed by several
clients at the same moment), so GUESS-1..4 are graded all the same and only GUESS-5 fails.
Guesses half-close once whole, so that a server that waits for EOF (a GUESS-6 matter) is
still judged on its answers; GUESS-6 never half-closes. GUESS-7 judges texts that are no
number before and after the find (the standard's decision: GUESS-3 judges numbers after the
find, GUESS-7 non-numbers), so it guesses the secret itself in plain digits only."""

from __future__ import annotations


from hypothesis import strategies as st
from hypothesis.stateful import rule

from protocols.edges import ALONE_PAUSE, CONC_PART, LAST_BYTE_PAUSE, NOT_A_NUMBER, PATIENCE
from protocols.framing import REPLY_PADDING, REQUEST_SIZE, pad, reply_text, show
from protocols.guess import NUMBER_RULES, SECRETS, Answer, Reply, Unreadable, guess_readings, parse_reply, read_reply

from ..drive.clients import StreamClient
from ..drive.machine import LONG_PAUSE, PAUSES, REPLY_DUE
from ..drive.runner import Check
from .found_state import FoundStateMachine, focus_in, number_of

EARLY_REPLY_WATCH = 0.005  # after a piece of a request, look this long for a premature reply
END_LOOK = 0.02  # after an answer, look this long for the close (or for more bytes)
# After the answer to a client that sent EOF, wait this long for the close the protocol asks
# for, or for more bytes: whether a server goes on sending (a loop that takes EOF for a
# guess) is then seen however slow the machine is (V-SAME), not only within END_LOOK. A
# correct server closes at once, so this costs it nothing.
END_WAIT = 1.0
OPEN_AFTER_EOF = "keeps a connection open after EOF"  # a session note (ServerSession.notes)

# One SECRET per check, fixed: a saved failure replays against the same secret. They cover
# one digit (7), the edges (0, 99) and the standard's own example (42, for GUESS-6).
GUESS_SECRETS = {
    "GUESS-1": 42,
    "GUESS-2": 7,
    "GUESS-3": 63,
    "GUESS-4": 58,
    "GUESS-5": 31,
    "GUESS-6": 42,
    "GUESS-7": 0,
    "GUESS-8": 99,
}


# Texts int() rejects: no number in any reading.
NON_NUMBERS = ["", "{s}.0", "0x{s}", "abc", "forty-two", "{s}a", "1e1", "{s} 1", "\u00b2", "{s}\u00b2"]
# Texts int() reads as a number though they are not ASCII digits (V-LENIENT: either reading
# holds). GUESS-7 spells them with a number above 99, so that neither reading can find the
# secret there (a server without a found state fails GUESS-3, not GUESS-7 as well).
INT_SPELLINGS = ["+{s}", "-{s}", " {s}", "{s}\t", "\t{s}\r\n", "{u}", "0_{s}", "{arabic}", "{fullwidth}", "{devanagari}"]
SECRET_SPELLINGS = [t for t in INT_SPELLINGS if t != "-{s}"]  # what int() reads as the number itself
DIGIT_ZEROS = {"arabic": 0x660, "fullwidth": 0xFF10, "devanagari": 0x966}


def int_spelling(template: str, number: int) -> str:
    """``number`` spelt by ``template``: `+42`, ` 42`, `4_2`, `٤٢`..."""
    digits = str(number)
    scripts = {name: "".join(chr(zero + int(d)) for d in digits) for name, zero in DIGIT_ZEROS.items()}
    underscored = digits[0] + "_" + digits[1:] if len(digits) > 1 else "0_" + digits
    return template.format(s=digits, u=underscored, **scripts)

# Bytes that are no number however a server decodes them (a number int() reads there could
# be the secret: GUESS-7 never guesses it).
non_ascii_requests = st.binary(min_size=REQUEST_SIZE, max_size=REQUEST_SIZE).filter(
    lambda b: any(x >= 0x80 for x in b) and guess_readings(b) == (None, False)
)


# What a client that gives up mid-request has sent: never digits. A server that judges the
# piece an abandoned client sent (the course's `rfile.read(25)` returns it at end of file)
# reads it as the guess it begins: that is the course's own code, not held against it
# (correct_decode_ascii_handler), so the piece must not be able to find the secret.
ABANDONED_REQUEST = pad("my guess is")


def encode_text(text: str) -> bytes:
    """A guess's bytes: latin-1 when it fits (raw bytes drawn as such), else UTF-8."""
    return text.encode("latin-1") if max(text, default=" ") <= "\xff" else text.encode("utf-8")


def describe_guess(text: str) -> str:
    """A guess as a student reads it: `42`, `042 (the number 42)`, `"abc" (not a number)`,
    `"+42" (42 to int(), or not a number)`."""
    value, ambiguous = guess_readings(text)
    plain = text.rstrip(" ")
    if ambiguous:
        return f"{show(encode_text(plain))} ({value} to int(), or not a number)"
    if value is None:
        return f"{show(encode_text(plain))} (not a number)" if plain else "25 spaces (not a number)"
    return plain if plain == str(value) else f"{plain} (the number {value})"


def describe_numbers(numbers: list) -> str:
    if len(numbers) <= 4:
        return ", ".join(str(n) for n in numbers)
    return f"{numbers[0]}, {numbers[1]} … {numbers[-1]} ({len(numbers)} numbers)"


class GuessMachine(FoundStateMachine):
    """Clients that connect and stay open, guess wrong, right, after the find (also clients
    connected before it), several at the same moment, in fragments, with texts that are not
    numbers, and clients that misbehave or stay silent."""

    model_rules = NUMBER_RULES
    secret_requirement = "GUESS-5"
    robust_requirement = "GUESS-7"
    framing_requirements = frozenset({"GUESS-6"})
    concurrent_requirements = frozenset({"GUESS-8"})
    secrets = GUESS_SECRETS
    ALL = frozenset(GUESS_SECRETS)
    CONNECT = frozenset({"GUESS-1", "GUESS-2", "GUESS-3", "GUESS-4", "GUESS-5", "GUESS-6", "GUESS-8"})
    GUESS = ALL
    READ = ALL
    LEAVE = frozenset({"GUESS-1", "GUESS-2", "GUESS-3"})
    RACE = frozenset({"GUESS-2", "GUESS-3", "GUESS-4"})
    SWEEP = frozenset({"GUESS-1", "GUESS-2", "GUESS-3", "GUESS-5"})
    FRAGMENT = frozenset({"GUESS-6"})
    STALL = frozenset({"GUESS-8"})
    ROBUST = frozenset({"GUESS-7"})
    FIND = frozenset({"GUESS-2", "GUESS-3", "GUESS-4"})

    # --- how guess writes and reads -------------------------------------------------------

    def request_for(self, text: str, data=None) -> bytes:
        raw = encode_text(text)
        return pad(raw) if len(raw) <= REQUEST_SIZE else raw[:REQUEST_SIZE]

    def describe(self, text: str) -> str:
        return describe_guess(text)

    def after_request(self, client: StreamClient) -> None:
        """Half-close once the guess is whole, so that a server that waits for EOF (a GUESS-6
        matter) is still judged on its answers; GUESS-6 itself never half-closes."""
        if self.focus not in self.framing_requirements:
            client.half_close()

    def readable(self, data: bytes) -> bool:
        """An answer of the protocol in any case and spacing (`Wrong` is one, `sbagliato` and
        `Too large!` are none): a server that gives none at all is judged at once (V-BOUNDED)."""
        return parse_lenient(data) is not None

    def reply_ready(self, client: StreamClient) -> bool:
        """The reply is whole, or can no longer become an answer (a banner, a flood of
        answers): judged at once rather than after waiting out the reply's due time."""
        data = bytes(client.received)
        return client.ended or parse_reply(data) is not None or not could_become_answer(data)

    def read_answer(self, client: StreamClient) -> Reply:
        if not client.ended and could_become_answer(bytes(client.received)):
            # A server closes after its answer: look for that end, or for more bytes that
            # show the reply is no single answer (a server that goes on sending). Once the
            # client has sent EOF the server has nothing left to wait for, so the look lasts
            # until the close comes, up to END_WAIT; a server seen to keep such a connection
            # open quietly is looked at briefly from then on, so that it does not pay END_WAIT
            # for every answer (V-BOUNDED).
            notes = self.context.session.notes
            patient = client.half_closed and not notes.get(OPEN_AFTER_EOF)
            settled = client.wait_until(
                lambda c: c.ended or not could_become_answer(bytes(c.received)), END_WAIT if patient else END_LOOK
            )
            if patient and not settled:
                notes[OPEN_AFTER_EOF] = True
        data = bytes(client.received)
        if not data and client.ended:
            return Unreadable(f"nothing: the connection was {'reset' if client.reset else 'closed'} without a reply")
        if self.focus == self.robust_requirement:
            # GUESS-7 asks whether a text that is no number is treated as a wrong guess; how
            # `wrong` is spelt is GUESS-1's matter, so `Wrong` counts as `wrong` here.
            lenient = parse_lenient(data)
            if lenient is not None:
                return lenient
        return read_reply(data)

    def may_go_unanswered(self, client: StreamClient) -> bool:
        """C-ROBUST lists a client that sends non-ASCII bytes among those that misbehave: a
        server whose `data.decode()` fails on them need not answer it, as long as it goes on
        serving the clients after it (V-LENIENT: the standard library's own behaviour)."""
        request = self.state(client).request or b""
        return self.focus == self.robust_requirement and any(b >= 0x80 for b in request)

    def probe_says_wrong(self, server) -> bool:
        try:
            client = StreamClient(server.address, "probe")
        except OSError:
            return False
        try:
            client.send(pad(str(self.given)))
            client.half_close()
            client.wait_until(lambda c: c.ended or not could_become_answer(bytes(c.received)) or parse_lenient(bytes(c.received)) is not None, REPLY_DUE)
            return parse_lenient(bytes(client.received)) is Answer.WRONG
        except OSError:
            return False
        finally:
            client.close()

    def wrong_text(self) -> str:
        return "100"  # above 99: `wrong` (or `secret found`) whatever the secret

    # --- what a client guesses ----------------------------------------------------------

    def guess_kinds(self) -> list[str]:
        if self.focus in self.ROBUST:
            # GUESS-7 judges texts that are no number before and after the find: the secret
            # is guessed in plain digits (never in a spelling int() may or may not read).
            return ["a wrong number", "a number above 99", "not a number", "a number int() reads", "not ASCII", "the secret"]
        kinds = ["the secret", "a wrong number", "the secret with leading zeros", "a number above 99"]
        if self.focus in self.FIND:
            # V-LENIENT: `+42` may find the secret or not; the found state follows the answer.
            kinds.append("the secret as int() reads it")
        return kinds

    def draw_guess(self, data) -> str:
        kind = data.draw(st.sampled_from(self.guess_kinds()), label="guess")
        secret = self.model.secret
        if kind.startswith("the secret"):
            # Which draws are made never depends on what the server answered (V-SAME:
            # Hypothesis replays draws): an index into the numbers still possible, drawn
            # whether or not the secret has been learnt by now.
            index = data.draw(st.integers(0, 99), label="a possible secret")
            if secret is None:
                possible = sorted(self.model.candidates() or SECRETS)
                secret = possible[index % len(possible)]
        if kind == "the secret":
            return str(secret)
        if kind == "the secret as int() reads it":
            return int_spelling(data.draw(st.sampled_from(SECRET_SPELLINGS), label="spelling"), secret)
        if kind == "the secret with leading zeros":
            zeros = data.draw(st.integers(1, REQUEST_SIZE - 2), label="zeros")
            return "0" * min(zeros, REQUEST_SIZE - len(str(secret))) + str(secret)
        if kind == "a wrong number":
            number = data.draw(st.integers(0, 98), label="number")
            known = self.model.secret
            return str(number + 1 if known is not None and number >= known else number)
        if kind == "a number above 99":
            return str(data.draw(st.one_of(st.integers(100, 999), st.integers(1000, 10**25 - 1)), label="number"))
        if kind == "not a number":
            template = data.draw(st.sampled_from(NON_NUMBERS), label="text")
            return template.format(s=secret if secret is not None else self.given)
        if kind == "a number int() reads":
            template = data.draw(st.sampled_from(INT_SPELLINGS), label="spelling")
            return int_spelling(template, data.draw(st.integers(100, 999), label="number"))
        return data.draw(non_ascii_requests, label="bytes").decode("latin-1")

    # --- rules ----------------------------------------------------------------------------

    @focus_in("GUESS")
    @rule(data=st.data(), wait=st.booleans())
    def guess(self, data, wait):
        """A client (new, or connected earlier and silent so far) sends its whole guess in
        one write, and perhaps waits for the answer at once."""
        text = self.draw_guess(data)  # drawn first: whether a client is picked is the steps' matter
        client = self.pick(data, self.unsent())
        if client is None:
            return
        self.send_guess(client, text)
        if wait:
            self.await_reply(client)

    @focus_in("SWEEP")
    @rule(start=st.integers(0, 99), count=st.integers(1, 100))
    def sweep(self, start, count):
        """Clients guess one number each, in turn, from ``start`` on, until one is told
        anything but `wrong`. With the secret unknown (the server ignores SECRET) the sweep
        goes over every number still possible, and so finds the server's own secret."""
        numbers = [(start + i) % 100 for i in range(100)]
        if self.model.secret is None:
            possible = self.model.candidates() or frozenset()
            numbers = [n for n in numbers if n in possible]
        else:
            numbers = numbers[:count]

        def play(number):
            if not self.can_connect():
                return None
            client = self.open_stream()
            self.send_guess(client, str(number))
            self.await_reply(client)
            self.leave_after_round([client])
            return [client]

        def summary(dull):
            first, last = dull[0][1][0], dull[-1][1][0]
            if len(dull) == 1:
                return f"{first.name} guesses {dull[0][0]} → `wrong`"
            return (
                f"clients {number_of(first)} to {number_of(last)} guess one number each, in turn: "
                f"{describe_numbers([n for n, _ in dull])}; each is told `wrong`"
            )

        self.quiet_rounds(numbers, play, summary)

    def race_unknown(self, size: int) -> None:
        """The secret is not known: every possible number in turn is guessed by ``size``
        clients at the same moment, until one is told `right`; the round of the server's own
        secret is then a race."""

        def play(number):
            if self.found_seen():
                return None
            clients = self.release_together(size, str(number))
            self.leave_after_round(clients)
            return clients

        def summary(dull):
            first, last = dull[0][1][0], dull[-1][1][-1]
            return (
                f"clients {number_of(first)} to {number_of(last)} guess {describe_numbers([n for n, _ in dull])}, "
                f"each number by {size} clients at the same moment; every one is told `wrong`"
            )

        self.quiet_rounds(sorted(self.model.candidates() or ()), play, summary)

    @focus_in("FRAGMENT")
    @rule(size=st.one_of(st.just(1), st.integers(1, REQUEST_SIZE - 1)), pause=PAUSES, data=st.data())
    def send_fragment(self, size, pause, data):
        """The next piece of a guess (`4`, then `2`, then the padding), then a look for a
        reply that must not come yet."""
        text = self.draw_guess(data)  # drawn whether or not it is needed (V-SAME)
        client = self.pick(data, self.unfinished())
        if client is None:
            return
        if not self.state(client).request:
            self.prepare(client, text, self.request_for(text))
        self.send_piece(client, size, pause)

    def send_piece(self, client: StreamClient, size: int, pause: float) -> None:
        state = self.state(client)
        piece = state.request[state.sent : state.sent + size]
        first = state.sent + 1
        self.send_part(client, piece)
        span = f"byte {first}" if len(piece) == 1 else f"bytes {first} to {state.sent}"
        if state.complete:
            self.say_send(client, f"{client.name} sends {show(piece)} ({span} of {REQUEST_SIZE}: its guess {self.describe(state.notes['text'])} is complete)")
            return
        # The pause is told with the piece it follows: one step of the client's.
        if pause >= LONG_PAUSE:
            # A long pause is the client's own (C-PATIENCE): the others go on meanwhile.
            self.say(f"{client.name} sends {show(piece)} ({span} of {REQUEST_SIZE}), and pauses {pause:g} s")
            self.defer(client, pause)
            self.watch(EARLY_REPLY_WATCH)
        else:
            self.say(f"{client.name} sends {show(piece)} ({span} of {REQUEST_SIZE})" + (f", then {pause:g} s pass" if pause else ""))
            self.watch(max(pause, EARLY_REPLY_WATCH))
        self.take_arrived()

    def closing_scenario(self) -> None:
        # The standard's own example comes first: it is a client that is answered (the
        # V-WITNESS of every example), so a server that answers it early shows it with no
        # client before it.
        self.standard_fragments()
        super().closing_scenario()

    def standard_fragments(self) -> None:
        if self.focus in self.framing_requirements and self.found is None and self.can_connect():
            # The standard's own example: `4`, `2` and the padding in three writes.
            client = self.open_stream()
            self.say(f"{client.name} connects")
            text = str(self.given)
            self.prepare(client, text, self.request_for(text))
            for size in (1, 1, REQUEST_SIZE - 2):
                self.send_piece(client, size, 0.01)
            self.await_reply(client)

    # --- V-EDGE: the cases at the edge of C-EXACT, C-PATIENCE and C-ROBUST (protocols.edges)

    def edge_last_byte_alone(self) -> None:
        self._guess_in_pieces([(REQUEST_SIZE - 1, LAST_BYTE_PAUSE), (1, 0.0)])

    def edge_first_byte_alone(self) -> None:
        self._guess_in_pieces([(1, ALONE_PAUSE), (REQUEST_SIZE - 1, 0.0)])

    def edge_longest_pauses(self) -> None:
        """C-PATIENCE at both places a guess may pause, at once: client 1 between two pieces
        (the one a server reading clients in turn reads first), client 2 before its first
        byte; each then gets its answer."""
        half = REQUEST_SIZE // 2
        pieces, before = self.connect_silent(), self.connect_silent()
        if pieces is None or before is None:
            return
        for client in (pieces, before):
            text = self.wrong_text()
            self.prepare(client, text, self.request_for(text))
        self.send_piece(pieces, half, PATIENCE)
        self.say(f"{before.name} pauses {PATIENCE:g} s before its first byte")
        self.defer(before, PATIENCE)
        for client in (pieces, before):
            if self.found is None:
                self.send_piece(client, REQUEST_SIZE - self.state(client).sent, 0.0)
        for client in (pieces, before):
            if self.found is None:
                self._answer_to_pieces(client)

    def _answer_to_pieces(self, client: StreamClient) -> None:
        """C-EXACT and C-PATIENCE: a guess sent in pieces (with pauses) is answered; a
        connection closed without an answer is this check's failure (the answer that never
        came), not a wrong answer."""
        client.wait_until(lambda c: self.reply_ready(c), self.due_within())
        if client.ended and not client.received and self.reply_due(client):
            self.say(f"{client.name} waits for its reply")
            expected = f"a reply within {REPLY_DUE:g} s of the request's last byte"
            self.violation(self.focus, expected, "the connection closed without a reply" + self.server_gone())
            self.state(client).replied = True
            self.done_with(client)
            return
        self.await_reply(client)

    def _guess_in_pieces(self, pieces: list[tuple[int, float]]) -> None:
        """A client sends a wrong guess in ``pieces`` (size, then the pause after it, watched
        for a reply that must not come), and waits for the answer."""
        client = self.connect_silent()
        if client is None:
            return
        text = self.wrong_text()
        self.prepare(client, text, self.request_for(text))
        for size, pause in pieces:
            if self.found is not None:
                return
            self.send_piece(client, size, pause)
        if self.found is None:
            self._answer_to_pieces(client)

    def edge_closes_at_once(self) -> None:
        self.connect_and_leave("closes at once")

    def edge_resets(self) -> None:
        self.connect_and_leave("resets the connection")

    def edge_part_then_leaves(self) -> None:
        self.send_part_and_leave(REQUEST_SIZE // 2, False)

    def edge_non_ascii(self) -> None:
        client = self.connect_silent()
        if client is None:
            return
        self.send_guess(client, bytes(range(0x80, 0x80 + REQUEST_SIZE)).decode("latin-1"))
        self.await_reply(client)
        self.done_with(client)
        self.still_serves()

    # --- V-EDGE: GUESS-5 at the edge of equality: the numbers next to SECRET

    def edge_one_below_the_secret(self) -> None:
        self._guess_next_to_the_secret(-1)

    def edge_one_above_the_secret(self) -> None:
        self._guess_next_to_the_secret(+1)

    def _guess_next_to_the_secret(self, step: int) -> None:
        """A client guesses the number next to SECRET before the secret is found: `wrong` is
        due, since the secret is SECRET (GUESS-5). Skipped when that number is outside 0..99
        or the secret is found already."""
        number = self.given + step
        if not 0 <= number <= 99 or self.model.found:
            return
        client = self.connect_silent()
        if client is None:
            return
        self.send_guess(client, str(number))
        self.await_reply(client)
        self.done_with(client)

    # --- V-EDGE: GUESS-7 after the find: a guess that is no number gets `secret found`

    def edge_not_a_number_after_the_find(self) -> None:
        """Client 1 guesses the secret (the one SECRET gives, or the one the model has learnt);
        once it got `right`, client 2 sends a text that is no number: `secret found` is due,
        not `wrong`. A server that ignores SECRET and has not been found out is left alone."""
        secret = self.model.secret if self.model.secret is not None else self.given
        finder = self.connect_silent()
        if finder is None:
            return
        self.send_guess(finder, str(secret))
        self.await_reply(finder)
        self.done_with(finder)
        if self.found is not None or not self.model.found:
            return
        client = self.connect_silent()
        if client is None:
            return
        self.send_guess(client, NOT_A_NUMBER)
        self.await_reply(client)
        self.done_with(client)

    # --- V-EDGE: C-CONC (GUESS-8): a stalled client connected first, then one that guesses

    def edge_silent_then_one_asks(self) -> None:
        self._guesses_while_stalled(0)

    def edge_half_then_one_asks(self) -> None:
        self._guesses_while_stalled(CONC_PART)

    def _guesses_while_stalled(self, part: int) -> None:
        """Client 1 connects and sends nothing, or the first ``part`` bytes of a guess, and
        stops; client 2 guesses, and its answer is due at once under GUESS-8. Client 1
        completes its guess at the end of the example, as every client does."""
        self.stall(part)
        if self.found is None:
            self.still_serves()

    @focus_in("STALL")
    @rule(size=st.integers(0, REQUEST_SIZE - 1))
    def stall(self, size):
        """A client that sends part of a guess (or nothing) and then waits, silent."""
        if not self.can_connect():
            return
        client = self.open_stream()
        text = self.wrong_text()
        self.prepare(client, text, self.request_for(text))
        if size:
            piece = self.state(client).request[:size]
            self.send_part(client, piece)
            self.say(f"{client.name} connects, sends {show(piece)} ({size} of {REQUEST_SIZE} bytes) and waits")
        else:
            self.say(f"{client.name} connects and sends nothing")

    @focus_in("ROBUST")
    @rule(how=st.sampled_from(["closes at once", "resets the connection"]))
    def connect_and_leave(self, how):
        if not self.can_connect():
            return
        client = self.open_stream()
        (client.close if how == "closes at once" else client.abort)()
        self.state(client).connected = False
        self.say(f"{client.name} connects and {how}")
        self.still_serves()

    @focus_in("ROBUST")
    @rule(size=st.integers(1, REQUEST_SIZE - 1), reset=st.booleans())
    def send_part_and_leave(self, size, reset):
        if not self.can_connect():
            return
        client = self.open_stream()
        piece = ABANDONED_REQUEST[:size]
        client.send(piece)
        (client.abort if reset else client.close)()
        self.state(client).connected = False
        how = "resets the connection" if reset else "disconnects"
        self.say(f"{client.name} sends {show(piece)} ({size} of {REQUEST_SIZE} bytes) and {how}")
        self.still_serves()


_ANSWERS = tuple(a.value.encode() for a in Answer)


def could_become_answer(data: bytes) -> bool:
    """Whether more bytes could still make ``data`` one answer followed by white space, read
    as generously as ``parse_lenient`` (any case, white space around it)."""
    text = data.lstrip(REPLY_PADDING).lower()
    for answer in _ANSWERS:
        if answer.startswith(text):
            return True
        if text.startswith(answer) and not text[len(answer):].strip(REPLY_PADDING):
            return True
    return False


def parse_lenient(data: bytes) -> Answer | None:
    """A reply read generously (any case, any white space): only to learn whether a server
    honours SECRET, never to judge it."""
    text = reply_text(data).strip().lower()
    return next((a for a in Answer if a.value.encode() == text), None)


# A fresh server per example costs a start and a stop (about 0.1 s on an idle machine);
# every example also ends with its requirement's own closing scenario (the find as a race,
# SECRET asked, a client served after misbehaving ones), so ten examples or fewer suffice.
GUESS_WEIGHTS = {"GUESS-5": 0.3, "GUESS-7": 0.4, "GUESS-8": 0.3}

# V-WITNESS: what each check must have seen; elsewhere, an answer at all.
GUESS_WITNESSES = {"GUESS-1": "wrong", "GUESS-2": "right", "GUESS-3": "right", "GUESS-4": "right", "GUESS-5": "right", "GUESS-7": "robust"}

GUESS_CHECKS = {
    req: Check(
        req,
        machine=GuessMachine,
        fresh_server=True,
        env={"SECRET": str(secret)},
        weight=GUESS_WEIGHTS.get(req, 0.5),
        witness=GUESS_WITNESSES.get(req, "answer"),
    )
    for req, secret in GUESS_SECRETS.items()
}

PROTOCOL_CHECKS = {"guess": GUESS_CHECKS}

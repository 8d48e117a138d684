"""The swap model, judged in memory (no sockets).

Three kinds of evidence:
- histories written out by hand: each legal one accepted, each illegal one flagged with the
  requirement it breaks and a message that names the clients;
- a simulated correct server (FIFO queue, lazy pairing, arrivals and closes seen in any
  order until the driver settles) whose every history the model accepts, and mutations of
  those histories that no correct server produces;
- an exhaustive search over every schedule of a correct server, which must agree with the
  model's fairness judgement (SWAP-5, SWAP-6) on random small histories, first flagged
  observation included.
"""

from __future__ import annotations

import string
from dataclasses import dataclass, field

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from protocols.framing import pad
from protocols.swap import MESSAGE_SIZE, SWAP, SwapModel, Violation


def message(name: str) -> bytes:
    """A distinct message per client; its first byte already names the sender."""
    return pad(f"{name} says hello")


class Script:
    """A driver in miniature: every call is one observation, 10 ms after the previous one."""

    def __init__(self, *names: str, **options) -> None:
        self.model = SwapModel(**options)
        self.t = 0.0
        self.found: list[Violation] = []
        for name in names:
            self.connect(name)

    def tick(self, seconds: float = 0.01) -> float:
        self.t += seconds
        return self.t

    def _note(self, result):
        if result is not None:
            self.found.append(result)
        return result

    def connect(self, *names):
        for name in names:
            self._note(self.model.connected(name, self.tick()))
        return self

    def send(self, *names, fragments: int = 1):
        for name in names:
            data = message(name)
            cuts = [round(i * MESSAGE_SIZE / fragments) for i in range(fragments + 1)]
            for a, b in zip(cuts, cuts[1:]):
                self._note(self.model.wrote(name, data[a:b], self.tick()))
        return self

    def write(self, name, data: bytes):
        self._note(self.model.wrote(name, data, self.tick()))
        return self

    def settle(self):
        self._note(self.model.settle(self.tick()))
        return self

    def close(self, name):
        self._note(self.model.disconnected(name, self.tick()))
        return self

    def recv(self, name, data):
        if isinstance(data, str):
            data = message(data)
        self._note(self.model.received(name, data, self.tick()))
        return self

    def eof(self, name):
        self._note(self.model.eof(name, self.tick()))
        return self

    def reset(self, name):
        self._note(self.model.reset(name, self.tick()))
        return self

    def swap(self, a, b):
        return self.recv(a, b).recv(b, a).eof(a).eof(b)

    def wait(self, seconds):
        self.tick(seconds)
        self._note(self.model.overdue(self.t))
        return self

    @property
    def violation(self) -> Violation | None:
        return self.model.violation

    def ok(self):
        assert self.violation is None, str(self.violation)
        return self

    def flags(self, requirement: str, *words: str, also: tuple[str, ...] = ()) -> Violation:
        v = self.violation
        assert v is not None, f"expected {requirement}, nothing was flagged"
        assert v.id == requirement, str(v)
        assert v.also == also, str(v)
        for word in words:
            assert word in v.message, f"{word!r} not in {v.message!r}"
        assert self.found and self.found[0] is v  # reported when it was observed, once
        return v


# -- the model and the standard agree on what they name ---------------------------------------


def test_every_id_the_model_names_is_a_swap_requirement():
    import inspect

    import protocols.swap as module

    source = inspect.getsource(module)
    named = {f"SWAP-{n}" for n in range(1, 20) if f'"SWAP-{n}"' in source}
    assert named <= set(SWAP.ids)
    assert {"SWAP-1", "SWAP-2", "SWAP-3", "SWAP-4", "SWAP-5", "SWAP-6", "SWAP-7", "SWAP-9"} <= named


# -- legal histories ------------------------------------------------------------------------


def test_two_clients_swap():
    s = Script("A", "B").send("A").settle().send("B").swap("A", "B").ok()
    assert s.model.pairs() == {frozenset("AB")}
    assert s.model.due() == ()


def test_bytes_may_arrive_one_at_a_time_and_the_swap_in_any_order():
    s = Script("A", "B").send("A", "B")
    for byte in message("A"):
        s.recv("B", bytes([byte]))
    s.eof("B").recv("A", "B").eof("A").ok()


@pytest.mark.parametrize("pair", ["AB", "AC", "BC"])
def test_simultaneous_completions_may_pair_any_two(pair):
    """Three messages completed with no settle between them: any arrival order is possible."""
    s = Script("A", "B", "C").send("A", "B", "C")
    s.swap(*pair).ok()


@pytest.mark.parametrize("partner", ["B", "C"])
def test_a_waiting_client_pairs_with_either_of_two_simultaneous_newcomers(partner):
    Script("A", "B", "C").send("A").settle().send("B", "C").swap("A", partner).ok()


def test_pairing_may_be_lazy_and_pairs_may_be_seen_in_any_order():
    s = Script(*"ABCDE")
    for name in "ABCDE":
        s.send(name).settle()
    s.swap("C", "D").swap("A", "B").ok()  # a matchmaker paired (A,B), (C,D) in one go
    assert s.model.partners("E") == frozenset()


def test_a_fragmented_message_counts_when_its_last_byte_is_written():
    s = Script("A", "B", "C")
    s.send("A").settle()
    s.write("B", message("B")[:5]).settle()  # B started first...
    s.send("C").settle()  # ...but C completed first: C pairs with A
    s.write("B", message("B")[5:]).settle()
    s.swap("A", "C").ok()


def test_a_closed_waiter_is_dropped_and_the_next_two_pair():
    Script("A", "B", "C").send("A").settle().close("A").settle().send("B").settle().send("C").swap("B", "C").ok()


@pytest.mark.parametrize("partner", ["A", "C"])
def test_a_close_racing_a_completion_may_go_either_way(partner):
    """A closes while B's message arrives: the server may have paired them already."""
    s = Script("A", "B", "C").send("A").settle()
    s.send("B").close("A").settle().send("C").settle()
    if partner == "A":
        s.recv("B", "A").eof("B").ok()
    else:
        s.swap("B", "C").ok()


@pytest.mark.parametrize("partner", ["A", "C"])
def test_a_lazy_server_may_have_paired_a_waiter_before_it_closed(partner):
    """A and B both waited (a matchmaker had not run yet) when A closed."""
    s = Script("A", "B", "C").send("A").settle().send("B").settle().close("A").settle().send("C").settle()
    if partner == "A":
        s.recv("B", "A").eof("B").ok()
    else:
        s.swap("B", "C").ok()


def test_a_paired_client_that_closes_leaves_its_partner_served():
    Script("A", "B").send("A", "B").recv("A", "B").close("A").recv("B", "A").eof("B").ok()


def test_the_server_may_close_a_client_that_never_sent_its_message():
    Script("A", "B", "C").write("A", b"half").eof("A").send("B").settle().send("C").swap("B", "C").ok()


def test_a_client_with_a_non_ascii_message_may_be_dropped():
    s = Script("A", "B", "C")
    s.write("A", bytes(range(200, 225))).settle().eof("A").settle()
    s.send("B").settle().send("C").swap("B", "C").ok()


def test_no_settle_means_every_order_of_a_burst_is_accepted():
    s = Script(*"ABCDEF").send(*"ABCDEF")
    s.swap("F", "A").swap("C", "E").swap("D", "B").ok()


# -- SWAP-2: self-delivery, invention, more than one message --------------------------------


def test_own_message_back():
    Script("A", "B").send("A", "B").recv("A", "A").flags("SWAP-2", "client A received its own message")


def test_own_message_back_to_a_client_alone_also_breaks_swap_4():
    s = Script("A").send("A").recv("A", "A")
    s.flags("SWAP-2", "alone receives nothing", also=("SWAP-4",))


def test_bytes_no_client_sent():
    Script("A", "B").send("A", "B").recv("A", b"\x00" * 25).flags("SWAP-2", "which no client sent")


def test_bytes_to_a_client_alone():
    s = Script("A").send("A").recv("A", b"hello")
    s.flags("SWAP-2", also=("SWAP-4",))


def test_the_partners_message_twice():
    s = Script("A", "B").send("A", "B").recv("A", message("B") * 2)
    s.flags("SWAP-2", "received 50 bytes", "client B's message")


def test_a_second_message_in_a_later_read():
    s = Script("A", "B").send("A", "B").recv("A", "B").recv("A", b"x")
    s.flags("SWAP-2", "26 bytes")


# -- SWAP-1: exactly the partner's 25 bytes -------------------------------------------------


def test_a_truncated_message():
    s = Script("A", "B").send("A", "B").recv("A", message("B")[:10]).eof("A")
    s.flags("SWAP-1", "only 10 of the 25 bytes", "client B's")


def test_a_corrupted_message():
    bad = message("B")[:3] + b"X" + message("B")[4:]
    Script("A", "B").send("A", "B").recv("A", bad).flags("SWAP-1", "differ at byte 4")


def test_a_message_corrupted_after_its_sender_was_recognised():
    s = Script("A", "B").send("A", "B").recv("A", message("B")[:3]).recv("A", b"X")
    s.flags("SWAP-1", "client B's message")


def test_the_rest_of_a_message_is_due_within_2_s():
    s = Script("A", "B").send("A", "B").recv("A", message("B")[:5]).wait(2.2)
    s.flags("SWAP-1", "only 5 of the 25 bytes")


# -- SWAP-3: a matching ---------------------------------------------------------------------


def test_one_message_reaches_two_clients():
    s = Script("A", "B", "C").send("A").settle().send("B", "C").recv("B", "A").recv("C", "A")
    s.flags("SWAP-3", "client C received client A's message", "already reached client B")


def test_a_paired_client_receives_a_third_clients_message():
    s = Script("A", "B", "C").send("A").settle().send("B", "C").recv("B", "A").recv("A", "C")
    s.flags("SWAP-3", "client A received client C's message", "client B had received client A's message")


def test_a_client_whose_message_was_taken_is_closed_without_its_partners():
    s = Script("A", "B").send("A", "B").recv("B", "A").eof("A")
    s.flags("SWAP-3", "closed client A's connection", "client B had received client A's message")


def test_the_other_half_of_a_swap_is_due_within_2_s():
    s = Script("A", "B").send("A", "B").recv("B", "A").eof("B").wait(2.2)
    s.flags("SWAP-3", "client B received client A's message", "client A has received nothing")


def test_the_swap_is_not_due_if_the_partner_closed():
    Script("A", "B").send("A", "B").close("A").recv("B", "A").eof("B").wait(3).ok()


# -- SWAP-4: liveness, and a client alone receives nothing ------------------------------------


def test_two_waiting_clients_are_owed_a_pair_within_2_s():
    s = Script("A", "B").send("A").settle().send("B")
    due = s.model.pair_due()
    assert due is not None and due.clients == frozenset("AB") and due.deadline == pytest.approx(due.since + 2)
    s.wait(1.5).ok().wait(0.8)
    s.flags("SWAP-4", "client A and client B sent their messages", "within 2 s")


def test_a_pair_meets_the_debt_and_the_next_is_owed_from_then():
    s = Script("A", "B", "C", "D").send("A", "B", "C", "D").wait(1.5)
    s.swap("A", "B").wait(1.5).ok()
    assert s.model.pair_due().clients == frozenset("CD")
    s.wait(1.0).flags("SWAP-4", "client C and client D")


def test_a_client_alone_is_owed_nothing():
    s = Script("A", "B").send("A").wait(10).ok()
    assert s.model.pair_due() is None
    assert s.model.cannot_receive() == frozenset("AB")
    s.send("B")
    assert s.model.cannot_receive() == frozenset()
    assert s.model.partners("A") == {"B"} and s.model.partners("B") == {"A"}


def test_a_waiting_client_closed_by_the_server():
    s = Script("A", "B").send("A").settle().eof("A")
    s.flags("SWAP-4", "closed client A's connection while client A waited")


def test_an_overdue_pair_is_found_by_the_next_observation_too():
    s = Script("A", "B").send("A", "B")
    s.tick(3)
    s.connect("C")
    s.flags("SWAP-4", "waited 3.0 s")
    assert s.violation.at == pytest.approx(2.04)  # when it fell due, not when it was noticed


# -- SWAP-9 and SWAP-4: a silent client ---------------------------------------------------


def test_a_silent_client_on_its_turn_keeps_two_ready_ones_apart():
    """A server serving clients in connection order is stuck on S: only C-CONC forbids it."""
    s = Script("S", "A", "B").write("S", b"Hi").send("A").settle().send("B").wait(2.5)
    s.flags("SWAP-9", "client S, connected before client B", "concurrently")


def test_a_silent_client_between_the_ready_ones_has_its_turn_too():
    s = Script("A", "S", "B").send("A").settle().send("B").wait(2.5)
    s.flags("SWAP-9", "client S, connected before client B")


def test_a_silent_client_connected_after_the_ready_ones_excuses_nothing():
    s = Script("A", "B", "S").send("A").settle().send("B").wait(2.5)
    s.flags("SWAP-4", "client S, connected later", also=("SWAP-9",))


# -- SWAP-5: first come, first served by full arrival -----------------------------------------


def test_lifo_pairs_the_two_latest():
    s = Script("A", "B", "C").send("A").settle().send("B").settle().send("C").settle().recv("B", "C")
    s.flags("SWAP-5", "client B received client C's message", "could only be paired with client A")


def test_connection_order_forced_by_a_silent_earlier_client_is_not_unfair():
    """A, connected first, completes after B and C: outside C-CONC a pair is due only once A
    has sent, so a server that reads clients in connection order may pair A with B (holding
    B and C apart meanwhile is SWAP-9's failure alone)."""
    for receiver, sender in (("B", "A"), ("A", "B")):
        s = Script("A", "B", "C").write("A", message("A")[:5]).settle()
        s.send("B").settle().send("C").settle().write("A", message("A")[5:]).settle()
        s.recv(receiver, sender).recv(sender, receiver).ok()
        s.connect("D").send("D").settle().recv("C", "D").recv("D", "C").ok()


def test_after_a_served_pair_both_readings_are_accepted_and_nothing_else():
    """C, connected before D and E, completes after them: the pair is D-E (by arrival) or
    C with one of them (in connection order, all three ready once C has sent)."""
    for pair, fair in ((("D", "E"), True), (("C", "D"), True), (("A", "C"), False)):
        s = Script("A", "B", "C", "D").send("A").settle().send("B").settle()
        if fair:
            s.recv("A", "B").recv("B", "A").ok()
        s.write("C", message("C")[:5]).settle().send("D").settle()
        s.connect("E").send("E").settle().write("C", message("C")[5:]).settle()
        s.recv(*pair)
        if fair:
            s.ok()
        else:
            s.flags("SWAP-5")


def test_a_pair_formed_while_an_earlier_client_is_silent_is_judged_by_arrival():
    """The server did not wait for the silent S, so it is not reading in connection order:
    B and C paired while A waited is unfair."""
    s = Script("S", "A", "B", "C").write("S", b"Hi").send("A").settle().send("B").settle().send("C").settle()
    s.recv("B", "C")
    s.flags("SWAP-5", "client B received client C's message", "could only be paired with client A")


def test_fair_and_must_level_partners():
    s = Script("A", "B", "C").send("A").settle().send("B").settle().send("C").settle()
    assert s.model.partners("A") == {"B"} and s.model.partners("C") == frozenset()
    assert s.model.partners("C", fair=False) == {"A", "B"}
    s.close("A").settle()  # a lazy server may have paired A and B before A left, or not
    assert s.model.partners("B") == {"A", "C"}


def test_deliveries_owed_after_a_pair_is_revealed():
    s = Script("A", "B").send("A", "B").recv("A", message("B")[:3])
    owed = {d.kind: d for d in s.model.due()}
    assert owed["delivery"].clients in ({"A"}, {"B"})
    assert {d.id for d in s.model.due()} == {"SWAP-1", "SWAP-3"}
    s.recv("A", message("B")[3:]).recv("B", "A")
    assert s.model.due() == ()


def test_pairs_seen_in_reverse_order_are_still_judged():
    s = Script(*"ABCD")
    for name in "ABCD":
        s.send(name).settle()
    s.recv("C", "B")
    s.flags("SWAP-5")


def test_a_latecomer_cannot_jump_ahead_of_a_pair_already_formed():
    """W waits; B, C, E arrive together and B-C are seen paired, so W's partner is E (the one
    of them not paired); D completes after that pair was seen and cannot be W's partner."""
    s = Script("W", "B", "C", "E", "D").send("W").settle().send("B", "C", "E").recv("B", "C")
    s.ok().send("D").recv("W", "D")
    s.flags("SWAP-5", "could only be paired with client E")


def test_an_even_boundary_is_not_crossed():
    s = Script(*"ABCD").send("A", "B").settle().send("C", "D").settle().recv("B", "C")
    s.flags("SWAP-5")


# -- SWAP-6: a closed waiter is never paired ------------------------------------------------


def test_pairing_a_closed_waiter():
    s = Script("A", "B").send("A").settle().close("A").settle().send("B").recv("B", "A")
    s.flags("SWAP-6", "client A had closed its connection before client B's message arrived")


def test_a_closed_waiter_betrayed_by_a_later_pair():
    """The server paired (A, B) with A closed; the model sees (C, D) first, which is fair only
    if A was still in the queue."""
    s = Script(*"ABCD").send("A").settle().close("A").settle()
    for name in "BCD":
        s.send(name).settle()
    s.recv("C", "D")
    s.flags("SWAP-6", "paired client A after client A had disconnected")


def test_a_closed_waiter_paired_out_of_turn_breaks_both():
    """C gets the closed A's message: unfair even if A counted as waiting (B came first)."""
    s = Script(*"ABC").send("A").settle().close("A").settle().send("B").settle().send("C").settle()
    s.recv("C", "A")
    s.flags("SWAP-6", "could only be paired with client B", "disconnected", also=("SWAP-5",))


def test_both_broken_at_once():
    s = Script(*"ABCDE").send("A").settle().send("B").settle().close("A").settle()
    s.send("C").settle().send("D").settle().send("E").settle().recv("E", "A")
    s.flags("SWAP-6", "never does", also=("SWAP-5",))


# -- SWAP-7: exactly 25 bytes, however they are split -------------------------------------


def test_an_answer_before_the_whole_message():
    s = Script("A", "B").send("A").settle().write("B", message("B")[:10]).recv("B", "A")
    s.flags("SWAP-7", "client B received", "before it had sent its whole message (10 of 25 bytes)")


def test_part_of_a_message_passed_on():
    s = Script("A", "B").send("A").settle().write("B", message("B")[:10]).recv("A", message("B")[:10])
    s.flags("SWAP-7", "part of client B's message", "10 of its 25 bytes")


def test_a_first_write_taken_for_the_whole_message():
    s = Script("A", "B").send("A", fragments=3).settle().send("B")
    first = message("A")[:8]
    s.recv("B", first).eof("B")
    s.flags("SWAP-7", "only the first 8 bytes of client A's message", "3 writes")


def test_a_reset_after_a_fragmented_message():
    s = Script("A", "B").send("A", fragments=2).settle().send("B").recv("A", "B").reset("A")
    s.flags("SWAP-7", "reset client A's connection", "2 writes")


def test_a_reset_after_a_whole_message_is_like_an_eof():
    Script("A", "B").send("A", "B").swap("A", "B").ok()
    Script("A", "B").send("A", "B").recv("A", "B").reset("A").recv("B", "A").eof("B").ok()


def test_a_sender_recognised_only_after_it_completed_had_its_bytes_passed_on_early():
    s = Script("A", "AB", "AC").send("A").settle()
    s.write("AB", message("AB")[:10]).send("AC")
    s.recv("A", b"A").ok()  # fits AC's message (complete) and AB's (being written): wait
    s.write("AB", message("AB")[10:]).recv("A", message("AB")[1:])
    s.flags("SWAP-7", "before client AB had sent all of it")


# -- driver mistakes are errors, not verdicts ---------------------------------------------


def test_driver_mistakes_raise():
    m = SwapModel()
    m.connected("A", 0)
    with pytest.raises(ValueError):
        m.connected("A", 0)
    with pytest.raises(ValueError):
        m.sent("A", b"short", 0)
    with pytest.raises(ValueError):
        m.received("B", b"x", 0)
    m.sent("A", message("A"), 0)
    m.connected("B", 0)
    with pytest.raises(ValueError):
        m.sent("B", message("A"), 0)  # messages identify their senders
    with pytest.raises(ValueError):
        m.wrote("A", b"x", 0)  # a 26th byte
    m.disconnected("A", 1)
    with pytest.raises(ValueError):
        m.received("A", b"x", 1)


def test_after_the_first_violation_the_model_stops_judging():
    s = Script("A", "B").send("A", "B").recv("A", "A")
    first = s.violation
    assert s.model.received("B", message("B"), s.tick()) is None
    assert s.model.overdue(s.t + 100) is None
    assert s.model.due() == () and s.violation is first


# =============================================================================================
# A simulated correct server
# =============================================================================================


@dataclass
class SimClient:
    name: str
    data: bytes
    written: int = 0
    closed: bool = False
    ended: bool = False
    received: int = 0
    inbox: bytes | None = None  # the partner's message, once paired

    @property
    def complete(self) -> bool:
        return self.written == MESSAGE_SIZE


@dataclass
class CorrectServer:
    """A correct swap server with every freedom the standard leaves it: it reads completed
    messages late and in any order, sees closes late, and pairs whenever it likes."""

    pending: list = field(default_factory=list)  # completed, not yet read
    queue: list = field(default_factory=list)  # read, unpaired, not known closed
    unseen_closes: set = field(default_factory=set)

    def steps(self, clients) -> list:
        options = [("read", n) for n in self.pending]
        options += [("see_close", n) for n in self.unseen_closes if n not in self.pending]
        if len(self.queue) >= 2:
            options.append(("pair", None))
        return options

    def step(self, option, clients) -> None:
        kind, name = option
        if kind == "read":
            self.pending.remove(name)
            self.queue.append(name)
        elif kind == "see_close":
            self.unseen_closes.discard(name)
            if name in self.queue:
                self.queue.remove(name)
        else:
            a, b = self.queue[:2]
            del self.queue[:2]
            clients[a].inbox, clients[b].inbox = clients[b].data, clients[a].data


class Simulation:
    def __init__(self, draw) -> None:
        self.draw = draw
        self.script = Script()
        self.server = CorrectServer()
        self.clients: dict[str, SimClient] = {}

    def names(self, predicate) -> list[str]:
        return [n for n, c in self.clients.items() if predicate(c)]

    def pick(self, names):
        return self.draw(st.sampled_from(sorted(names)))

    def server_step(self) -> None:
        options = self.server.steps(self.clients)
        if options:
            self.server.step(self.draw(st.sampled_from(options)), self.clients)

    def settle(self) -> None:
        while self.server.pending or self.server.unseen_closes:
            options = self.server.steps(self.clients)
            self.server.step(self.draw(st.sampled_from(options)), self.clients)
        self.script.settle()

    def act(self, action: str) -> None:
        s = self.script
        if action == "connect" and len(self.clients) < 16:
            name = string.ascii_uppercase[len(self.clients)]
            self.clients[name] = SimClient(name, message(name))
            s.connect(name)
        elif action in ("write", "send"):
            names = self.names(lambda c: not c.complete and not c.closed)
            if names:
                c = self.clients[self.pick(names)]
                whole = action == "send" or self.draw(st.booleans())
                size = MESSAGE_SIZE - c.written if whole else self.draw(st.integers(1, MESSAGE_SIZE - c.written))
                s.write(c.name, c.data[c.written : c.written + size])
                c.written += size
                if c.complete:
                    self.server.pending.append(c.name)
        elif action == "close":
            names = self.names(lambda c: not c.closed and not c.ended and c.received in (0, MESSAGE_SIZE))
            if names:
                c = self.clients[self.pick(names)]
                c.closed = True
                s.close(c.name)
                if c.complete:
                    self.server.unseen_closes.add(c.name)
        elif action == "deliver":
            names = self.names(lambda c: c.inbox is not None and not c.closed and c.received < MESSAGE_SIZE)
            if names:
                c = self.clients[self.pick(names)]
                if c.received == 0:
                    sender = next(n for n, o in self.clients.items() if o.data == c.inbox)
                    assert sender in s.model.partners(c.name), (c.name, sender)
                    assert c.name not in s.model.cannot_receive()
                rest = MESSAGE_SIZE - c.received
                size = rest if self.draw(st.booleans()) else self.draw(st.integers(1, rest))
                s.recv(c.name, c.inbox[c.received : c.received + size])
                c.received += size
        elif action == "end":
            names = self.names(lambda c: c.received == MESSAGE_SIZE and not c.closed and not c.ended)
            if names:
                c = self.clients[self.pick(names)]
                c.ended = True
                s.eof(c.name)
        elif action == "server":
            self.server_step()
        elif action == "settle":
            self.settle()


ACTIONS = st.sampled_from(
    ["connect"] * 3 + ["send"] * 3 + ["write", "close", "end", "server", "settle"] + ["deliver"] * 3
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_a_correct_server_is_never_accused(data):
    sim = Simulation(data.draw)
    for action in data.draw(st.lists(ACTIONS, min_size=20, max_size=100)):
        sim.act(action)
        sim.script.ok()
    sim.script.wait(1.0).ok()  # 10 ms per step and a second of quiet: nothing overdue yet


def _played(data) -> Simulation:
    sim = Simulation(data.draw)
    for action in data.draw(st.lists(ACTIONS, min_size=20, max_size=80)):
        sim.act(action)
    sim.script.ok()
    return sim


@settings(max_examples=150, deadline=None)
@given(st.data())
def test_a_waiting_client_given_its_own_message_is_flagged(data):
    sim = _played(data)
    waiting = sim.names(lambda c: c.complete and not c.closed and not c.ended and c.received == 0)
    if waiting:
        name = sim.pick(waiting)
        sim.script.recv(name, name)
        v = sim.script.flags("SWAP-2", "its own message", also=sim.script.violation.also)
        assert set(v.also) <= {"SWAP-4"}


@settings(max_examples=150, deadline=None)
@given(st.data())
def test_a_delivered_message_given_to_a_second_client_is_flagged(data):
    sim = _played(data)
    served = [(n, c) for n, c in sim.clients.items() if c.received == MESSAGE_SIZE]
    if not served:
        return
    receiver, c = sim.draw(st.sampled_from(served))
    sender = next(n for n, o in sim.clients.items() if o.data == c.inbox)
    others = sim.names(
        lambda o: o.complete and not o.closed and not o.ended and o.received == 0 and o.name not in (receiver, sender)
    )
    if others:
        sim.script.recv(sim.pick(others), sender)
        sim.script.flags("SWAP-3", "already reached")


@settings(max_examples=150, deadline=None)
@given(st.data())
def test_a_second_message_is_flagged(data):
    sim = _played(data)
    served = sim.names(lambda c: c.received == MESSAGE_SIZE and not c.closed and not c.ended)
    if served:
        sim.script.recv(sim.pick(served), b"!")
        sim.script.flags("SWAP-2", "26 bytes")


# =============================================================================================
# Exhaustive search: the fairness judgement is exactly "some correct schedule exists"
# =============================================================================================


def _closure(states, fifo: bool, drop_closed: bool):
    """Every server state reachable by internal steps (read, see a close, pair)."""
    seen = set(states)
    todo = list(states)
    while todo:
        pending, queue, unseen, pairs = todo.pop()
        nexts = []
        for p in pending:
            nexts.append((pending - {p}, queue + (p,), unseen, pairs))
        for d in unseen - pending:
            q = tuple(x for x in queue if x != d) if drop_closed else queue
            nexts.append((pending, q, unseen - {d}, pairs))
        if len(queue) >= 2:
            couples = [(0, 1)] if fifo else [(i, j) for i in range(len(queue)) for j in range(i + 1, len(queue))]
            for i, j in couples:
                rest = tuple(x for k, x in enumerate(queue) if k not in (i, j))
                nexts.append((pending, rest, unseen, pairs | {frozenset((queue[i], queue[j]))}))
        for state in nexts:
            if state not in seen:
                seen.add(state)
                todo.append(state)
    return seen


def oracle(events, fifo=True, drop_closed=True) -> int | None:
    """Index of the first event no such server's schedule explains, or None."""
    states = {(frozenset(), (), frozenset(), frozenset())}
    for index, (kind, *args) in enumerate(events):
        if kind == "complete":
            states = {(p | {args[0]}, q, u, pr) for p, q, u, pr in states}
        elif kind == "close":
            (name,) = args
            states = {
                (p, q, u | {name} if (name in p or name in q) else u, pr)
                for p, q, u, pr in states
            }
        elif kind == "settle":
            states = {s for s in _closure(states, fifo, drop_closed) if not s[0] and not s[2]}
        elif kind == "pair":
            pair = frozenset(args)
            states = {s for s in _closure(states, fifo, drop_closed) if pair in s[3]}
        if not states:
            return index
    return None


@st.composite
def small_histories(draw):
    """Completions, closes of waiting clients, settles and revealed pairs, among 6 clients;
    every revealed pair is between completed clients not already revealed paired."""
    events, completed, closed, paired = [], [], set(), set()
    names = iter("ABCDEF")
    for _ in range(draw(st.integers(1, 16))):
        kind = draw(st.sampled_from(["complete", "complete", "close", "settle", "settle", "pair", "pair"]))
        if kind == "complete":
            name = next(names, None)
            if name:
                completed.append(name)
                events.append(("complete", name))
        elif kind == "close":
            open_waiting = [n for n in completed if n not in closed and n not in paired]
            if open_waiting:
                name = draw(st.sampled_from(open_waiting))
                closed.add(name)
                events.append(("close", name))
        elif kind == "settle":
            events.append(("settle",))
        else:
            free = [n for n in completed if n not in paired]
            if len(free) >= 2:
                a, b = draw(st.lists(st.sampled_from(free), min_size=2, max_size=2, unique=True))
                if a in closed and b in closed:
                    continue
                paired |= {a, b}
                events.append(("pair", a, b))
    return events


def feed(events) -> tuple[SwapModel, int | None]:
    """Play the events to the model; a pair is revealed by a client that is still open."""
    model, t, closed = SwapModel(), 0.0, set()
    for index, (kind, *args) in enumerate(events):
        t += 0.001
        if kind == "complete":
            model.connected(args[0], t)
            model.sent(args[0], message(args[0]), t)
        elif kind == "close":
            closed.add(args[0])
            model.disconnected(args[0], t)
        elif kind == "settle":
            model.settle(t)
        else:
            a, b = args
            receiver, sender = (a, b) if a not in closed else (b, a)
            model.received(receiver, message(sender), t)
        if model.violation:
            return model, index
    return model, None


@settings(max_examples=1000, deadline=None)
@given(small_histories())
def test_fairness_judgement_matches_an_exhaustive_search(events):
    model, flagged = feed(events)
    assert flagged == oracle(events), (events, model.violation)
    if flagged is None:
        return
    v = model.violation
    played = events[: flagged + 1]
    fifo_only = oracle(played, drop_closed=False) is None  # closed waiters still in the queue
    closes_only = oracle(played, fifo=False) is None  # any two waiting, closed ones dropped
    if fifo_only:
        assert v.ids == ("SWAP-6",), v
    elif closes_only:
        assert v.ids == ("SWAP-5",), v
    else:
        assert v.ids == ("SWAP-6", "SWAP-5"), v

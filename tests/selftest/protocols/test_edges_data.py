"""V-EDGE's cases as data (protocols.edges): the C-CONC cases of the stream protocols, C-ROBUST's
four clients under UNIX-1, and SWAP-6's race of a leaving waiter with the next message."""

from __future__ import annotations

from protocols import PROTOCOLS
from protocols.edges import CONC_PART, EDGES, RESET_ROUNDS, WAITER_RACE_ROUNDS, edges_for
from protocols.framing import REQUEST_SIZE

STREAM_CONC = {"CLOCK-7": "request", "FORK-8": "request", "GUESS-8": "guess"}
ROBUST_NAMES = {"closes at once", "resets", "part then leaves", "non-ASCII"}


def test_each_stream_c_conc_id_has_a_silent_and_a_half_sent_client_before_one_that_asks():
    for req, unit in STREAM_CONC.items():
        cases = [e for e in edges_for(req) if e.rule == "C-CONC"]
        assert [e.name for e in cases] == ["silent then one asks", "half then one asks"], req
        assert all(f"whole {unit}" in e.does and "2 s" in e.does for e in cases), req
        assert f"sends {CONC_PART} bytes" in cases[1].does
    swap = [e for e in edges_for("SWAP-9") if e.rule == "C-CONC"]
    assert [e.name for e in swap] == ["silent then two swap", "half then two swap"]
    assert all("they swap" in e.does for e in swap)


def test_c_conc_cases_belong_to_the_c_conc_ids_alone():
    # Outside C-CONC a reply is due only once every client connected earlier has completed
    # its request: a serial server must not fail anything else through these cases.
    assert {e.requirement for e in EDGES if e.rule == "C-CONC"} == set(STREAM_CONC) | {"SWAP-9", "WEB-6", "WGUESS-6"}
    texts = {r.id: r.text for p in PROTOCOLS.values() for r in p.requirements}
    assert all(texts[e.requirement].startswith("C-CONC") for e in EDGES if e.rule == "C-CONC")


def test_a_half_sent_request_is_neither_empty_nor_whole():
    assert 0 < CONC_PART < REQUEST_SIZE


def test_unix_1_carries_c_robusts_four_clients_as_clock_6_does():
    robust = [e for e in edges_for("UNIX-1") if e.rule == "C-ROBUST"]
    assert {e.name for e in robust} == ROBUST_NAMES
    assert [(e.name, e.does) for e in robust] == [(e.name, e.does) for e in edges_for("CLOCK-6")]
    # its C-EXACT cases come first, as before
    assert [e.rule for e in edges_for("UNIX-1")][:3] == ["C-EXACT", "C-EXACT", "C-PATIENCE"]


def test_swap_6_races_a_leaving_waiter_with_the_next_message_after_the_slow_case():
    names = [e.name for e in edges_for("SWAP-6")]
    assert names == ["waiter left", "waiter leaves as next completes", "waiter resets"]
    race = edges_for("SWAP-6")[1]
    assert race.method == "edge_waiter_leaves_as_next_completes"
    assert WAITER_RACE_ROUNDS >= 2 and f"{WAITER_RACE_ROUNDS} times" in race.does
    resets = edges_for("SWAP-6")[2]
    assert resets.method == "edge_waiter_resets"
    assert RESET_ROUNDS >= 2 and f"{RESET_ROUNDS} times" in resets.does
    assert "at once the waiter disconnects" in race.does and "still up" in race.does


def test_every_method_name_is_unique_within_its_requirement():
    for req in {e.requirement for e in EDGES}:
        methods = [e.method for e in edges_for(req)]
        assert len(methods) == len(set(methods)), req

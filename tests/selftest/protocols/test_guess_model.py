"""The guess found-state model, replies and the number rule, judged in memory (no sockets).

The central property: a correct server, whatever order it reads interleaved guesses in,
is never accused; and a sequential client is held to the one answer the standard allows."""

from __future__ import annotations

import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from protocols.framing import pad
from protocols.guess import (
    NUMBER_RULES,
    Answer,
    FoundStateModel,
    Unreadable,
    guess_number,
    guess_readings,
    int_reading,
    parse_reply,
    read_reply,
)

W, R, F = Answer.WRONG, Answer.RIGHT, Answer.FOUND


# -- replies (C-TEXT) ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "data, answer",
    [
        (b"wrong", W),
        (b"right", R),
        (b"secret found", F),
        (b"wrong\n", W),
        (b"right \t\r\n", R),
        (b"secret found" + b" " * 13, F),
    ],
)
def test_replies_with_optional_trailing_white_space(data, answer):
    assert parse_reply(data) is answer
    assert read_reply(data) is answer


@pytest.mark.parametrize(
    "data",
    [b"Wrong", b"WRONG", b" wrong", b"wrong!", b"wrong\x00", b"wrong\x0b", b"secret  found", b"secretfound",
     b"found", b"", b"wrongright", b"wrong\nright"],
)
def test_anything_else_is_no_reply(data):
    assert parse_reply(data) is None
    reply = read_reply(data)
    assert isinstance(reply, Unreadable) and reply.shown


def test_unreadable_shows_the_bytes_for_a_student():
    assert read_reply(b"Wrong\r\n").shown == '"Wrong\\r\\n"'
    assert "empty" in read_reply(b"").shown


# -- the number rule -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, number",
    [("42", 42), ("042", 42), ("0", 0), ("00", 0), ("99", 99), ("123", 123), (pad("7"), 7), (b"42   ", 42),
     ("0000000000000000000000042", 42)],
)
def test_numbers(text, number):
    assert guess_number(text) == number


@pytest.mark.parametrize(
    "text",
    ["", "   ", "+42", "-1", "4_2", " 42", "42\t", "4 2", "٤٢", "４２", "4.0", "0x2a", "abc", b"\xff" * 25, "²"],
)
def test_not_numbers(text):
    assert guess_number(text) is None


@given(st.text(alphabet="0123456789", min_size=1, max_size=25))
def test_any_ascii_digits_are_their_decimal_value(digits):
    assert guess_number(digits) == int(digits)
    assert guess_number(digits.encode() + b" " * (25 - len(digits))) == int(digits)


@given(st.text(max_size=25))
def test_only_ascii_digits_are_numbers(text):
    stripped = text.rstrip(" ")
    is_number = stripped != "" and all(c in "0123456789" for c in stripped)
    assert (guess_number(text) is not None) == is_number


# -- a sequential client, known secret -----------------------------------------------------


def ask(model: FoundStateModel, text, reply):
    """One guess sent and answered before the next is sent."""
    ticket = model.send(text)
    return model.answer(ticket, reply)


def test_known_secret_happy_path():
    model = FoundStateModel(secret=42)
    t = model.send("17")
    assert model.allowed(t) == {W}
    assert model.answer(t, W) is None
    t = model.send("42")
    assert model.allowed(t) == {R}
    assert model.answer(t, R) is None
    assert model.found and model.secret == 42
    for text in ["42", "3", "abc", "042"]:
        t = model.send(text)
        assert model.allowed(t) == {F}
        assert model.answer(t, F) is None


def test_found_before_right_is_guess_1():
    model = FoundStateModel(secret=42)
    violation = ask(model, "17", F)
    assert violation.id == "GUESS-1"
    assert "nobody has been told `right`" in violation.message


def test_first_correct_guess_not_right_is_guess_2():
    model = FoundStateModel(secret=42)
    assert ask(model, "42", F).id == "GUESS-2"


def test_wrong_after_right_is_guess_3():
    model = FoundStateModel(secret=42)
    ask(model, "42", R)
    violation = ask(model, "17", W)
    assert violation.id == "GUESS-3"
    assert "the guess 42 was told `right` before this guess was sent" in violation.message


def test_second_right_is_guess_4():
    model = FoundStateModel(secret=42)
    ask(model, "42", R)
    assert ask(model, "42", R).id == "GUESS-4"
    assert ask(model, "17", R).id == "GUESS-4"


def test_wrong_for_secret_spelt_plainly_is_guess_5():
    model = FoundStateModel(secret=42)
    violation = ask(model, pad("42"), W)
    assert violation.id == "GUESS-5"
    assert "SECRET is 42" in violation.message


def test_right_for_another_number_is_guess_5():
    model = FoundStateModel(secret=42)
    assert ask(model, "17", R).id == "GUESS-5"


def test_after_guess_5_the_model_learns_the_servers_secret():
    model = FoundStateModel(secret=42)
    assert ask(model, "42", W).id == "GUESS-5"
    assert model.secret is None and 42 not in model.candidates()
    assert ask(model, "17", R) is None
    assert model.secret == 17
    assert ask(model, "42", F) is None
    assert ask(model, "8", W).id == "GUESS-3"


def test_wrong_for_another_spelling_of_the_secret_is_guess_2_not_5():
    """`042` is 42: a server that compares text misreads the guess, its secret is still SECRET."""
    model = FoundStateModel(secret=42)
    violation = ask(model, "042", W)
    assert violation.id == "GUESS-2"
    assert "042 (the number 42)" in violation.message


@pytest.mark.parametrize("text, number", [("+42", 42), ("4_2", 42), (" 42", 42), ("42\t", 42), ("٤٢", 42), ("４２", 42),
                                          (b" 42\t" + b" " * 21, 42), ("\u0664\u0662".encode().decode("latin-1"), 42), ("-1", -1),
                                          ("7\xa0", 7), ("abc", None), ("4.0", None), ("²", None), (b"\xff" * 25, None)])
def test_int_reading_is_what_int_makes_of_the_text_or_its_utf8(text, number):
    assert int_reading(text) == number
    assert guess_readings(text) == (number, number is not None)


@pytest.mark.parametrize("text", ["+42", "4_2", " 42", "42\t", "٤٢", "\uff14\uff12"])
def test_a_guess_int_reads_as_the_secret_may_be_right_or_wrong_and_the_found_state_follows(text):
    """V-LENIENT: `+42` is 42 to a server built on int(), not a number to a literal one."""
    model = FoundStateModel(secret=42)
    ticket = model.send(text)
    assert model.allowed(ticket) == {W, R}
    assert model.answer(ticket, W) is None  # read as no number: the secret is still to find
    assert not model.found
    assert ask(model, "42", R) is None
    model = FoundStateModel(secret=42)
    assert ask(model, text, R) is None  # read as 42: found
    assert model.found
    assert ask(model, "42", F) is None
    assert ask(model, "42", R).id == "GUESS-4"


@pytest.mark.parametrize("text", ["+42", " 42", "4_2"])
def test_a_wrong_to_a_guess_int_reads_as_a_number_does_not_rule_that_number_out(text):
    model = FoundStateModel()
    assert ask(model, text, W) is None
    assert model.could_be_secret("42")
    assert ask(model, "42", R) is None


@pytest.mark.parametrize("text", ["+7", " 7", "7\t", "4_2"])
def test_a_guess_int_reads_as_another_number_still_gets_wrong(text):
    model = FoundStateModel(secret=42)
    assert ask(model, text, F).id == "GUESS-7"
    assert ask(model, text, W) is None
    assert ask(model, "42", R) is None
    assert ask(model, text, W).id == "GUESS-7"
    assert ask(model, text, F) is None
    assert "to int(), or not a number" in ask(model, text, R).message


@pytest.mark.parametrize("text", ["abc", "4.0", "0x2a", "²", b"\xff" * 25])
def test_non_numbers_are_guess_7(text):
    model = FoundStateModel(secret=42)
    assert ask(model, text, W) is None
    assert ask(model, text, R).id == "GUESS-7"
    assert ask(model, text, F).id == "GUESS-7"
    assert ask(model, text, Unreadable('"error"')).id == "GUESS-7"
    ask(model, "42", R)
    assert ask(model, text, W).id == "GUESS-7"
    assert ask(model, text, F) is None


def test_non_number_shown_as_sent():
    model = FoundStateModel(secret=42)
    assert '"\\xff\\xff' in ask(model, b"\xff" * 25, R).message


def test_unreadable_reply_gets_the_id_of_the_answer_that_was_due():
    model = FoundStateModel(secret=42)
    violation = ask(model, "17", Unreadable('"Wrong"'))
    assert violation.id == "GUESS-1"
    assert '"Wrong"' in violation.message and "lower case" in violation.message
    assert ask(model, "42", Unreadable('"Right"')).id == "GUESS-2"
    assert ask(model, "42", R) is None
    assert ask(model, "17", Unreadable('"Secret found"')).id == "GUESS-3"


def test_a_violation_is_reported_once_and_does_not_cascade():
    model = FoundStateModel(secret=42)
    ask(model, "42", R)
    assert ask(model, "42", R).id == "GUESS-4"
    assert ask(model, "17", F) is None
    assert ask(model, "42", F) is None


def test_garbled_right_may_still_have_found_the_secret():
    """The server read the correct guess; its reply was garbled. Later `secret found`s are fine."""
    model = FoundStateModel(secret=42)
    assert ask(model, "42", Unreadable('"RIGHT"')).id == "GUESS-2"
    assert ask(model, "17", F) is None


def test_a_lost_correct_guess_may_have_found_the_secret():
    model = FoundStateModel(secret=42)
    t = model.send("42")
    model.lost(t)
    t = model.send("17")
    assert model.allowed(t) == {W, F}
    assert model.answer(t, F) is None
    t = model.send("18")
    assert model.allowed(t) == {F}


def test_a_lost_wrong_guess_cannot_have_found_it():
    model = FoundStateModel(secret=42)
    t = model.send("17")
    model.lost(t)
    assert ask(model, "18", F).id == "GUESS-1"


def test_tickets_are_answered_once():
    model = FoundStateModel(secret=42)
    t = model.send("17")
    model.answer(t, W)
    with pytest.raises(ValueError):
        model.answer(t, W)
    with pytest.raises(ValueError):
        model.lost(t)
    with pytest.raises(KeyError):
        model.allowed(99)


def test_secret_must_be_possible():
    with pytest.raises(ValueError):
        FoundStateModel(secret=100)


# -- guesses in flight together ------------------------------------------------------------


def test_wrong_guess_racing_the_correct_one_may_get_either():
    model = FoundStateModel(secret=42)
    a = model.send("42")
    b = model.send("17")
    assert model.allowed(b) == {W, F}
    assert model.allowed(a) == {R}
    assert model.answer(b, F) is None  # the server read A first
    assert model.allowed(a) == {R}
    assert model.answer(a, R) is None


def test_wrong_answered_before_the_right_one_arrives():
    model = FoundStateModel(secret=42)
    a = model.send("42")
    b = model.send("17")
    assert model.answer(b, W) is None
    assert model.answer(a, R) is None


def test_found_then_the_racing_correct_guess_must_be_right():
    model = FoundStateModel(secret=42)
    a = model.send("42")
    b = model.send("17")
    model.answer(b, F)
    violation = model.answer(a, W)
    # B's `secret found` needs a finder and A is the only one in flight: no other secret
    # explains it, so this is the first correct guess not told `right`.
    assert violation.id == "GUESS-2"
    assert "another client has been told `secret found`" in violation.message


def test_a_guess_sent_after_right_was_received_must_be_found():
    model = FoundStateModel(secret=42)
    a = model.send("42")
    model.answer(a, R)
    b = model.send("17")
    assert model.allowed(b) == {F}


def test_a_guess_sent_before_right_was_received_may_be_wrong():
    """A client that sent its guess while the finder's answer was on its way."""
    model = FoundStateModel(secret=42)
    a = model.send("42")
    b = model.send("17")
    model.answer(a, R)
    assert model.allowed(b) == {W, F}
    assert model.answer(b, W) is None


def test_wrong_sent_after_a_found_was_received_is_guess_3():
    model = FoundStateModel(secret=42)
    a = model.send("42")
    b = model.send("17")
    model.answer(b, F)
    c = model.send("18")
    assert model.allowed(c) == {F}
    assert model.answer(c, W).id == "GUESS-3"
    assert model.answer(a, R) is None


def test_simultaneous_correct_guesses_one_right():
    model = FoundStateModel(secret=42)
    tickets = [model.send("42") for _ in range(5)]
    for t in tickets:
        assert model.allowed(t) == {R, F}
    assert model.answer(tickets[3], F) is None
    assert model.answer(tickets[0], F) is None
    assert model.answer(tickets[4], R) is None
    assert model.answer(tickets[1], F) is None
    violation = model.answer(tickets[2], R)
    assert violation.id == "GUESS-4"
    assert "while this guess was in flight" in violation.message


def test_simultaneous_correct_guesses_all_found_is_a_violation():
    model = FoundStateModel(secret=42)
    a, b = model.send("42"), model.send("42")
    assert model.answer(a, F) is None  # b may be the finder
    assert model.answer(b, F).id == "GUESS-2"


def test_found_cannot_come_before_the_finder_was_sent():
    model = FoundStateModel(secret=42)
    b = model.send("17")
    assert model.allowed(b) == {W}
    model.send("42")
    assert model.allowed(b) == {W, F}  # the correct guess is in flight now: b may be read after it


def test_many_wrong_guesses_in_flight_with_the_finder():
    """All sent before any answer came: the server may have read each before or after the
    finder, so each may be `wrong` or `secret found`; the finder must still be `right`."""
    model = FoundStateModel(secret=42)
    first = [model.send(str(i)) for i in range(10)]
    finder = model.send("42")
    later = [model.send(str(i)) for i in range(10, 20)]
    for t in first[:5] + later[:5]:
        assert model.answer(t, F) is None
    for t in first[5:] + later[5:]:
        assert model.allowed(t) == {W, F}
        assert model.answer(t, W) is None
    assert model.allowed(finder) == {R}
    assert model.answer(finder, R) is None


def test_wrong_answered_after_a_found_arrived_is_fine_when_sent_before_it():
    """B got `secret found` before C (sent earlier) was answered `wrong`: C's reading may
    still precede the find, since C was in flight all along — so `wrong` is allowed. Only a
    guess *sent* after some `secret found` arrived is forced to `secret found`."""
    model = FoundStateModel(secret=42)
    c = model.send("17")
    a = model.send("42")
    b = model.send("18")
    assert model.answer(b, F) is None
    assert model.allowed(c) == {W, F}
    assert model.answer(c, W) is None
    assert model.answer(a, R) is None


# -- unknown secret (a server that ignores SECRET): the model learns ------------------------


def test_sweep_learns_the_secret():
    model = FoundStateModel()
    for i in range(63):
        t = model.send(str(i))
        assert model.allowed(t) == {W, R}
        assert model.answer(t, W) is None
    assert model.candidates() == frozenset(range(63, 100))
    assert ask(model, "63", R) is None
    assert model.secret == 63 and model.candidates() == {63}
    for i in range(64, 100):
        assert ask(model, str(i), F) is None


def test_sweep_with_no_right_blames_the_last_candidate():
    model = FoundStateModel()
    for i in range(99):
        assert ask(model, str(i), W) is None
    assert model.secret == 99
    violation = ask(model, "99", W)
    assert violation.id == "GUESS-2"
    assert "every other possible secret" in violation.message


def test_unknown_two_different_rights_is_guess_4():
    model = FoundStateModel()
    assert ask(model, "5", R) is None
    assert ask(model, "6", R).id == "GUESS-4"


def test_unknown_wrong_for_the_revealed_secret_is_guess_3():
    model = FoundStateModel()
    ask(model, "5", R)
    assert ask(model, "5", W).id == "GUESS-3"


def test_unknown_right_for_an_eliminated_number_is_guess_1():
    model = FoundStateModel()
    ask(model, "5", W)
    violation = ask(model, "5", R)
    assert violation.id == "GUESS-1"
    assert "cannot be the secret" in violation.message


def test_unknown_right_outside_0_to_99_is_guess_1():
    model = FoundStateModel()
    assert ask(model, "100", R).id == "GUESS-1"


def test_unknown_found_before_any_right_is_guess_1_or_2():
    model = FoundStateModel()
    violation = ask(model, "5", F)
    assert violation.id == "GUESS-2"  # 5 may be the secret: then it was the first correct guess
    ask(model, "6", W)
    assert ask(model, "6", F).id == "GUESS-1"


def test_unknown_concurrent_sweep():
    """All hundred numbers in flight at once; the server reads them in some order."""
    model = FoundStateModel()
    tickets = {i: model.send(str(i)) for i in range(100)}
    order = [17, 3, 99, 42, 0, 63] + [i for i in range(100) if i not in (17, 3, 99, 42, 0, 63)]
    for i in order:
        reply = W if order.index(i) < order.index(42) else R if i == 42 else F
        assert model.answer(tickets[i], reply) is None
    assert model.secret == 42


def test_could_be_secret():
    model = FoundStateModel()
    ask(model, "5", W)
    assert not model.could_be_secret("5") and not model.could_be_secret("005")
    assert model.could_be_secret("6") and model.could_be_secret("+6") and not model.could_be_secret("100")
    assert not model.could_be_secret("+5") and not model.could_be_secret("abc")


def test_a_sweep_is_fast():
    model = FoundStateModel()
    started = time.perf_counter()
    for i in range(300):
        reply = W if i < 99 else R if i == 99 else F
        assert ask(model, str(i % 100), reply) is None
    assert time.perf_counter() - started < 5


# -- properties: a correct server is never accused; a sequential client is held exactly ---

guesses = st.one_of(
    st.integers(0, 120).map(str),
    st.integers(0, 99).map(lambda n: f"0{n}"),
    st.sampled_from(["+42", "abc", "", "4_2", " 7", "7\t", "+0", "٤٢", "-0"]),
)


class CorrectServer:
    """The standard's found state, as the server sees it: a guess is a number when it is
    ASCII digits."""

    def __init__(self, secret: int):
        self.secret = secret
        self.found = False

    def number(self, text) -> int | None:
        return guess_number(text)

    def read(self, text: str) -> Answer:
        if self.found:
            return F
        if self.number(text) == self.secret:
            self.found = True
            return R
        return W


class StripIntServer(CorrectServer):
    """The way students write it: `int(data.decode().strip())` in a `try`."""

    def number(self, text) -> int | None:
        data = text.encode("latin-1") if isinstance(text, str) and max(text, default=" ") <= "\xff" else text
        try:
            return int((data.decode() if isinstance(data, bytes) else data).strip())
        except ValueError:
            return None


servers = st.sampled_from([CorrectServer, StripIntServer])


@settings(max_examples=300, deadline=None)
@given(
    secret=st.integers(0, 99),
    texts=st.lists(guesses, min_size=1, max_size=12),
    know_secret=st.booleans(),
    data=st.data(),
    kind=servers,
)
def test_a_correct_server_is_never_accused(secret, texts, know_secret, data, kind):
    """Clients send, the server reads, clients receive, in any interleaving that keeps each
    client's own order; some replies are lost. The model must accept every answer."""
    texts = [data.draw(st.sampled_from([str(secret), f"0{secret}", f"+{secret}", f" {secret}\t"])) if data.draw(st.booleans()) else t
             for t in texts]
    server = kind(secret)
    model = FoundStateModel(secret=secret if know_secret else None)
    steps = {i: ["send", "read", "answer"] for i in range(len(texts))}
    tickets, replies = {}, {}
    lost = data.draw(st.sets(st.integers(0, len(texts) - 1), max_size=2))
    while steps:
        client = data.draw(st.sampled_from(sorted(steps)))
        step = steps[client].pop(0)
        if not steps[client]:
            del steps[client]
        if step == "send":
            tickets[client] = model.send(texts[client])
        elif step == "read":
            replies[client] = server.read(texts[client])
        elif client in lost:
            model.lost(tickets[client])
        else:
            assert replies[client] in model.allowed(tickets[client])
            assert model.answer(tickets[client], replies[client]) is None


@settings(max_examples=200, deadline=None)
@given(secret=st.integers(0, 99), texts=st.lists(guesses, max_size=15), know_secret=st.booleans(), kind=servers)
def test_a_sequential_client_is_held_to_the_one_answer(secret, texts, know_secret, kind):
    """One guess at a time: whenever the secret is known (given, or revealed), exactly one
    answer is allowed, the standard's, and every other answer is a violation — except for a
    guess int() reads as the secret before the find, which may be read either way."""
    texts = [*texts, str(secret), *texts]
    server = kind(secret)
    model = FoundStateModel(secret=secret if know_secret else None)
    for text in texts:
        number, ambiguous = guess_readings(text)
        expected = server.read(text)
        ticket = model.send(text)
        allowed = model.allowed(ticket)
        if ambiguous and number == secret and not model.found:
            assert allowed == {W, R} if know_secret else expected in allowed
        elif know_secret or model.found or (number not in NUMBER_RULES.universe):
            assert allowed == {expected}
        else:
            assert expected in allowed
        assert model.answer(ticket, expected) is None


@settings(max_examples=200, deadline=None)
@given(
    secret=st.integers(0, 99),
    texts=st.lists(guesses, min_size=1, max_size=10),
    bad_at=st.integers(0, 20),
    bad=st.sampled_from([W, R, F]),
)
def test_any_wrong_answer_to_a_sequential_client_is_caught(secret, texts, bad_at, bad):
    texts = [t for t in texts if guess_readings(t) != (secret, True)]  # either answer holds there
    texts = [*texts, str(secret), *texts]
    bad_at %= len(texts)
    server = CorrectServer(secret)
    model = FoundStateModel(secret=secret)
    for i, text in enumerate(texts):
        expected = server.read(text)
        reply = bad if i == bad_at else expected
        violation = model.answer(model.send(text), reply)
        if reply is expected:
            assert violation is None
        else:
            assert violation is not None
            assert violation.id in {"GUESS-1", "GUESS-2", "GUESS-3", "GUESS-4", "GUESS-5", "GUESS-7"}
            return


# -- the checks' own reading of a reply ------------------------------------------------------


@pytest.mark.parametrize("data", [b"", b"w", b"wro", b"Wro", b"wrong", b"wrong \r\n", b"secret", b"secret fo", b" right"])
def test_a_reply_that_may_still_become_an_answer_is_waited_for(data):
    from wirecheck.checks.guess import could_become_answer

    assert could_become_answer(data)


@pytest.mark.parametrize("data", [b"welcome\n", b"wrongwrong", b"right!", b"wrong x", b"rightsecret found", b"<html>"])
def test_a_reply_that_can_no_longer_become_an_answer_is_judged_at_once(data):
    from wirecheck.checks.guess import could_become_answer

    assert not could_become_answer(data)


def test_guess_7_never_sends_what_int_reads_as_a_possible_secret():
    from wirecheck.checks.guess import INT_SPELLINGS, NON_NUMBERS, int_spelling

    for template in INT_SPELLINGS:
        for number in (100, 555, 999):
            value, ambiguous = guess_readings(int_spelling(template, number))
            assert ambiguous and value not in NUMBER_RULES.universe, template
    for template in NON_NUMBERS:
        assert guess_readings(template.format(s=0)) == (None, False), template

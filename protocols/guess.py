"""guess — exercise 2: guess a secret number; the first correct guess wins, then the
secret is found for everyone.

Beneath the requirements: the replies (C-TEXT), the number rule, and the found-state model
that judges every answer a server gives, however its clients' guesses interleave. The model
serves guess-web too, with words for numbers (``protocols.web.WORD_RULES``)."""

from __future__ import annotations

import enum
import math
import re
from collections.abc import Callable, Hashable, Iterable, Mapping
from dataclasses import dataclass

from .framing import reply_text, show
from .requirements import Protocol, Transport, must, should, stop_rule

GUESS = Protocol(
    name="guess",
    title="guess — exercise 2",
    filename="guessserver.py",
    transport=Transport.TCP,
    port=12093,
    reference="guess",
    requirements=(
        must("GUESS-1", "Before the secret has been found, a wrong guess gets `wrong`."),
        must("GUESS-2", "The first correct guess gets `right`."),
        must(
            "GUESS-3",
            "First-correct-guess-then-always-found: once `right` has been sent, every guess read "
            "afterwards, from any client (including clients connected before), right or wrong, "
            "gets `secret found`.",
        ),
        must(
            "GUESS-4",
            "Exactly one `right` in the server's life, even when several clients send the "
            "correct guess at the same moment.",
        ),
        must(
            "GUESS-5",
            "The secret is SECRET when it is set. (A server that ignores it is still graded on "
            "GUESS-1..4 by a sweep over 0..99 that never needs to know the secret.)",
        ),
        must("GUESS-6", "C-EXACT: `4`, `2` and the padding sent in three writes are the guess 42."),
        must(
            "GUESS-7",
            "C-ROBUST; a guess that is not a number gets `wrong` (or `secret found` once found).",
        ),
        should("GUESS-8", "C-CONC."),
        stop_rule("GUESS-9", "also with a silent client connected"),
    ),
)


# ---------------------------------------------------------------------------------------------
# Replies and the number rule
# ---------------------------------------------------------------------------------------------

SECRETS = range(100)
"""The secrets a guess server may hold: the integers 0 to 99."""


class Answer(str, enum.Enum):
    """The three replies of the guess protocols (and the outcomes of guess-web)."""

    WRONG = "wrong"
    RIGHT = "right"
    FOUND = "secret found"

    def __str__(self) -> str:
        return f"`{self.value}`"


@dataclass(frozen=True)
class Unreadable:
    """A reply that is none of the three answers; ``shown`` says what came, for a student."""

    shown: str


Reply = Answer | Unreadable

_REPLIES = {a.value.encode("ascii"): a for a in Answer}
_DIGITS = re.compile(rb"[0-9]+")


def parse_reply(reply: bytes) -> Answer | None:
    """The answer a guess reply carries (C-TEXT: the exact lower-case text, then optionally
    trailing ASCII white space), or None when it is anything else (`Wrong`, ` wrong`, `wrong!`)."""
    return _REPLIES.get(reply_text(reply))


def read_reply(reply: bytes) -> Reply:
    """``parse_reply`` for a driver: the answer, or an ``Unreadable`` showing what came."""
    answer = parse_reply(reply)
    if answer is not None:
        return answer
    return Unreadable(show(reply) if reply else "nothing (an empty reply)")


def guess_number(guess: str | bytes) -> int | None:
    """The number a guess stands for, or None when it is not a number.

    A guess is a number exactly when its text (trailing spaces removed, C-TEXT) is one or more
    ASCII digits: `042` is 42. `+42`, `4_2`, ` 42`, `42\\t` and non-ASCII digits, which
    ``int()`` accepts, are None here: they may be read either way (``int_reading``)."""
    data = guess.encode("utf-8") if isinstance(guess, str) else bytes(guess)
    data = data.rstrip(b" ")
    if _DIGITS.fullmatch(data) is None:
        return None
    return int(data)


def int_reading(guess: str | bytes) -> int | None:
    """The number a server built on ``int()`` reads in a guess that is not plainly a number,
    or None when ``int()`` rejects it (V-LENIENT).

    The guess is read as its text and, where its bytes are UTF-8, as that text (what
    ``data.decode()`` gives): `42\t`, ` 42`, `+42`, `4_2` and `٤٢` are 42 to such a server
    (``int()`` strips white space itself, and ``str.strip()`` first changes nothing)."""
    if isinstance(guess, (bytes, bytearray)):
        data = bytes(guess)
        texts = [data.decode("latin-1")]
    else:
        texts = [guess]
        data = guess.encode("latin-1") if max(guess, default=" ") <= "\xff" else None
    if data is not None:
        try:
            texts.append(data.decode("utf-8"))
        except UnicodeDecodeError:
            pass
    for text in texts:
        try:
            return int(text)
        except ValueError:
            continue
    return None


def guess_readings(guess: str | bytes) -> tuple[int | None, bool]:
    """A guess's number and whether it is ambiguous: (the number, False) for a number,
    (what ``int()`` reads, True) for a guess that may be read either as that number or as
    not a number, (None, False) for what is not a number at all."""
    value = guess_number(guess)
    if value is not None:
        return value, False
    value = int_reading(guess)
    return value, value is not None


# ---------------------------------------------------------------------------------------------
# The found-state model
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Violation:
    """A requirement the observed answers break: its ID and a message a student can act on."""

    id: str
    message: str

    def __str__(self) -> str:
        return f"{self.id}: {self.message}"


@dataclass(frozen=True)
class GuessRules:
    """What differs between guess (numbers) and guess-web (words) for the found-state model.

    ``value`` turns what the client sent into the guess's value (None: not a guess that can
    ever be the secret's spelling, e.g. `+42`); ``could_be_secret`` says whether a value is a
    possible secret at all; ``universe`` lists every possible secret when there are finitely
    many (None: unbounded, as words are); ``canonical`` is how a driver spells a value plainly
    (`42`, `/apple`) and ``show_secret`` shows a secret in a message; ``describe`` names a
    guess for a student. ``ids`` maps the roles
    before-found (GUESS-1), first-right (GUESS-2), after-found (GUESS-3), one-right (GUESS-4)
    and secret (GUESS-5) to requirement IDs; ``own_id`` gives a guess its own requirement
    whatever went wrong (GUESS-7 for a guess that is not a number), or None, and ``own_rule``
    says that requirement in words; ``reply_rule`` says what a readable reply is.
    ``reading`` gives the value another reasonable reading finds in a guess that ``value``
    finds no possible secret in (V-LENIENT: `+42` read by ``int()``, `/Quince` by a server
    that ignores case), or None: such a guess may be read either way, and the found state
    follows the reading the server's answer shows."""

    value: Callable[[str], Hashable | None]
    could_be_secret: Callable[[Hashable], bool]
    universe: frozenset | None
    canonical: Callable[[Hashable], str]
    describe: Callable[[str], str]
    ids: Mapping[str, str]
    own_id: Callable[[str], str | None]
    own_rule: str
    reply_rule: str
    show_secret: Callable[[Hashable], str] = str
    secret_name: str = "SECRET"
    reading: Callable[[str], Hashable | None] = lambda text: None


def _describe_number_guess(text: str) -> str:
    value, ambiguous = guess_readings(text)
    if value is None or ambiguous:
        data = text.rstrip(" ").encode("latin-1" if max(text, default=" ") <= "\xff" else "utf-8")
        if ambiguous:
            return f"the guess {show(data)} (the number {value} to int(), or not a number)"
        return f"the guess {show(data)} (not a number)"
    if str(value) != text.rstrip(" "):
        return f"the guess {text.rstrip(' ')} (the number {value})"
    return f"the guess {value}"


NUMBER_RULES = GuessRules(
    value=guess_number,
    could_be_secret=lambda v: isinstance(v, int) and v in SECRETS,
    universe=frozenset(SECRETS),
    canonical=str,
    describe=_describe_number_guess,
    ids={
        "before-found": "GUESS-1",
        "first-right": "GUESS-2",
        "after-found": "GUESS-3",
        "one-right": "GUESS-4",
        "secret": "GUESS-5",
    },
    own_id=lambda text: "GUESS-7" if guess_number(text) is None else None,
    own_rule="a guess that is not a number gets `wrong` (or `secret found` once found)",
    reply_rule="a reply is exactly `wrong`, `right` or `secret found`, lower case, optionally "
    "followed by white space",
    reading=int_reading,
)

_RULE_TEXT = {
    "before-found": "before the secret has been found, a wrong guess gets `wrong`",
    "first-right": "the first correct guess gets `right`",
    "after-found": "once `right` has been sent, every guess read afterwards gets `secret found`",
    "one-right": "there is exactly one `right` in the server's life",
    "secret": "the secret is the one given in {secret_name}",
}

_INF = math.inf


@dataclass
class _Guess:
    """One guess as the client saw it: sent at logical time ``start``, answered at ``end``
    (infinity while no answer has come). ``answer`` None means the guess constrains nothing:
    still pending, lost, or its reply was unreadable or already reported as a violation. Such
    a guess may still be the one that found the secret, or may never have reached the server."""

    ticket: int
    text: str
    value: Hashable | None
    start: int
    end: float = _INF
    answer: Answer | None = None
    settled: bool = False
    ambiguous: bool = False  # ``value`` is one reading of it; not a number is the other


class _History:
    """The answers observed so far, summarised so that whether a given secret explains them
    costs almost nothing (a sweep asks it for a hundred secrets per answer).

    A correct server holding a secret answers `wrong` to every guess it reads before the
    first correct guess it reads (told `right`), and `secret found` to every guess after it.
    The client sees each guess's reading instant only as lying between its sending and its
    answer; a guess answered before another was sent was read before it."""

    def __init__(self, guesses: Iterable[_Guess]) -> None:
        self.rights: list[_Guess] = []
        self.wrong_values: set = set()
        self.latest_wrong = -_INF
        self.earliest_found = _INF
        self.found_answers = 0
        self.open_by_value: dict[Hashable, list[_Guess]] = {}
        for g in guesses:
            if g.answer is Answer.RIGHT:
                self.rights.append(g)
            elif g.answer is Answer.WRONG:
                if not g.ambiguous:  # `wrong` to `+42` may be `+42` read as no number
                    self.wrong_values.add(g.value)
                self.latest_wrong = max(self.latest_wrong, g.start)
            elif g.answer is Answer.FOUND:
                self.found_answers += 1
                self.earliest_found = min(self.earliest_found, g.end)
            else:
                self.open_by_value.setdefault(g.value, []).append(g)

    def could_have_found(self, g: _Guess) -> bool:
        """Whether ``g`` can be the guess told `right`: read after every guess answered
        `wrong` was sent and before every guess answered `secret found` got its answer."""
        return max(g.start, self.latest_wrong) < min(g.end, self.earliest_found)

    def explained_by(self, secret: Hashable) -> bool:
        """Whether a correct server holding ``secret`` could have given every answer observed.
        Guesses without an answer may each have been the finding guess, or not read at all."""
        if len(self.rights) > 1 or secret in self.wrong_values:
            return False
        if self.rights:
            return self.rights[0].value == secret and self.could_have_found(self.rights[0])
        if not self.found_answers:
            return True
        return any(self.could_have_found(g) for g in self.open_by_value.get(secret, ()))


_UNGUESSED = object()  # stands for every possible secret that no guess has named


class FoundStateModel:
    """The found state of a guess server (GUESS-1..5, GUESS-7; WGUESS-1..3 with words), as a
    client that cannot see inside the server judges it.

    A driver reports what its clients do, from one thread at a time, in the order it saw it:

    - ``ticket = model.send(text)`` just before the write that completes a guess (earlier is
      also sound, only more lenient). ``text`` is the guess as sent: a request's text for
      guess, the request target for guess-web.
    - ``model.allowed(ticket)`` — the answers a correct server may give that guess now.
    - ``model.answer(ticket, reply)`` when its reply has been read (an ``Answer``, or
      ``Unreadable`` for anything else): returns a ``Violation`` or None.
    - ``model.lost(ticket)`` when no reply will come (timeout, connection closed).

    The server decides a guess when it *reads* it, at an instant the client cannot see
    between sending and receiving the answer; guesses in flight together may be read in
    either order, and the model accepts any order consistent with what was observed. A guess
    never answered may or may not have reached the server.

    With ``secret`` given (SECRET was set) the model holds the server to it; answers that a
    correct server with another secret would give (`right` for another guess, `wrong` for the
    plain spelling of SECRET) are a ``secret`` violation (GUESS-5), after which the model
    forgets SECRET and learns the secret from the answers as when ``secret`` is None: `right`
    reveals it; each `wrong` rules its guess out. A reply that breaks a requirement is
    reported once and then counts as no answer, so one bug does not cascade into many."""

    def __init__(self, rules: GuessRules = NUMBER_RULES, secret: Hashable | None = None) -> None:
        if secret is not None and not rules.could_be_secret(secret):
            raise ValueError(f"{secret!r} cannot be a secret")
        self.rules = rules
        self.given_secret = secret
        self._secret = secret
        self._guesses: dict[int, _Guess] = {}
        self._clock = 0

    # -- what a driver calls -----------------------------------------------------------------

    def send(self, text: str | bytes) -> int:
        """Record that a guess is about to be sent; returns its ticket. Bytes (a whole
        25-byte request) are read as latin-1, so that every byte can be shown."""
        if isinstance(text, (bytes, bytearray)):
            text = bytes(text).rstrip(b" ").decode("latin-1")
        self._clock += 1
        ticket = len(self._guesses)
        value, ambiguous = self.rules.value(text), False
        if value is None or not self.rules.could_be_secret(value):
            other = self.rules.reading(text)
            if other is not None and other != value and self.rules.could_be_secret(other):
                value, ambiguous = other, True
        self._guesses[ticket] = _Guess(ticket, text, value, self._clock, ambiguous=ambiguous)
        return ticket

    def allowed(self, ticket: int) -> frozenset[Answer]:
        """The answers a correct server may give this pending guess, given everything observed."""
        guess = self._pending(ticket)
        return self._allowed(guess, self._secret, self._clock + 1)

    def answer(self, ticket: int, reply: Reply) -> Violation | None:
        """Record the reply to a guess; a Violation when no correct server could have given it."""
        guess = self._pending(ticket)
        self._clock += 1
        due = self._allowed(guess, self._secret, self._clock)
        guess.end = self._clock
        guess.settled = True
        if isinstance(reply, Answer) and reply in due:
            guess.answer = reply
            return None
        if isinstance(reply, Answer) and self._secret is not None and self._blames_secret(guess, reply):
            violation = self._violation("secret", guess, reply, due)
            self._secret = None
            guess.answer = reply
            return violation
        return self._violation(self._role(guess, reply, due), guess, reply, due)

    def lost(self, ticket: int) -> None:
        """Record that a guess will get no reply: it may or may not have reached the server."""
        self._pending(ticket).settled = True

    # -- what the model knows ----------------------------------------------------------------

    @property
    def secret(self) -> Hashable | None:
        """The secret, when known: given (and not contradicted), revealed by `right`, or the
        last possible secret left of a finite set."""
        if self._secret is not None:
            return self._secret
        for g in self._guesses.values():
            if g.answer is Answer.RIGHT:
                return g.value
        left = self.candidates()
        if left is not None and len(left) == 1:
            return next(iter(left))
        return None

    @property
    def found(self) -> bool:
        """Whether some client has been told `right`."""
        return any(g.answer is Answer.RIGHT for g in self._guesses.values())

    def candidates(self) -> frozenset | None:
        """Every secret still consistent with the answers (None when unbounded: words)."""
        if self._secret is not None:
            return frozenset({self._secret})
        if self.rules.universe is None:
            return None
        history = _History(self._guesses.values())
        return frozenset(s for s in self.rules.universe if history.explained_by(s))

    def could_be_secret(self, text: str) -> bool:
        """Whether the guess ``text`` may still be the secret."""
        value = self.rules.value(text)
        if value is None or not self.rules.could_be_secret(value):
            value = self.rules.reading(text)
        if value is None or not self.rules.could_be_secret(value):
            return False
        if self._secret is not None:
            return value == self._secret
        return _History(self._guesses.values()).explained_by(value)

    # -- reasoning ---------------------------------------------------------------------------

    def _pending(self, ticket: int) -> _Guess:
        guess = self._guesses.get(ticket)
        if guess is None:
            raise KeyError(f"no guess with ticket {ticket}")
        if guess.settled:
            raise ValueError(f"guess {ticket} ({guess.text!r}) already has its outcome")
        return guess

    def _secrets_to_try(self, secret: Hashable | None) -> list:
        if secret is not None:
            return [secret]
        named = {
            g.value
            for g in self._guesses.values()
            if g.value is not None and self.rules.could_be_secret(g.value)
        }
        universe = self.rules.universe
        if universe is None or len(universe - named) > 0:
            return [*named, _UNGUESSED]
        return list(named)

    def _allowed(self, guess: _Guess, secret: Hashable | None, now: int) -> frozenset[Answer]:
        others = [g for g in self._guesses.values() if g is not guess]
        trial = _Guess(guess.ticket, guess.text, guess.value, guess.start, now, ambiguous=guess.ambiguous)
        history = [*others, trial]
        secrets = self._secrets_to_try(secret)
        allowed = set()
        for answer in Answer:
            trial.answer = answer
            summary = _History(history)
            if any(summary.explained_by(s) for s in secrets):
                allowed.add(answer)
        return frozenset(allowed)

    def _blames_secret(self, guess: _Guess, reply: Answer) -> bool:
        """Whether ``reply`` shows a correct server with a secret other than the given one:
        `right` to another guess, or `wrong` to SECRET spelt plainly. (`wrong` to another
        spelling, such as `042` or `/apple?x=1`, is a misread guess, not another secret.)"""
        if reply not in (Answer.RIGHT, Answer.WRONG):
            return False
        if reply is Answer.WRONG and guess.text.rstrip(" ") != self.rules.canonical(self._secret):
            return False
        return reply in self._allowed(guess, None, guess.end)

    def _role(self, guess: _Guess, reply: Reply, due: frozenset[Answer]) -> str:
        """Which requirement a reply outside ``due`` breaks: a second `right` is GUESS-4;
        otherwise the requirement of the answer that was due (`wrong`: GUESS-1, `right`:
        GUESS-2, `secret found`: GUESS-3), judged from what was said instead."""
        if self.rules.own_id(guess.text) is not None:
            return "own"
        if reply is Answer.RIGHT:
            if self.found:
                return "one-right"
            return "before-found" if Answer.WRONG in due else "after-found"
        if reply is Answer.WRONG:
            return "first-right" if Answer.RIGHT in due else "after-found"
        if reply is Answer.FOUND:
            return "first-right" if Answer.RIGHT in due else "before-found"
        if Answer.WRONG in due:
            return "before-found"
        return "first-right" if Answer.RIGHT in due else "after-found"

    def _violation(self, role: str, guess: _Guess, reply: Reply, due: frozenset[Answer]) -> Violation:
        req_id = self.rules.own_id(guess.text) if role == "own" else self.rules.ids[role]
        if role == "own":
            rule = self.rules.own_rule
        else:
            rule = _RULE_TEXT[role].format(secret_name=self.rules.secret_name)
        who = self.rules.describe(guess.text)
        if isinstance(reply, Answer):
            got = str(reply)
        else:
            got = f"{reply.shown}, which is no answer ({self.rules.reply_rule})"
        if role == "secret":
            name, secret = self.rules.secret_name, self.rules.show_secret(self._secret)
            if reply is Answer.RIGHT:
                why = f"{name} is {secret}, so the server's secret is not {name}"
            else:
                why = f"{name} is {secret}, so that was the correct guess: the server's secret is not {name}"
            return Violation(req_id, f"{who} got {got}; {why}. Requirement: {rule}.")
        expected = " or ".join(str(a) for a in Answer if a in due)
        if Answer.FOUND in due and len(due) > 1:
            expected += " (other guesses were in flight at the same time and may have been read first)"
        elif Answer.WRONG in due and Answer.RIGHT in due:
            expected += " (the secret is not known yet, so this guess may be it)"
        why = self._context(guess, role)
        return Violation(req_id, f"{who} got {got}, expected {expected}: {why}. Requirement: {rule}.")

    def _context(self, guess: _Guess, role: str) -> str:
        """Why the due answers were due, in the student's terms."""
        winner = next(
            (g for g in self._guesses.values() if g.answer is Answer.RIGHT and g is not guess), None
        )
        if winner is not None:
            sent_after = winner.end < guess.start
            when = "before this guess was sent" if sent_after else "while this guess was in flight"
            return f"{self.rules.describe(winner.text)} was told `right` {when}"
        if any(g.answer is Answer.FOUND for g in self._guesses.values()):
            return "another client has been told `secret found`, so the secret was being found " \
                   "by a guess in flight"
        if self._secret is not None:
            secret = self.rules.show_secret(self._secret)
            return f"the secret is {secret} and nobody has been told `right` yet"
        left = self.candidates()
        if left is not None and len(left) == 1 and guess.value in left:
            return "every other possible secret has been answered `wrong`, so this one must be the secret"
        if guess.value is not None and not self.could_be_secret(guess.text):
            return "this guess cannot be the secret (it is not a possible secret, or the same " \
                   "guess was answered `wrong` before) and nobody has been told `right` yet"
        return "nobody has been told `right` yet"

"""The checks of the two HTTP protocols: hello-web (WEB-1..6) and guess-web (WGUESS-1..6).

Every request is HTTP/1.0, or HTTP/1.1 with `Connection: close`, so that a response ends at
the latest when the server closes the connection; a response that announces its length is
complete as soon as that many bytes have come. Responses are parsed as Python's http.client
parses them (``protocols.web.parse_response``). Request targets always start with a single
`/` (never `//`, which http.server folds into `/`).

hello-web is stateless: one server serves a whole check (restarted if it dies), and each
request is one client's whole exchange, except under WEB-6, where clients that have sent
half a request (or nothing) stay connected while others are served. guess-web is the
found-state machine of ``checks.found_state`` with HTTP requests for guesses and words for
numbers."""

from __future__ import annotations

import re
import urllib.parse
from dataclasses import dataclass

from hypothesis import strategies as st
from hypothesis.stateful import rule

from protocols import edges
from protocols.framing import show
from protocols.guess import Answer, Reply, Unreadable
from protocols.web import (
    HttpResponse,
    MalformedResponse,
    WORD_RULES,
    judge_guess_escaping,
    judge_not_found,
    judge_other_method,
    judge_root,
    outcomes_in,
    parse_response,
    read_guess_page,
)

from ..drive.clients import StreamClient
from ..drive.machine import REPLY_DUE, ProtocolMachine, focus_on
from ..drive.runner import Check
from .found_state import FoundStateMachine, focus_in, names

SHOW_LIMIT = 120  # bytes of an unparseable response quoted in a verdict
ABUSE_WAIT = 0.3  # how long a misbehaving client waits for whatever answer comes

# --- requests -----------------------------------------------------------------------------

BROWSER = (
    "Host: localhost:8000\r\n"
    "User-Agent: Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0\r\n"
    "Accept: text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8\r\n"
    "Accept-Language: en-GB,en;q=0.5\r\n"
    "Connection: close\r\n"
    "Upgrade-Insecure-Requests: 1\r\n"
)
SHAPES = {
    "HTTP/1.0": ("HTTP/1.0", ""),
    "HTTP/1.0 with a Host header": ("HTTP/1.0", "Host: localhost:8000\r\n"),
    "HTTP/1.1, as a browser sends it": ("HTTP/1.1", BROWSER),
    "HTTP/1.1, as curl sends it": ("HTTP/1.1", "Host: localhost:8000\r\nUser-Agent: curl/8.5.0\r\nAccept: */*\r\nConnection: close\r\n"),
}
shapes = st.sampled_from(list(SHAPES))


def http_request(method: str, target: str, shape: str = "HTTP/1.0", body: bytes = b"") -> bytes:
    version, headers = SHAPES[shape]
    if body or method in ("POST", "PUT", "PATCH"):
        headers += f"Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {len(body)}\r\n"
    return f"{method} {target} {version}\r\n{headers}\r\n".encode("latin-1") + body


def shape_note(shape: str) -> str:
    return "" if shape == "HTTP/1.0" else f" ({shape})"


# Generated paths: segments of unreserved characters, some percent-encoded bytes, a query.
_SEGMENT_CHARS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~"
segments = st.text(alphabet=_SEGMENT_CHARS, min_size=1, max_size=10)
encoded = st.text(alphabet=st.characters(min_codepoint=0x20, max_codepoint=0x24FF, exclude_characters="/?#<>&\"'"), min_size=1, max_size=6).map(
    lambda text: urllib.parse.quote(text, safe="")
)
queries = st.one_of(st.just(""), st.just("?"), st.text(alphabet="abcxyz0123456789=&", min_size=1, max_size=12).map(lambda q: "?" + q))
WELL_KNOWN = ["/test", "/index.html", "/favicon.ico", "/robots.txt", "/apple-touch-icon.png", "/a/b/c/", "/hello", "/%7Euser", "/caf%C3%A9", "/with%20space"]


@st.composite
def paths(draw) -> str:
    """A request target other than `/`, starting with one `/`."""
    if draw(st.booleans()):
        return draw(st.sampled_from(WELL_KNOWN))
    parts = draw(st.lists(st.one_of(segments, encoded), min_size=1, max_size=3))
    trailing = "/" if draw(st.booleans()) else ""
    return "/" + "/".join(parts) + trailing + draw(queries)


# Markup with distinctive text: what an unescaped reflection turns into page structure.
MARKUP = ["<i>{t}</i>", "<b>{t}", "<script>{t}()</script>", '"{t}"', "{t}&amp;", '<a href="{t}">', "<!--{t}-->", "<h1>{t}</h1>"]
tokens = st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=3, max_size=8).filter(
    lambda t: not any(word in t for word in ("wrong", "right", "secret", "found"))
).map(lambda t: "probe" + t)


@st.composite
def markup_targets(draw) -> str:
    """`/<i>probe…</i>`, sent as it is or percent-encoded (both are the same word)."""
    text = draw(st.sampled_from(MARKUP)).format(t=draw(tokens))
    if draw(st.booleans()):
        return "/" + urllib.parse.quote(text, safe="")
    return "/" + text.replace(" ", "%20")  # a request line has no room for a raw space


MALFORMED = [
    b"GARBAGE\r\n\r\n",
    b"GET\r\n\r\n",
    b"GET /\r\n",
    b"GET / FOO/1.0\r\n\r\n",
    b"get / http/1.0\r\n\r\n",
    b"GET / HTTP/1.0 extra\r\n\r\n",
    b"/ HTTP/1.0\r\n\r\n",
    b"\r\n\r\n",
    b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03" + bytes(32),  # a TLS ClientHello: https:// to an http server
    b"\xff\xfe\xfd\xfc\r\n\r\n",
    # Malformed percent-escapes: robustness only (WEB-5, WGUESS-5), any answer will do.
    b"GET /%zz HTTP/1.0\r\n\r\n",
    b"GET /% HTTP/1.0\r\n\r\n",
    b"GET /caf%C3%A HTTP/1.1\r\nHost: localhost:8000\r\nConnection: close\r\n\r\n",
    b"GET /%ff%fe HTTP/1.0\r\n\r\n",
]
OVERSIZED = {
    "a header line of 70000 bytes": b"GET / HTTP/1.0\r\nX-Big: " + b"a" * 70000 + b"\r\n\r\n",
    "200 header lines": b"GET / HTTP/1.0\r\n" + b"".join(b"X-H%d: v\r\n" % i for i in range(200)) + b"\r\n",
    "a request line of 70000 bytes": b"GET /" + b"a" * 70000 + b" HTTP/1.0\r\n\r\n",
}
OTHER_METHODS = list(edges.OTHER_METHODS)
FULL_REQUEST = http_request("GET", "/", "HTTP/1.0 with a Host header")


# --- responses ------------------------------------------------------------------------------


def response_complete(raw: bytes, method: str = "GET") -> bool:
    """Whether ``raw`` already holds a whole response: its headers and, when it announces
    them, all its body's bytes (chunked bodies up to their last chunk). A response without
    a length ends when the server closes the connection; that is checked elsewhere."""
    if not raw.startswith(b"HTTP/"):
        return False
    end = raw.find(b"\r\n\r\n")
    size = 4
    if end < 0:
        end, size = raw.find(b"\n\n"), 2
    if end < 0:
        return False
    lines = raw[:end].split(b"\n")
    try:
        status = int(lines[0].split()[1])
    except (IndexError, ValueError):
        return False
    if method == "HEAD" or status in (204, 304) or 100 <= status < 200:
        return True
    body = raw[end + size :]
    for line in lines[1:]:
        name, _, value = line.partition(b":")
        name = name.strip().lower()
        if name == b"content-length" and value.strip().isdigit():
            return len(body) >= int(value.strip())
        if name == b"transfer-encoding" and b"chunked" in value.lower():
            return body.endswith(b"0\r\n\r\n")
    return False


_JUDGED = re.compile(r"^[A-Z]+ \S+ got (?:a response where )?")


def finding(message: str) -> str:
    """A judgement of ``protocols.web`` without its leading `GET /x got a response where`
    (the counterexample's steps already say what was sent)."""
    return _JUDGED.sub("", message, count=1)


def response_ready(client: StreamClient, method: str = "GET") -> bool:
    return client.ended or response_complete(bytes(client.received), method)


def read_response(client: StreamClient, method: str = "GET") -> tuple[HttpResponse | None, str]:
    """The response a client received, or None and why it is no valid HTTP response (with
    the bytes quoted)."""
    raw = bytes(client.received)
    try:
        return parse_response(raw, method), ""
    except MalformedResponse as exc:
        problem = str(exc)
        if raw:
            problem += f"; the server sent {show(raw, SHOW_LIMIT)}"
        elif client.reset:
            problem += " (the connection was reset)"
        return None, problem


def send_and_half_close(client: StreamClient, data: bytes) -> None:
    client.send(data)
    client.half_close()


# --- V-EDGE: the cases at the edge of C-ROBUST and C-CONC (protocols.edges) ---------------

PART_OF_A_REQUEST = b"GET / HT"  # a client that disconnects mid-request line
NON_ASCII_REQUEST = b"GET /\xff\xfe\x80\xe9 HTTP/1.0\r\n\r\n"  # a request line with bytes >= 0x80
BAD_ESCAPE = b"GET /%zz HTTP/1.0\r\n\r\n"
LONE_PERCENT = b"GET /% HTTP/1.0\r\n\r\n"


class WebEdges:
    """The edge cases of both HTTP machines, played with each machine's own rules: for
    C-ROBUST (WEB-5, WGUESS-5) a misbehaving client, then a normal request (``still_serves``:
    answered in any shape); for C-CONC (WEB-6, WGUESS-6) a client that stays connected having
    sent nothing, or half a request, while another's request is answered
    (``ask_while_stalled``). What the misbehaving client itself gets back is never judged."""

    def edge_closes_at_once(self) -> None:
        self.leave_mid_request(0, False)

    def edge_resets(self) -> None:
        self.leave_mid_request(0, True)

    def edge_part_then_leaves(self) -> None:
        # FULL_REQUEST starts with it: the bytes sent are the first of the normal request.
        self.leave_mid_request(len(PART_OF_A_REQUEST), False)

    def edge_non_ascii(self) -> None:
        misbehave(self, NON_ASCII_REQUEST, f"sends a request line with bytes that are not ASCII, {show(NON_ASCII_REQUEST)}, and closes")
        self.still_serves()

    def edge_bad_escape(self) -> None:
        self.malformed(BAD_ESCAPE)

    def edge_lone_percent(self) -> None:
        self.malformed(LONE_PERCENT)

    def edge_other_methods(self) -> None:
        for method in OTHER_METHODS:
            if self.found is not None:
                break  # the case has failed: the methods left would only wait for their answers
            self.other_method_alone(method)

    def edge_silent_then_one_asks(self) -> None:
        self.stall(0)
        self.ask_while_stalled()

    def edge_half_then_one_asks(self) -> None:
        self.stall(self.half_request())
        self.ask_while_stalled()


# --- hello-web --------------------------------------------------------------------------------


@dataclass
class Exchange:
    client: StreamClient
    arrived: bool
    response: HttpResponse | None
    problem: str  # why ``response`` is None


class HelloWebMachine(WebEdges, ProtocolMachine):
    """Browsers and scripts asking for `/` and for pages that do not exist, with markup in
    their paths and other methods; clients that send garbage, too much or half a request;
    under WEB-6, clients that stay connected mid-request while others are served."""

    concurrent_requirements = frozenset({"WEB-6"})

    # --- one client's whole exchange ----------------------------------------------------

    def exchange(self, request: bytes, line: str, method: str = "GET") -> Exchange:
        client = self.open_stream()
        self.say(f"{client.name} {line}")
        client.send(request)
        state = self.state(client)
        state.request, state.sent = request, len(request)
        arrived = client.wait_until(lambda c: response_ready(c, method), self.due_within())
        client.close()
        state.connected = False
        if not arrived:
            stalled = [c for c in self.open_clients() if not self.state(c).complete]
            if self.focus == "WEB-6" and stalled:
                self.violation("WEB-6", f"a response within {REPLY_DUE:g} s, whatever {names(stalled)} (connected, mid-request) does", self.no_response(client))
            return Exchange(client, False, None, self.no_response(client))
        response, problem = read_response(client, method)
        return Exchange(client, True, response, problem)

    def no_response(self, client: StreamClient) -> str:
        if client.received:
            return f"only {show(bytes(client.received), SHOW_LIMIT)}, and nothing more within {REPLY_DUE:g} s"
        return f"no response within {REPLY_DUE:g} s" + (self.server_gone() if self.found is None else "")

    def judge_valid(self, exchange: Exchange) -> bool:
        """WEB-1: the response parses. False (and the violation) when it does not."""
        if exchange.response is None:
            self.violation("WEB-1", "a valid HTTP/1.0 or HTTP/1.1 response (one that http.client parses)", exchange.problem)
            return False
        return True

    # --- requests ---------------------------------------------------------------------

    @focus_on("WEB-1", "WEB-2", "WEB-6")
    @rule(shape=shapes)
    def get_root(self, shape):
        exchange = self.exchange(http_request("GET", "/", shape), f"sends GET /{shape_note(shape)}")
        if not self.judge_valid(exchange):
            self.violation("WEB-2", "200 OK, Content-Type text/html, a page with `hello client`", exchange.problem)
            return
        for violation in judge_root(exchange.response):
            self.violation("WEB-2", "200 OK, Content-Type text/html, a page with `hello client`", finding(violation.message))

    @focus_on("WEB-1", "WEB-3", "WEB-6")
    @rule(path=paths(), shape=shapes)
    def get_path(self, path, shape):
        self.not_found(path, shape)

    @focus_on("WEB-1", "WEB-3", "WEB-4")
    @rule(path=markup_targets(), shape=shapes)
    def get_markup(self, path, shape):
        self.not_found(path, shape)

    def not_found(self, target: str, shape: str) -> None:
        exchange = self.exchange(http_request("GET", target, shape), f"sends GET {target}{shape_note(shape)}")
        expected = f"404 Not Found, a page with {target + ' not found'!r}"
        if not self.judge_valid(exchange):
            self.violation("WEB-3", expected, exchange.problem)
            return
        self.witness("page")  # a page that could hold the target (WEB-4's witness)
        for violation in judge_not_found(exchange.response, target):
            if violation.id == "WEB-3":
                self.violation("WEB-3", expected, finding(violation.message))
            else:
                self.violation(violation.id, "the target HTML-escaped in the page (&lt; &gt; &amp;)", finding(violation.message))

    @focus_on("WEB-1", "WEB-5")
    @rule(method=st.sampled_from(OTHER_METHODS), path=st.one_of(st.just("/"), paths()), shape=shapes, body=st.sampled_from([b"", b"a=1&b=2"]))
    def other_method(self, method, path, shape, body):
        target = path
        request = http_request(method, target, shape, body)
        exchange = self.exchange(request, f"sends {method} {target}{shape_note(shape)}" + (f" with the body {show(body)}" if body else ""), method)
        if not self.judge_valid(exchange):
            self.violation("WEB-5", "a 4xx or 5xx response (501 Not Implemented, for instance)", exchange.problem)
            return
        violation = judge_other_method(exchange.response, method, target)
        if violation is not None:
            self.violation("WEB-5", "a 4xx or 5xx response (501 Not Implemented, for instance)", exchange.response.status_line)

    def other_method_alone(self, method: str) -> None:
        """V-EDGE's `other methods`: ``method /``, no body, as the plainest client sends it."""
        self.other_method(method, "/", "HTTP/1.0", b"")

    @focus_on("WEB-1")
    @rule(path=st.one_of(st.just("/"), paths()), shape=shapes)
    def head(self, path, shape):
        target = path
        exchange = self.exchange(http_request("HEAD", target, shape), f"sends HEAD {target}{shape_note(shape)}", "HEAD")
        self.judge_valid(exchange)

    # --- misbehaving clients (WEB-5) ------------------------------------------------------

    @focus_on("WEB-5")
    @rule(data=st.sampled_from(MALFORMED))
    def malformed(self, data):
        misbehave(self, data, f"sends the malformed request {show(data)}")
        self.still_serves()

    @focus_on("WEB-5")
    @rule(what=st.sampled_from(list(OVERSIZED)))
    def oversized(self, what):
        misbehave(self, OVERSIZED[what], f"sends a request with {what}")
        self.still_serves()

    @focus_on("WEB-5")
    @rule(size=st.integers(0, len(FULL_REQUEST) - 1), reset=st.booleans())
    def leave_mid_request(self, size, reset):
        leave_mid_request(self, size, reset)
        self.still_serves()

    def still_serves(self) -> None:
        exchange = self.exchange(FULL_REQUEST, "sends GET /")
        if exchange.arrived and exchange.client.received:
            self.witness("robust")  # a client answered after the misbehaving one
        else:
            self.violation("WEB-5", "a response: the server goes on serving", exchange.problem or "the connection closed without a response")

    # --- WEB-6: clients that stop mid-request -------------------------------------------------

    @focus_on("WEB-6")
    @rule(size=st.integers(0, len(FULL_REQUEST) - 1))
    def stall(self, size):
        stall(self, size)

    def half_request(self) -> int:
        return len(FULL_REQUEST) // 2  # the request line and part of the Host header

    def ask_while_stalled(self) -> None:
        self.get_root("HTTP/1.0")

    def teardown(self) -> None:
        try:
            if not self.clients and self.found is None:
                # V-WITNESS: an example of no steps still shows an answer: a page for
                # markup (WEB-4), a client served after a misbehaving one (WEB-5).
                if self.focus == "WEB-5":
                    self.malformed(MALFORMED[0])
                elif self.focus == "WEB-4":
                    self.not_found("/<i>wirecheck</i>", "HTTP/1.0")
                elif self.focus != "WEB-6":
                    self.get_root("HTTP/1.0")
            if self.focus == "WEB-6" and self.found is None and self.can_connect():
                # Whatever the steps were: a client stops mid-request, another asks for `/`.
                stall(self, len(FULL_REQUEST) // 2)
                self.get_root("HTTP/1.0")
            if self.found is None:
                for client in self.open_clients():  # finish what was left half sent, politely
                    state = self.state(client)
                    client.send(FULL_REQUEST[state.sent :])
                    state.sent = len(FULL_REQUEST)
                for client in self.open_clients():
                    client.wait_until(lambda c: response_ready(c), self.due_within())
        finally:
            super().teardown()


def misbehave(machine: ProtocolMachine, data: bytes, line: str) -> None:
    """A client sends ``data``, half-closes, takes whatever answer comes (not judged), and
    goes."""
    if not machine.can_connect():
        return
    client = machine.open_stream()
    machine.say(f"{client.name} {line}")
    send_and_half_close(client, data)
    client.wait_end(ABUSE_WAIT)
    client.close()
    machine.state(client).connected = False


def leave_mid_request(machine: ProtocolMachine, size: int, reset: bool) -> None:
    if not machine.can_connect():
        return
    client = machine.open_stream()
    piece = FULL_REQUEST[:size]
    if piece:
        client.send(piece)
    (client.abort if reset else client.close)()
    machine.state(client).connected = False
    how = "resets the connection" if reset else "disconnects"
    sent = f"sends {show(piece)} ({size} of {len(FULL_REQUEST)} bytes of a request)" if piece else "connects"
    machine.say(f"{client.name} {sent} and {how}")


def stall(machine: ProtocolMachine, size: int) -> None:
    """A client that sends part of a request (or nothing) and then waits, connected."""
    if not machine.can_connect():
        return
    client = machine.open_stream()
    state = machine.state(client)
    state.request = FULL_REQUEST
    if size:
        client.send(FULL_REQUEST[:size])
        state.sent = size
        machine.say(f"{client.name} connects, sends {show(FULL_REQUEST[:size])} ({size} of {len(FULL_REQUEST)} bytes of a request) and waits")
    else:
        machine.say(f"{client.name} connects and sends nothing")


HELLO_WEB_CHECKS = {
    "WEB-1": Check("WEB-1", machine=HelloWebMachine),
    "WEB-2": Check("WEB-2", machine=HelloWebMachine, weight=0.5),
    "WEB-3": Check("WEB-3", machine=HelloWebMachine),
    "WEB-4": Check("WEB-4", machine=HelloWebMachine, witness="page"),
    "WEB-5": Check("WEB-5", machine=HelloWebMachine, witness="robust"),
    "WEB-6": Check("WEB-6", machine=HelloWebMachine, weight=0.5, max_steps=6),
}


# --- guess-web --------------------------------------------------------------------------------

# One SECRET per check, words no fixture or reference picks at random.
WEB_SECRETS = {
    "WGUESS-1": "quince",
    "WGUESS-2": "medlar",
    "WGUESS-3": "damson",
    "WGUESS-4": "loquat",
    "WGUESS-5": "sloe",
    "WGUESS-6": "kumquat",
}
_OUTCOME_PARTS = ("wrong", "right", "secret", "found")


def no_outcome(word: str) -> bool:
    """A guessed word must not hold an outcome, or a page that repeats it would hold two."""
    return not outcomes_in(word) and not any(part in word.lower() for part in _OUTCOME_PARTS)


lower_words = st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=1, max_size=12).filter(no_outcome)
other_words = st.text(
    alphabet=st.characters(min_codepoint=0x20, max_codepoint=0x24FF, exclude_characters="<>&\"'#"), min_size=1, max_size=10
).filter(no_outcome)
EXTRA_REQUESTS = ["/favicon.ico", "/robots.txt", "/apple-touch-icon.png", "/apple-touch-icon-precomposed.png"]


ENCODE_FLAGS = 12  # the longest drawn word


def percent_encode_some(word: str, data) -> str:
    """`quince` as `%71uin%63e`: some letters percent-encoded, hex digits in either case."""
    # As many flags whatever the word (V-SAME: the word may have been learnt from the
    # server's answers, and the draws must not depend on them).
    drawn = data.draw(st.lists(st.booleans(), min_size=ENCODE_FLAGS, max_size=ENCODE_FLAGS), label="encode")
    flags = [drawn[i % ENCODE_FLAGS] for i in range(len(word))]
    if not any(flags):
        flags[0] = True
    upper = data.draw(st.booleans(), label="upper hex")
    form = "%{:02X}" if upper else "%{:02x}"
    return "".join(form.format(ord(c)) if f else c for c, f in zip(word, flags))


class GuessWebMachine(WebEdges, FoundStateMachine):
    """guess over HTTP: words for numbers, `GET /<word>` for a guess, generated words,
    percent-encoding, query strings, `GET /`, and a browser's extra requests."""

    model_rules = WORD_RULES
    secret_requirement = "WGUESS-3"
    robust_requirement = "WGUESS-5"
    concurrent_requirements = frozenset({"WGUESS-6"})
    secrets = WEB_SECRETS
    ALL = frozenset(WEB_SECRETS)
    CONNECT = frozenset({"WGUESS-1", "WGUESS-2", "WGUESS-3", "WGUESS-6"})
    GUESS = ALL
    READ = ALL
    LEAVE = frozenset({"WGUESS-1"})
    RACE = frozenset({"WGUESS-1"})
    FIND = frozenset({"WGUESS-1"})
    STALL = frozenset({"WGUESS-6"})
    ROBUST = frozenset({"WGUESS-5"})

    # --- how guess-web writes and reads ---------------------------------------------------

    def request_for(self, text: str, data=None) -> bytes:
        shape = data.draw(shapes, label="shape") if data is not None else "HTTP/1.0"
        self._shape = shape
        return http_request("GET", text, shape)

    def describe(self, text: str) -> str:
        return WORD_RULES.describe(text)

    def guess_verb(self, text: str) -> str:
        return f"sends {self.describe(text)}"

    def send_guess(self, client: StreamClient, text: str, data=None, shape: str | None = None) -> None:
        self._shape = "HTTP/1.0"
        request = self.request_for(text, data) if shape is None else http_request("GET", text, shape)
        if shape is not None:
            self._shape = shape
        self.prepare(client, text, request)
        self.send_part(client, self.state(client).request)
        self.say_send(client, f"{client.name} {self.guess_verb(text)}{shape_note(self._shape)}")

    def reply_ready(self, client: StreamClient) -> bool:
        return response_ready(client)

    def read_answer(self, client: StreamClient) -> Reply:
        response, problem = read_response(client)
        text = self.state(client).notes["text"]
        if response is None:
            if self.focus == "WGUESS-2":
                self.say(f"{client.name} reads the response")
                self.violation("WGUESS-2", "a valid HTTP/1.0 or HTTP/1.1 response (one that http.client parses)", problem)
            return Unreadable(f"a response http.client cannot parse ({problem})")
        self.witness("page")  # a page that could hold the guessed word (WGUESS-4's witness)
        escaping = judge_guess_escaping(response, text)
        if escaping is not None and self.focus == "WGUESS-4":
            self.say(f"{client.name} reads the page")
            self.violation("WGUESS-4", "the guessed word HTML-escaped in the page (&lt; &gt; &amp;)", finding(escaping.message))
        return read_guess_page(response)

    def probe_says_wrong(self, server) -> bool:
        try:
            client = StreamClient(server.address, "probe")
        except OSError:
            return False
        try:
            client.send(http_request("GET", f"/{self.given}"))
            client.wait_until(lambda c: response_ready(c), REPLY_DUE)
            response, _ = read_response(client)
            return response is not None and outcomes_in(response.text) == [Answer.WRONG]
        except OSError:
            return False
        finally:
            client.close()

    def wrong_text(self) -> str:
        return "/favicon.ico"  # never a secret (a word is lower-case letters only)

    # --- what a client asks for -----------------------------------------------------------

    def race_text(self, secret) -> str:
        """As a browser's form sends it: the query is no part of the word (WGUESS-1)."""
        return f"/{secret}?from=form"

    def guess_kinds(self) -> list[str]:
        if self.focus == "WGUESS-2":
            # Never the secret: WGUESS-2 judges `GET /` before the find, so that a server
            # without a found state fails WGUESS-1, not WGUESS-2 as well.
            # (Nor the secret in capitals: a server that ignores case may read it as the secret.)
            return ["the empty word", "the empty word", "a browser's extra request", "a wrong word", "a word with other characters", "a longer path", "a wrong word in capitals"]
        kinds = [
            "the secret",
            "the secret with a query",
            "the secret percent-encoded",
            "the secret in capitals",
            "the empty word",
            "a browser's extra request",
            "a wrong word",
            "a word with other characters",
            "a longer path",
        ]
        if self.focus == "WGUESS-4":
            kinds += ["markup", "markup", "markup"]
        return kinds

    def draw_target(self, data) -> str:
        kind = data.draw(st.sampled_from(self.guess_kinds()), label="guess")
        # Drawn whether or not the secret has been learnt by now (V-SAME: which draws are
        # made never depends on what the server answered).
        possible = data.draw(lower_words, label="a possible secret")
        secret = self.model.secret
        if secret is None:
            secret = possible
        query = data.draw(queries, label="query")
        if kind == "the secret":
            return f"/{secret}"
        if kind == "the secret with a query":
            return f"/{secret}{query or '?from=form'}"
        if kind == "the secret percent-encoded":
            return "/" + percent_encode_some(secret, data) + query
        if kind == "the secret in capitals":
            # V-LENIENT: `right` from a server that ignores case, `wrong` from one that does not.
            return "/" + data.draw(st.sampled_from([secret.upper(), secret.capitalize()]), label="capitals")
        if kind == "a wrong word in capitals":
            word = data.draw(lower_words.filter(lambda w: w != secret), label="word")
            return "/" + word.capitalize()
        if kind == "the empty word":
            return "/" + query
        if kind == "a browser's extra request":
            return data.draw(st.sampled_from(EXTRA_REQUESTS), label="extra")
        if kind == "a wrong word":
            word = data.draw(lower_words, label="word")  # not filtered on the secret: it may be learnt
            return f"/{word if word != secret else word + 'a'}{query}"
        if kind == "a word with other characters":
            word = data.draw(other_words, label="word")
            return "/" + urllib.parse.quote(word, safe="") + query
        if kind == "a longer path":
            first, second = data.draw(lower_words, label="word"), data.draw(lower_words, label="word")
            return f"/{first}/{second}{query}"
        return data.draw(markup_targets(), label="markup")

    # --- rules ----------------------------------------------------------------------------

    @focus_in("GUESS")
    @rule(data=st.data(), wait=st.booleans())
    def guess(self, data, wait):
        """A client (new, or connected earlier and silent so far) sends a GET whose path is
        its guess, and perhaps waits for the page at once."""
        # Everything is drawn before a client is picked (V-SAME): whether one is found is
        # the steps' matter, and the draws must not depend on it.
        target = self.draw_target(data)
        shape = data.draw(shapes, label="shape")
        client = self.pick(data, self.unsent())
        if client is None:
            return
        if target == "/" or target.startswith("/?"):
            self.example_notes["asked_empty"] = True
        self.send_guess(client, target, shape=shape)
        if wait:
            self.await_reply(client)

    @focus_in("ROBUST")
    @rule(method=st.sampled_from(OTHER_METHODS), shape=shapes, body=st.sampled_from([b"", b"word=quince"]))
    def other_method(self, method, shape, body):
        """Another method than GET is no guess: it gets a 4xx or 5xx answer."""
        if not self.can_connect():
            return
        client = self.open_stream()
        self.say(f"{client.name} sends {method} /{shape_note(shape)}" + (f" with the body {show(body)}" if body else ""))
        client.send(http_request(method, "/", shape, body))
        arrived = client.wait_until(lambda c: response_ready(c, method), self.due_within())
        self.done_with(client)
        expected = "a 4xx or 5xx response (501 Not Implemented, for instance)"
        if not arrived:
            self.violation("WGUESS-5", expected, f"no response within {REPLY_DUE:g} s")
            return
        response, problem = read_response(client, method)
        if response is None:
            self.violation("WGUESS-5", expected, problem)
        elif judge_other_method(response, method) is not None:
            self.violation("WGUESS-5", expected, response.status_line)

    def other_method_alone(self, method: str) -> None:
        """V-EDGE's `other methods`: ``method /``, no body, as the plainest client sends it."""
        self.other_method(method, "HTTP/1.0", b"")

    @focus_in("ROBUST")
    @rule(data=st.sampled_from(MALFORMED))
    def malformed(self, data):
        misbehave(self, data, f"sends the malformed request {show(data)}")
        self.still_serves()

    @focus_in("ROBUST")
    @rule(what=st.sampled_from(list(OVERSIZED)))
    def oversized(self, what):
        misbehave(self, OVERSIZED[what], f"sends a request with {what}")
        self.still_serves()

    @focus_in("ROBUST")
    @rule(size=st.integers(0, len(FULL_REQUEST) - 1), reset=st.booleans())
    def leave_mid_request(self, size, reset):
        leave_mid_request(self, size, reset)
        self.still_serves()

    @focus_in("STALL")
    @rule(size=st.integers(0, len(FULL_REQUEST) - 1))
    def stall(self, size):
        if not self.can_connect():
            return
        client = self.open_stream()
        request = http_request("GET", self.wrong_text())
        self.prepare(client, self.wrong_text(), request)
        size = min(size, len(request) - 1)
        if size:
            self.send_part(client, request[:size])
            self.say(f"{client.name} connects, sends {show(request[:size])} ({size} of {len(request)} bytes of a request) and waits")
        else:
            self.say(f"{client.name} connects and sends nothing")

    def half_request(self) -> int:
        return len(http_request("GET", self.wrong_text())) - 2  # the request line, no blank line

    def ask_while_stalled(self) -> None:
        self.still_serves()

    def closing_scenario(self) -> None:
        # WGUESS-2's own request comes first: it is a client that is answered too (the
        # V-WITNESS of every example), so its failure needs no client before it.
        if self.focus == "WGUESS-2" and not self.example_notes.get("asked_empty") and self.found is None:
            client = self.connect_silent()
            if client is not None:
                self.send_guess(client, "/")
                self.await_reply(client)
        super().closing_scenario()


# A fresh server per example (see GUESS_WEIGHTS): ten examples or fewer per requirement.
WEB_WEIGHTS = {"WGUESS-3": 0.3, "WGUESS-5": 0.4, "WGUESS-6": 0.3}

# V-WITNESS: what each check must have seen; elsewhere, an answer at all.
WEB_WITNESSES = {"WGUESS-1": "right", "WGUESS-3": "right", "WGUESS-4": "page", "WGUESS-5": "robust"}

GUESS_WEB_CHECKS = {
    req: Check(
        req,
        machine=GuessWebMachine,
        fresh_server=True,
        env={"SECRET": secret},
        weight=WEB_WEIGHTS.get(req, 0.5),
        witness=WEB_WITNESSES.get(req, "answer"),
    )
    for req, secret in WEB_SECRETS.items()
}

PROTOCOL_CHECKS = {"hello-web": HELLO_WEB_CHECKS, "guess-web": GUESS_WEB_CHECKS}

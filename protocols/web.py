"""hello-web (the course's HTTP server) and guess-web (exercise 3).

Beneath the requirements: responses parsed as Python's http.client parses them (WEB-1),
judged for WEB-2..5 and WGUESS-4, the outcome a guess-web page carries, the path-to-word
rule, and the found-state model of ``protocols.guess`` set up for words."""

from __future__ import annotations

import html
import html.parser
import http.client
import io
import re
import urllib.parse
from dataclasses import dataclass

from .framing import show
from .guess import Answer, FoundStateModel, GuessRules, Reply, Unreadable, Violation
from .requirements import Protocol, Transport, must, should, stop_rule

# C-STOP's client for the HTTP protocols (WEB-7, WGUESS-7).
HALF_REQUEST = "also with a client that sent half a request connected"

HELLO_WEB = Protocol(
    name="hello-web",
    title="hello-web — the course's HTTP server",
    filename="ourwebserver.py",
    transport=Transport.TCP,
    port=8000,
    reference="hello_web",
    requirements=(
        must(
            "WEB-1",
            "Every response to an HTTP/1.0 or HTTP/1.1 request is valid HTTP/1.0 or HTTP/1.1 that "
            "Python's http.client parses. Content-Type is compared by media type.",
        ),
        must("WEB-2", "GET / → 200, Content-Type: text/html, a body containing `hello client`."),
        must(
            "WEB-3",
            "GET /<anything else> → 404 with a body whose text (HTML entities decoded) contains "
            "the request target followed by ` not found` (/test not found). Escaping is WEB-4's alone.",
        ),
        should(
            "WEB-4",
            "Nothing the client sent is reflected as markup: a target's <, > and & are escaped in "
            "an HTML body. A \" in text content is not markup and may stay as it is.",
        ),
        must(
            "WEB-5",
            "Malformed request lines, malformed percent-escapes (%zz, a lone %), oversized "
            "headers, other methods and clients that disconnect mid-request do not stop the "
            "server (C-ROBUST); other well-formed methods get a 4xx/5xx answer.",
        ),
        should("WEB-6", "C-CONC: a client that sends half a request does not delay others."),
        stop_rule("WEB-7", HALF_REQUEST),
    ),
)

GUESS_WEB = Protocol(
    name="guess-web",
    title="guess-web — exercise 3",
    filename="guesswebserver.py",
    transport=Transport.TCP,
    port=8000,
    reference="guess_web",
    requirements=(
        must("WGUESS-1", "GUESS-1..4 hold, per request, with words for numbers."),
        must(
            "WGUESS-2",
            "Valid HTTP (as WEB-1); GET / is a guess of the empty word: `wrong` (or `secret found`).",
        ),
        must("WGUESS-3", "The secret is SECRET when it is set."),
        should("WGUESS-4", "The guessed word is never reflected unescaped into the HTML."),
        must("WGUESS-5", "C-ROBUST (as WEB-5, malformed percent-escapes included)."),
        should("WGUESS-6", "C-CONC."),
        stop_rule("WGUESS-7", HALF_REQUEST + " (as WEB-7)"),
    ),
)


# ---------------------------------------------------------------------------------------------
# HTTP responses, judged without a socket
# ---------------------------------------------------------------------------------------------

HTML = "text/html"


class MalformedResponse(ValueError):
    """Bytes that Python's http.client does not accept as an HTTP/1.0 or HTTP/1.1 response
    (WEB-1); the message says why, for a student."""


@dataclass(frozen=True)
class HttpResponse:
    """A response as http.client parsed it."""

    version: str
    status: int
    reason: str
    headers: tuple[tuple[str, str], ...]
    body: bytes

    def header(self, name: str) -> str | None:
        """The first value of a header, whatever the case of its name, or None."""
        for key, value in self.headers:
            if key.lower() == name.lower():
                return value
        return None

    @property
    def media_type(self) -> str | None:
        return media_type(self.header("Content-Type"))

    @property
    def text(self) -> str:
        """What a reader sees of the body: the text of an HTML page (tags dropped, entities
        decoded), else the body itself; white space runs shown as one space."""
        return body_text(self.body, self.header("Content-Type"))

    @property
    def status_line(self) -> str:
        return f"{self.status} {self.reason}".strip()


class _Wire:
    """Just enough of a socket for http.client.HTTPResponse to read bytes already received."""

    def __init__(self, data: bytes) -> None:
        self._data = data

    def makefile(self, mode: str, *args: object, **kwargs: object) -> io.BytesIO:
        return io.BytesIO(self._data)


def parse_response(raw: bytes, method: str = "GET") -> HttpResponse:
    """Parse everything a server sent on one connection (up to its close) as one HTTP
    response to ``method``, the way Python's http.client does (WEB-1); raises
    MalformedResponse when it does not parse or is not HTTP/1.0 or HTTP/1.1."""
    if not raw:
        raise MalformedResponse("the server sent nothing (no status line, no headers, no body)")
    first_line = raw.split(b"\n", 1)[0].rstrip(b"\r")
    response = http.client.HTTPResponse(_Wire(raw), method=method)  # type: ignore[arg-type]
    try:
        response.begin()
        body = response.read()
    except http.client.IncompleteRead as exc:
        raise MalformedResponse(
            f"the body ends after {len(exc.partial)} bytes, before its announced length"
        ) from None
    except http.client.UnknownProtocol:
        raise MalformedResponse(
            f"the status line {_show_line(first_line)} is not HTTP/1.0 or HTTP/1.1"
        ) from None
    except http.client.HTTPException as exc:
        if isinstance(exc, http.client.BadStatusLine) or not first_line.startswith(b"HTTP/"):
            raise MalformedResponse(
                f"the response does not start with a status line such as \"HTTP/1.0 200 OK\": "
                f"its first line is {_show_line(first_line)}"
            ) from None
        raise MalformedResponse(f"http.client cannot parse it ({type(exc).__name__}: {exc})") from None
    version = first_line.split(b" ", 1)[0].decode("ascii", "replace")
    if version not in ("HTTP/1.0", "HTTP/1.1"):
        raise MalformedResponse(f"the status line says {version!r}, not HTTP/1.0 or HTTP/1.1")
    return HttpResponse(version, response.status, response.reason, tuple(response.getheaders()), body)


def _show_line(line: bytes, limit: int = 60) -> str:
    return show(line, limit) if line else "empty"


def media_type(content_type: str | None) -> str | None:
    """The media type of a Content-Type value, lower case, parameters dropped:
    `text/html; charset=utf-8` and `Text/HTML` are both `text/html` (WEB-1)."""
    if content_type is None:
        return None
    return content_type.split(";", 1)[0].strip().lower() or None


def charset(content_type: str | None) -> str:
    """The charset a Content-Type names, or utf-8 (also when it names one Python lacks)."""
    for param in (content_type or "").split(";")[1:]:
        key, _, value = param.partition("=")
        if key.strip().lower() == "charset":
            name = value.strip().strip('"')
            try:
                "".encode(name)
            except LookupError:
                break
            return name
    return "utf-8"


class _TextOfHtml(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)

    def handle_starttag(self, tag: str, attrs: object) -> None:
        self.parts.append(" ")

    def handle_endtag(self, tag: str) -> None:
        self.parts.append(" ")


_SPACES = re.compile(r"\s+")


def body_text(body: bytes, content_type: str | None = HTML) -> str:
    """What a reader sees of a body: for HTML (or no Content-Type, which browsers sniff) the
    text between the tags with entities decoded, else the body as text; every run of white
    space becomes one space."""
    decoded = body.decode(charset(content_type), "replace")
    if media_type(content_type) in (HTML, None):
        parser = _TextOfHtml()
        parser.feed(decoded)
        parser.close()
        decoded = "".join(parser.parts)
    return _SPACES.sub(" ", decoded).strip()


def _flat(body: bytes, content_type: str | None) -> str:
    return _SPACES.sub(" ", body.decode(charset(content_type), "replace"))


# What turns text into markup. A `"` is markup only inside a tag, where a reflected `<` is
# already the fault: in text it may stay as it is (WEB-4, V-LENIENT: send_error and
# html.escape(..., quote=False) leave it).
MARKUP_CHARACTERS = frozenset("<>&")
_ESCAPED = {
    "<": r"&lt;|&#0*60;|&#[xX]0*3[cC];",
    ">": r"&gt;|&#0*62;|&#[xX]0*3[eE];",
    "&": r"&amp;|&#0*38;|&#[xX]0*26;",
    '"': r'"|&quot;|&#0*34;|&#[xX]0*22;',
    "'": r"'|&apos;|&#0*39;|&#[xX]0*27;",
}


def _escaped_pattern(text: str) -> re.Pattern[str]:
    """Every escaped rendering of ``text``: each markup character as any of its entities."""
    return re.compile("".join(f"(?:{_ESCAPED[c]})" if c in _ESCAPED else re.escape(c) for c in text))


def target_readings(target: str) -> list[str]:
    """The request target as a server may read it (V-LENIENT), longest first: as sent or
    percent-decoded; with its query or without it (``self.path.split("?")[0]``); and as
    ``urllib.parse.urlparse(self.path).path`` reads it, which also cuts a last segment's
    ``;params`` off (``/a&amp;`` is the path ``/a&amp``)."""
    path = target.split("?", 1)[0]
    parsed = urllib.parse.urlparse(target).path
    readings = [target, urllib.parse.unquote(target), path, urllib.parse.unquote(path), parsed, urllib.parse.unquote(parsed)]
    return list(dict.fromkeys(r for r in readings if r))


def markup_reflections(response: HttpResponse, sent: str) -> list[str]:
    """What the client sent that came back as markup: each form of ``sent`` (the request
    target as sent, percent-decoded, and the word after its first `/`, raw and decoded) that
    holds `<`, `>` or `&` and appears unescaped in an HTML body — once every escaped
    rendering of it (`&lt;`, `&#60;`, …; a `"` as it is or escaped) has been set aside
    (WEB-4, WGUESS-4).

    Meaningful for probes whose markup carries distinctive text (`/<i>probe-7</i>`): a form
    with no letter or digit (`<`, `&`) cannot be told from the page's own markup and is
    never reported."""
    if response.media_type not in (HTML, None):
        return []
    body = _flat(response.body, response.header("Content-Type"))
    readings = target_readings(sent)
    words = [reading.partition("/")[2] if reading.startswith("/") else reading for reading in readings]
    forms = dict.fromkeys(_SPACES.sub(" ", form) for form in (*readings, *words))
    # The escaped renderings of every reading are set aside before any is looked for: the
    # escaped form of one reading may hold another reading as it was sent (`/a&amp`, the
    # path urlparse reads from `/a&amp;`, escaped is `/a&amp;amp`, which holds `/a&amp;`).
    # Only readings that hold markup are set aside: the plain text of one that holds none
    # (`/a`, cut from `/a;<b>`) would cut a raw reflection of the whole in two.
    marked = [form for form in forms if MARKUP_CHARACTERS.intersection(form)]
    rest = body
    for form in sorted(marked, key=len, reverse=True):
        rest = _escaped_pattern(form).sub("", rest)
    return [form for form in marked if any(c.isalnum() for c in form) and form in rest]


# ---------------------------------------------------------------------------------------------
# hello-web
# ---------------------------------------------------------------------------------------------

HELLO = "hello client"
NOT_FOUND = " not found"


def judge_root(response: HttpResponse) -> list[Violation]:
    """WEB-2: `GET /` gets 200, Content-Type text/html and a body containing `hello client`."""
    problems = []
    if response.status != 200:
        problems.append(f"the status is {response.status_line}, not 200 OK")
    if response.media_type != HTML:
        problems.append(_content_type_problem(response))
    if HELLO not in response.text and HELLO not in _flat(response.body, response.header("Content-Type")):
        problems.append(f"the body does not contain {HELLO!r} (it reads {_excerpt(response.text)})")
    if not problems:
        return []
    return [Violation("WEB-2", f"GET / got a response where {_and(problems)}.")]


def judge_not_found(response: HttpResponse, target: str) -> list[Violation]:
    """WEB-3 and WEB-4 for `GET <target>` (any target but `/`): 404, a body containing the
    target followed by ` not found` (read as HTML text with entities decoded, or as written;
    the target as sent or percent-decoded, with or without its query), and nothing of the
    target reflected as markup."""
    violations = []
    # The target as sent or percent-decoded; with its query or (a server that reports the
    # path it looked up, urlparse(self.path).path) without it (V-LENIENT).
    # White space is compared as the page's text is read: any run of it is one space.
    expected = list(dict.fromkeys(_SPACES.sub(" ", form + NOT_FOUND) for form in target_readings(target)))
    problems = []
    if response.status != 404:
        problems.append(f"the status is {response.status_line}, not 404")
    seen = (response.text, _flat(response.body, response.header("Content-Type")))
    if not any(e in s for e in expected for s in seen):
        problems.append(f"the body does not contain {expected[0]!r} (it reads {_excerpt(response.text)})")
    if problems:
        violations.append(Violation("WEB-3", f"GET {target} got a response where {_and(problems)}."))
    reflected = markup_reflections(response, target)
    if reflected:
        violations.append(_markup_violation("WEB-4", target, reflected))
    return violations


def judge_other_method(response: HttpResponse, method: str, target: str = "/") -> Violation | None:
    """WEB-5 (and WGUESS-5's part of it): a well-formed request with another method than GET
    gets a 4xx or 5xx answer (501 Not Implemented or 405 Method Not Allowed, typically)."""
    if 400 <= response.status <= 599:
        return None
    return Violation(
        "WEB-5",
        f"{method} {target} got {response.status_line}; a method the server does not serve gets "
        "a 4xx or 5xx status (501 Not Implemented, for instance).",
    )


def _content_type_problem(response: HttpResponse) -> str:
    value = response.header("Content-Type")
    if value is None:
        return "there is no Content-Type header (it should be text/html)"
    return f"the Content-Type is {value!r}, not text/html"


def _markup_violation(req_id: str, target: str, reflected: list[str]) -> Violation:
    return Violation(
        req_id,
        f"GET {target} got a page that contains {reflected[0]!r} unescaped: what the client "
        "sent becomes markup (html.escape turns <, > and & into &lt;, &gt; and &amp;).",
    )


def _excerpt(text: str, limit: int = 80) -> str:
    if not text:
        return "empty"
    return repr(text if len(text) <= limit else text[:limit] + "…")


def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


# ---------------------------------------------------------------------------------------------
# guess-web
# ---------------------------------------------------------------------------------------------

_WORD = re.compile(r"[a-z]+")
_OUTCOME = re.compile(r"(?<![A-Za-z0-9_])(?:(secret\s+found)|(wrong)|(right))(?![A-Za-z0-9_])", re.IGNORECASE)


def _raw_word(target: str) -> str:
    path = target.split("?", 1)[0]
    before, slash, after = path.partition("/")
    return after if slash else before


def guess_word(target: str) -> str:
    """The word `GET <target>` guesses: the path after the first `/`, percent-decoded, before
    any `?` (`/apple?x=1` and `/%61pple` guess `apple`; `/` guesses the empty word). The
    query is cut before decoding, so `%3F` is part of the word."""
    return urllib.parse.unquote(_raw_word(target))


def is_secret_word(word: str) -> bool:
    """Whether a word can be a guess-web secret: one or more lower-case ASCII letters."""
    return _WORD.fullmatch(word) is not None


def outcomes_in(text: str) -> list[Answer]:
    """The distinct outcomes a page's text holds as whole words, in order of first
    appearance: `secret found` (white space between), `wrong`, `right`, in any case
    (`Wrong!` is `wrong`; `copyright` and `wrongly` are nothing)."""
    found: list[Answer] = []
    for match in _OUTCOME.finditer(text):
        answer = Answer.FOUND if match.group(1) else Answer.WRONG if match.group(2) else Answer.RIGHT
        if answer not in found:
            found.append(answer)
    return found


def read_guess_page(response: HttpResponse) -> Reply:
    """The outcome a guess-web response carries: 200, Content-Type text/html and a page whose
    text holds exactly one outcome; anything else is Unreadable, saying what came instead.

    A page that reflects the guessed word holds the outcome words the word contains: a
    driver guesses words holding no outcome word (unless it is the secret)."""
    if response.status != 200:
        return Unreadable(f"a {response.status_line} response instead of 200 OK")
    if response.media_type != HTML:
        return Unreadable(f"a response where {_content_type_problem(response)}")
    outcomes = outcomes_in(response.text)
    if len(outcomes) == 1:
        return outcomes[0]
    if not outcomes:
        return Unreadable(f"a page holding none of the outcomes (it reads {_excerpt(response.text)})")
    return Unreadable(
        f"a page holding several outcomes ({_and([str(a) for a in outcomes])}; it reads "
        f"{_excerpt(response.text)})"
    )


def judge_guess_escaping(response: HttpResponse, target: str) -> Violation | None:
    """WGUESS-4: the guessed word is never reflected unescaped into the HTML."""
    reflected = markup_reflections(response, target)
    return _markup_violation("WGUESS-4", target, reflected) if reflected else None


def word_reading(target: str) -> str | None:
    """The word a friendlier server reads in a guess that is no possible secret as it stands
    (V-LENIENT): the word with surrounding white space stripped and lower-cased (`/Quince`,
    `/%20quince`), when that is a possible secret; else None."""
    word = guess_word(target)
    friendly = word.strip().lower()
    if friendly != word and is_secret_word(friendly):
        return friendly
    return None


def _describe_word_guess(target: str) -> str:
    word = guess_word(target)
    if not word:
        return f"GET {target} (a guess of the empty word)"
    friendly = word_reading(target)
    if friendly is not None:
        return f"GET {target} (a guess of the word {word!r}, or {friendly!r} to a server that ignores case)"
    if target == "/" + word:
        return f"GET {target}"
    return f"GET {target} (a guess of the word {word!r})"


WORD_RULES = GuessRules(
    value=guess_word,
    could_be_secret=lambda v: isinstance(v, str) and is_secret_word(v),
    universe=None,
    canonical=lambda word: f"/{word}",
    show_secret=repr,
    describe=_describe_word_guess,
    ids={
        "before-found": "WGUESS-1",
        "first-right": "WGUESS-1",
        "after-found": "WGUESS-1",
        "one-right": "WGUESS-1",
        "secret": "WGUESS-3",
    },
    own_id=lambda target: "WGUESS-2" if guess_word(target) == "" else None,
    reading=word_reading,
    own_rule="GET / is a guess of the empty word: `wrong` (or `secret found` once found)",
    reply_rule="the answer is 200, Content-Type text/html, a page whose text holds exactly one "
    "of the outcomes `wrong`, `right`, `secret found`",
)


def word_model(secret: str | None = None) -> FoundStateModel:
    """The found-state model for guess-web: guesses are request targets, secrets are words."""
    return FoundStateModel(WORD_RULES, secret)

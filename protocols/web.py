"""hello-web (the course's HTTP server) and guess-web (exercise 3)."""

from __future__ import annotations

from .requirements import Protocol, Transport, must, should

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
            "GET /<anything else> → 404 with a body containing the request target followed by "
            "` not found` (/test not found); HTML-escaped in an HTML body.",
        ),
        should(
            "WEB-4",
            "A target with <, >, & or \" is escaped in an HTML body: nothing the client sent is "
            "reflected as markup.",
        ),
        must(
            "WEB-5",
            "Malformed request lines, oversized headers, other methods and clients that "
            "disconnect mid-request do not stop the server (C-ROBUST); other well-formed methods "
            "get a 4xx/5xx answer.",
        ),
        should("WEB-6", "C-CONC: a client that sends half a request does not delay others."),
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
        must("WGUESS-5", "C-ROBUST (as WEB-5)."),
        should("WGUESS-6", "C-CONC."),
    ),
)

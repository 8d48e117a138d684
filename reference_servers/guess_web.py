"""The guess-web server: `GET /<word>` guesses a secret word; the first correct guess gets
`right`, and from then on every guess gets `secret found`.

The word is the path after the first `/`, before any `?`, percent-decoded (`/apple?x=1` and
`/%61pple` both guess `apple`; `/` guesses the empty word). The secret is SECRET when that
is set (lower-case letters), else a word chosen at random. Every answer is a small HTML page
holding exactly one outcome; it does not repeat the guess, so no guess can add an outcome
word to the page or smuggle markup into it. Checking and setting the found state happen
under one lock: of simultaneous correct guesses exactly one is told `right`."""

import argparse
import os
import random
import re
import sys
import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

WORDS = ["apple", "banana", "cherry", "lemon", "mango", "melon", "olive", "peach", "plum"]

PAGE = """<!DOCTYPE html>
<html>
<head><title>Guess the secret word</title></head>
<body><h1>{outcome}</h1></body>
</html>
"""


class Secret:
    """The secret word and whether it has been found; ``judge`` is the only way to touch them."""

    def __init__(self, word):
        self.word = word
        self.found = False
        self.lock = threading.Lock()

    def judge(self, guess):
        with self.lock:
            if self.found:
                return "secret found"
            if guess == self.word:
                self.found = True
                return "right"
            return "wrong"


def guessed_word(target):
    """The word a request target guesses: after the first `/`, before any `?`, decoded."""
    path = target.split("?", 1)[0]
    return urllib.parse.unquote(path.partition("/")[2])


class GuessHandler(BaseHTTPRequestHandler):
    def do_GET(self):
        outcome = self.server.secret.judge(guessed_word(self.path))
        body = PAGE.format(outcome=outcome).encode("utf-8")
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


class GuessWebServer(ThreadingHTTPServer):
    def __init__(self, address, secret):
        super().__init__(address, GuessHandler)
        self.secret = secret

    def handle_error(self, request, client_address):
        """A client that hangs up early is no reason to print a traceback."""
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


def secret_from_environment():
    """SECRET when it is set (it must be lower-case letters), else a random word."""
    value = os.environ.get("SECRET")
    if value is None:
        return random.choice(WORDS)
    if re.fullmatch("[a-z]+", value) is None:
        sys.exit(f"SECRET must be a word of lower-case letters, not {value!r}")
    return value


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=8000)
    args = parser.parse_args()
    secret = Secret(secret_from_environment())
    with GuessWebServer(("", args.port), secret) as server:
        print("guess-web server is listening to", args.port, flush=True)
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            print("ctrl c pressed, shutting down")


if __name__ == "__main__":
    main()

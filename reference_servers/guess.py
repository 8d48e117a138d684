"""The guess server: clients guess a secret number from 0 to 99; the first correct guess gets
`right`, and from then on every guess, from any client, gets `secret found`.

The secret comes from the SECRET environment variable when it is set, else it is chosen at
random. ``rfile.read(25)`` reads exactly one 25-byte guess however the client's writes were
split. A guess is a number only when its text is ASCII digits (`042` is 42; `+42` and ` 42`
are not). Checking and setting the found state happen under one lock, so that of several
clients sending the correct guess at the same moment exactly one is told `right`."""

import argparse
import os
import random
import socketserver
import sys
import threading

REQUEST_SIZE = 25


class Secret:
    """The secret and whether it has been found; ``judge`` is the only way to touch them."""

    def __init__(self, number):
        self.number = number
        self.found = False
        self.lock = threading.Lock()

    def judge(self, guess):
        """The reply to a guess (an int, or None when it is not a number)."""
        with self.lock:
            if self.found:
                return "secret found"
            if guess == self.number:
                self.found = True
                return "right"
            return "wrong"


def parse_guess(request):
    """The number a 25-byte request stands for, or None when its text is not ASCII digits."""
    text = request.rstrip(b" ")
    return int(text) if text.isdigit() else None  # bytes.isdigit: ASCII digits only


class GuessHandler(socketserver.StreamRequestHandler):
    def handle(self):
        request = self.rfile.read(REQUEST_SIZE)
        if len(request) < REQUEST_SIZE:
            return  # the client left before sending a whole guess
        reply = self.server.secret.judge(parse_guess(request))
        self.wfile.write(reply.encode("ascii"))


class GuessServer(socketserver.ThreadingTCPServer):
    allow_reuse_address = True
    daemon_threads = True

    def __init__(self, address, secret):
        super().__init__(address, GuessHandler)
        self.secret = secret

    def handle_error(self, request, client_address):
        """A client that resets its connection is no reason to print a traceback."""


def secret_from_environment():
    """SECRET when it is set (it must be a number from 0 to 99), else a random secret."""
    value = os.environ.get("SECRET")
    if value is None:
        return random.randint(0, 99)
    if not (value.isascii() and value.isdigit() and int(value) <= 99):
        sys.exit(f"SECRET must be a number from 0 to 99, not {value!r}")
    return int(value)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=12093)
    args = parser.parse_args()
    secret = Secret(secret_from_environment())
    with GuessServer(("", args.port), secret) as server:
        print("guess server is listening to", args.port, flush=True)
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            print("ctrl c pressed, closing server")


if __name__ == "__main__":
    main()

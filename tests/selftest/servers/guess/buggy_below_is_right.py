"""Buggy (GUESS-5): the test for the secret lets the numbers below it through.

A student who began from a higher-or-lower game kept its one comparison: a guess that is
not too high (`guess <= SECRET`) is `right`. So with SECRET=31 the first guess from 0 to 31
finds "the secret", and the server's secret is not SECRET. A draw guesses below the secret
before the secret itself only on some seeds; the edge case `one below the secret` does on
every run. Otherwise correct: socketserver threads, a lock around the found state,
rfile.read(25).
"""

import os
import random
import threading
from socketserver import StreamRequestHandler, ThreadingTCPServer

PORT = 12093
SECRET = int(os.environ["SECRET"]) if "SECRET" in os.environ else random.randint(0, 99)

found = False
lock = threading.Lock()


def answer(data):
    """The reply to a 25-byte guess."""
    global found
    text = data.rstrip(b" ")
    guess = int(text) if text.isdigit() else None
    with lock:
        if found:
            return "secret found"
        if guess is not None and guess <= SECRET:
            found = True
            return "right"
        return "wrong"


class GuessHandler(StreamRequestHandler):
    def handle(self):
        data = self.rfile.read(25)
        if len(data) == 25:
            self.wfile.write(answer(data).encode())


def main():
    ThreadingTCPServer.allow_reuse_address = True
    ThreadingTCPServer.daemon_threads = True
    ss = ThreadingTCPServer(("", PORT), GuessHandler)
    print("server is listening to", PORT)
    try:
        ss.serve_forever()
    except KeyboardInterrupt:
        print(" ctrl c pressed, closing server")
        ss.server_close()


if __name__ == "__main__":
    main()

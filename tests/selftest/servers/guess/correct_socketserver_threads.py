"""Correct: socketserver threads; a lock makes the found state's check-then-set atomic.

The secret is SECRET when set, else random. rfile.read(25) reads exactly one guess however
it was split; a guess is a number only when it is ASCII digits.
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
        if guess == SECRET:
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

"""Buggy: found is looked at when a client connects; one connected before the find is still told `wrong`.

The handler copies the found flag in setup(), at accept time. A client that connected
before the secret was found and sends a wrong guess afterwards gets `wrong` instead of
`secret found` (GUESS-3). The correct guess is checked against the live flag under a lock,
so there is still exactly one `right`.
"""

import os
import random
import threading
from socketserver import StreamRequestHandler, ThreadingTCPServer

PORT = 12093
SECRET = int(os.environ["SECRET"]) if "SECRET" in os.environ else random.randint(0, 99)

found = False
lock = threading.Lock()


class GuessHandler(StreamRequestHandler):
    def setup(self):
        super().setup()
        self.found_when_connected = found  # BUG: a snapshot, stale by the time the guess comes

    def handle(self):
        global found
        data = self.rfile.read(25)
        if len(data) < 25:
            return
        text = data.rstrip(b" ")
        if self.found_when_connected:
            reply = "secret found"
        elif text.isdigit() and int(text) == SECRET:
            with lock:
                reply = "secret found" if found else "right"
                found = True
        else:
            reply = "wrong"
        self.wfile.write(reply.encode())


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

"""Buggy: answers `Wrong` with a capital W; the protocol's replies are lower case.

Otherwise correct (socketserver threads and a lock): `right` and `secret found` are spelt
as they should be, so only the wrong guesses before the find go wrong (GUESS-1).
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
    def handle(self):
        global found
        data = self.rfile.read(25)
        if len(data) < 25:
            return
        text = data.rstrip(b" ")
        with lock:
            if found:
                reply = "secret found"
            elif text.isdigit() and int(text) == SECRET:
                found = True
                reply = "right"
            else:
                reply = "Wrong"  # BUG: replies are lower case
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

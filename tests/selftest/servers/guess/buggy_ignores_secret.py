"""Buggy: ignores SECRET and always picks a random secret; otherwise a correct threaded server.

Everything but GUESS-5 holds, as a sweep over 0..99 shows without knowing the secret.
(One run in a hundred the random secret happens to be SECRET.)
"""

import random
import threading
from socketserver import StreamRequestHandler, ThreadingTCPServer

PORT = 12093
SECRET = random.randint(0, 99)  # BUG: the SECRET environment variable is never read

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

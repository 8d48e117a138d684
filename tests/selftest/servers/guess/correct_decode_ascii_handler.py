"""Correct: a guessing server on `socketserver` (`ThreadingMixIn` by hand, `daemon_threads`),
reading `self.rfile.read(25).decode("ascii").strip()` and `int()` in a `try`, with a lock
around the found state. Bytes that are not ASCII make the handler raise: socketserver
prints the traceback, closes that connection unanswered and serves the next client, which
is all C-ROBUST asks."""

import os
import random
import socketserver
import threading

PORT = 12093
secret = int(os.environ.get("SECRET", random.randint(0, 99)))
found = False
lock = threading.Lock()


class GuessHandler(socketserver.StreamRequestHandler):
    def handle(self):
        global found
        text = self.rfile.read(25).decode("ascii").strip()
        try:
            guess = int(text)
        except ValueError:
            guess = None
        with lock:
            if found:
                answer = "secret found"
            elif guess == secret:
                found = True
                answer = "right"
            else:
                answer = "wrong"
        self.wfile.write(answer.encode())


class Server(socketserver.ThreadingMixIn, socketserver.TCPServer):
    allow_reuse_address = True
    daemon_threads = True


with Server(("", PORT), GuessHandler) as server:
    print("guess server on port", PORT)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        print("bye")

"""Threaded game that calls int() on the request with no try: a guess that is not a number kills its handler unanswered (breaks GUESS-7)."""
import os
import random
import threading
from socketserver import StreamRequestHandler, ThreadingTCPServer

PORT = 12093
SECRET = int(os.environ.get("SECRET", random.randint(0, 99)))
lock = threading.Lock()
found = False


class GuessHandler(StreamRequestHandler):
    def handle(self):
        global found
        data = self.rfile.read(25)
        if len(data) < 25:
            return
        guess = int(data.decode(errors="replace"))
        with lock:
            if found:
                reply = "secret found"
            elif guess == SECRET:
                found = True
                reply = "right"
            else:
                reply = "wrong"
        self.wfile.write(reply.encode())


if __name__ == "__main__":
    ThreadingTCPServer.allow_reuse_address = True
    ThreadingTCPServer.daemon_threads = True
    server = ThreadingTCPServer(("", PORT), GuessHandler)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        server.socket.close()

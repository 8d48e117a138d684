"""Correct threaded game, but the secret is always random: SECRET is never read (breaks GUESS-5)."""
import random
import threading
from socketserver import StreamRequestHandler, ThreadingTCPServer

PORT = 12093
SECRET = random.randint(0, 99)
lock = threading.Lock()
found = False


class GuessHandler(StreamRequestHandler):
    def handle(self):
        global found
        data = self.rfile.read(25)
        if len(data) < 25:
            return
        try:
            guess = int(data.decode().strip())
        except ValueError:
            guess = None
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
    print("the secret is", SECRET)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        server.socket.close()

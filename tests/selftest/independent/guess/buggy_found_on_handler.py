"""ThreadingTCPServer that keeps the found flag on the handler (self.found): a new handler per client forgets the find (breaks GUESS-3, GUESS-4, GUESS-7)."""
import os
import random
from socketserver import StreamRequestHandler, ThreadingTCPServer

PORT = 12093
SECRET = int(os.environ.get("SECRET", random.randint(0, 99)))


class GuessHandler(StreamRequestHandler):
    found = False

    def handle(self):
        data = self.rfile.read(25)
        if len(data) < 25:
            return
        try:
            guess = int(data.decode().strip())
        except ValueError:
            guess = None
        if self.found:
            reply = "secret found"
        elif guess == SECRET:
            self.found = True
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

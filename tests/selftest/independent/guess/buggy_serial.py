"""The course's plain TCPServer with a correct game: one client at a time (breaks GUESS-8)."""
import os
import random
from socketserver import StreamRequestHandler, TCPServer

PORT = 12093
SECRET = int(os.environ.get("SECRET", random.randint(0, 99)))
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
        if found:
            reply = "secret found"
        elif guess == SECRET:
            found = True
            reply = "right"
        else:
            reply = "wrong"
        self.wfile.write(reply.encode())


if __name__ == "__main__":
    TCPServer.allow_reuse_address = True
    server = TCPServer(("", PORT), GuessHandler)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        server.socket.close()

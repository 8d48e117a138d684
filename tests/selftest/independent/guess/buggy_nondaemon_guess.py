"""ThreadingTCPServer with daemon_threads left False; the game is right, but a silent client keeps the process alive after ctrl-C (breaks GUESS-9)."""
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
        try:
            guess = int(data.decode().strip())
        except ValueError:
            guess = -1
        with lock:
            if found:
                reply = "secret found"
            elif guess == SECRET:
                found = True
                reply = "right"
            else:
                reply = "wrong"
        self.wfile.write(reply.encode())


def main():
    ThreadingTCPServer.allow_reuse_address = True
    server = ThreadingTCPServer(("", PORT), GuessHandler)
    print("guess server on", PORT)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        print("ctrl c pressed")
        server.server_close()


if __name__ == "__main__":
    main()

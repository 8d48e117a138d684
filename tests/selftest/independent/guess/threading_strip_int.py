"""ThreadingTCPServer, rfile.read(25), strip() and int() in a try, a lock around the found flag."""
import os
import random
import threading
from socketserver import StreamRequestHandler, ThreadingTCPServer

PORT = 12093
SECRET = int(os.environ["SECRET"]) if "SECRET" in os.environ else random.randint(0, 99)
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
        except ValueError:  # UnicodeDecodeError is a ValueError too
            guess = None
        with lock:
            if found:
                reply = "secret found"
            elif guess == SECRET:
                found = True
                reply = "right"
            else:
                reply = "wrong"
        print(self.client_address, "guessed", guess, "->", reply)
        self.wfile.write(reply.encode())


def main():
    ThreadingTCPServer.allow_reuse_address = True
    ThreadingTCPServer.daemon_threads = True
    server = ThreadingTCPServer(("", PORT), GuessHandler)
    print("guess server on", PORT)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        print(" ctrl c pressed, closing server")
        server.socket.close()


if __name__ == "__main__":
    main()

"""Buggy: greets every client with a banner before it has read anything.

`welcome to the guessing game\n` goes out as soon as a client connects; then the server
reads the 25-byte guess and sends `wrong`, `right` or `secret found` as it should. The
banner is no answer: a client reading its reply gets the banner and the answer together,
which is not one answer followed by white space (C-TEXT), and it comes before the guess's
last byte (C-EXACT).
"""

import os
import random
import socketserver
import threading

PORT = 12093
SECRET = int(os.environ["SECRET"]) if "SECRET" in os.environ else random.randint(0, 99)

found = False
lock = threading.Lock()


class Handler(socketserver.BaseRequestHandler):
    def handle(self):
        global found
        self.request.sendall(b"welcome to the guessing game\n")  # BUG: a banner before the answer
        data = b""
        while len(data) < 25:
            chunk = self.request.recv(25 - len(data))
            if not chunk:
                return
            data += chunk
        text = data.decode("ascii", "replace").strip()
        guess = int(text) if text.isdigit() else None
        with lock:
            if found:
                reply = "secret found"
            elif guess == SECRET:
                found = True
                reply = "right"
            else:
                reply = "wrong"
        self.request.sendall(reply.encode())


class Server(socketserver.ThreadingMixIn, socketserver.TCPServer):
    allow_reuse_address = True
    daemon_threads = True


def main():
    with Server(("", PORT), Handler) as server:
        print("server is listening to", PORT)
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            print(" ctrl c pressed, closing server")


if __name__ == "__main__":
    main()

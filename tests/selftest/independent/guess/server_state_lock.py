"""ThreadingTCPServer subclass holding the secret, the found flag and a lock; int(text.strip()) inside try; ctrl-C calls server_close() and exits."""
import os
import random
import socketserver
import threading

PORT = 12093


class GuessServer(socketserver.ThreadingTCPServer):
    allow_reuse_address = True
    daemon_threads = True

    def __init__(self, address, handler):
        super().__init__(address, handler)
        if os.environ.get("SECRET") is not None:
            self.secret = int(os.environ["SECRET"])
        else:
            self.secret = random.randint(0, 99)
        self.found = False
        self.lock = threading.Lock()

    def judge(self, guess):
        with self.lock:
            if self.found:
                return "secret found"
            if guess == self.secret:
                self.found = True
                return "right"
            return "wrong"


class GuessHandler(socketserver.StreamRequestHandler):
    def handle(self):
        data = self.rfile.read(25)
        if len(data) < 25:
            return
        text = data.decode("ascii", errors="replace")
        try:
            guess = int(text.strip())
        except ValueError:
            guess = None
        answer = self.server.judge(guess)
        print(self.client_address, repr(text.strip()), "->", answer)
        self.wfile.write(answer.encode())


def main():
    server = GuessServer(("", PORT), GuessHandler)
    print("guess server on port", PORT)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        print("ctrl c pressed, closing server")
        server.server_close()


if __name__ == "__main__":
    main()

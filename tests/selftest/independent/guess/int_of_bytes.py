"""ThreadingTCPServer that calls int() straight on the 25 bytes read (int() skips the padding) in a try, with a lock."""
import os
import random
import threading
from socketserver import StreamRequestHandler, ThreadingMixIn, TCPServer

PORT = 12093


class Server(ThreadingMixIn, TCPServer):
    allow_reuse_address = True
    daemon_threads = True

    def __init__(self, address, handler):
        super().__init__(address, handler)
        self.secret = int(os.environ.get("SECRET", random.randint(0, 99)))
        self.found = False
        self.lock = threading.Lock()


class Handler(StreamRequestHandler):
    def handle(self):
        data = self.rfile.read(25)
        if len(data) != 25:
            return
        try:
            number = int(data)
        except ValueError:
            number = None
        with self.server.lock:
            if self.server.found:
                answer = b"secret found"
            elif number == self.server.secret:
                self.server.found = True
                answer = b"right"
            else:
                answer = b"wrong"
        self.wfile.write(answer)


if __name__ == "__main__":
    server = Server(("", PORT), Handler)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        server.server_close()

"""Correct: socketserver's UnixStreamServer with threads, written the usual way for a Unix
socket: remove a stale socket file before binding, make the socket reachable with
os.chmod after binding, and os.unlink it when the server stops — none of them guarded.
"""

import os
import socketserver
import time

PATH = "clockunix.sock"


class ClockHandler(socketserver.StreamRequestHandler):
    def handle(self):
        data = self.rfile.read(25)
        if len(data) == 25:
            self.wfile.write(time.ctime().encode())


class Server(socketserver.ThreadingMixIn, socketserver.UnixStreamServer):
    daemon_threads = True


def main():
    if os.path.exists(PATH):
        os.unlink(PATH)
    server = Server(PATH, ClockHandler)
    os.chmod(PATH, 0o666)
    print("clock server listening at", PATH, oct(os.stat(PATH).st_mode))
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        print("ctrl c pressed, closing server")
    finally:
        server.server_close()
        os.unlink(PATH)


if __name__ == "__main__":
    main()

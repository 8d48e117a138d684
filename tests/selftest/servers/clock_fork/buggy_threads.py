"""Buggy: serves each client in a thread of the one server process, not in a child process.

The sessions themselves are right (ThreadingTCPServer, rfile.read(25) per request), they
are concurrent, and ctrl-C ends everything, but no child process ever serves a client
(FORK-3). Daemon threads die with the process, so connected clients see the end at ctrl-C.
"""

from socketserver import StreamRequestHandler, ThreadingTCPServer
from time import ctime

PORT = 12091


class ClockSession(StreamRequestHandler):
    """Tells the time for every 25-byte request, until the client closes."""

    def handle(self):
        while len(self.rfile.read(25)) == 25:
            self.wfile.write(ctime().encode())


class ClockServer(ThreadingTCPServer):
    allow_reuse_address = True
    daemon_threads = True


def main():
    """Starts the server and serves clients until ctrl c."""
    with ClockServer(('', PORT), ClockSession) as server:
        print('server is listening to', PORT)
        try:
            print('press ctrl c to stop server')
            server.serve_forever()
        except KeyboardInterrupt:
            print(' ctrl c pressed, closing server')


if __name__ == "__main__":
    main()

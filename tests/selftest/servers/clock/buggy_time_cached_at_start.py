"""Buggy: takes the time once, when the server starts, and tells every client that same time.

A thread per client (ThreadingTCPServer). The reply is ctime text of the right shape, but
it goes stale: once the server has run for more than a second, it is not the current time
(CLOCK-1).
"""

from socketserver import StreamRequestHandler, ThreadingTCPServer
from time import ctime

PORT = 12091
NOW = ctime()  # BUG: the time the server started, not the time it is asked


class ServerClock(StreamRequestHandler):
    """The server tells the clients the time."""

    def handle(self):
        """Handler sends time to client."""
        message = self.rfile.read(25)
        print('read', message, 'from', self.client_address)
        self.wfile.write(NOW.encode())


class ClockServer(ThreadingTCPServer):
    allow_reuse_address = True
    daemon_threads = True


def main():
    """Starts the server and serves requests."""
    ss = ClockServer(('', PORT), ServerClock)
    print('server is listening to', PORT)
    try:
        print('press ctrl c to stop server')
        ss.serve_forever()
    except KeyboardInterrupt:
        print(' ctrl c pressed, closing server')
        ss.socket.close()


if __name__ == "__main__":
    main()

"""Buggy: keeps the connection open after the reply, waiting for more requests until the client closes.

A thread per client (ThreadingTCPServer). Each 25-byte request is answered at once and
correctly, but the handler loops like a clock-fork session instead of returning, so the
server does not close the connection after the reply (CLOCK-4).
"""

from socketserver import StreamRequestHandler, ThreadingTCPServer
from time import ctime

PORT = 12091


class ServerClock(StreamRequestHandler):
    """The server tells the clients the time."""

    def handle(self):
        """Handler sends time to client."""
        while True:  # BUG: a session; the clock protocol is one request per connection
            message = self.rfile.read(25)
            if len(message) < 25:
                break
            print('read', message, 'from', self.client_address)
            self.wfile.write(ctime().encode())


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

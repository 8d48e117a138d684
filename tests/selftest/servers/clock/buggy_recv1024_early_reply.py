"""Buggy: replies to whatever one recv(1024) returns, so a request split in pieces is answered early.

A thread per client (ThreadingTCPServer). The first piece of a fragmented request is taken
for the whole request and answered before byte 25 arrives (CLOCK-2). A request sent in
one write arrives whole on loopback, so everything else works.
"""

from socketserver import StreamRequestHandler, ThreadingTCPServer
from time import ctime

PORT = 12091


class ServerClock(StreamRequestHandler):
    """The server tells the clients the time."""

    def handle(self):
        """Handler sends time to client."""
        data = self.request.recv(1024)  # BUG: may be only part of the request
        print('read', data, 'from', self.client_address)
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

"""Buggy: reads the request with rfile.readline(), which waits for a newline the client never sends.

A thread per client (ThreadingTCPServer). Requests are 25 bytes padded with spaces, no
newline, so readline() returns only at EOF: a client that sends its request and waits
gets no reply (CLOCK-2: no waiting for byte 26 or EOF).
"""

from socketserver import StreamRequestHandler, ThreadingTCPServer
from time import ctime

PORT = 12091


class ServerClock(StreamRequestHandler):
    """The server tells the clients the time."""

    def handle(self):
        """Handler sends time to client."""
        message = self.rfile.readline()  # BUG: waits for b"\n" (or EOF)
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

"""Buggy: reads the request with rfile.read(1024), which waits for 1024 bytes or EOF.

A thread per client (ThreadingTCPServer). A client that sends its 25 bytes and waits gets
no reply until it half-closes (CLOCK-2: no waiting for byte 26 or EOF).
"""

from socketserver import StreamRequestHandler, ThreadingTCPServer
from time import ctime

PORT = 12091


class ServerClock(StreamRequestHandler):
    """The server tells the clients the time."""

    def handle(self):
        """Handler sends time to client."""
        message = self.rfile.read(1024)  # BUG: returns only at 1024 bytes or at EOF
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

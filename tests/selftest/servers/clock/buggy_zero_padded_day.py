"""Buggy: formats the time with strftime('%a %b %d %H:%M:%S %Y'), so a one-digit day is zero-padded.

A thread per client (ThreadingTCPServer). ctime() pads a day of the month below 10 with a
space ('Sun Apr  4 18:16:14 2010'); %d pads it with a zero ('Sun Apr 04 18:16:14 2010').
The two agree from the 10th on, so the fault shows only on days 1 to 9 (CLOCK-1).
"""

from socketserver import StreamRequestHandler, ThreadingTCPServer
from time import strftime

PORT = 12091


class ServerClock(StreamRequestHandler):
    """The server tells the clients the time."""

    def handle(self):
        """Handler sends time to client."""
        message = self.rfile.read(25)
        print('read', message, 'from', self.client_address)
        now = strftime('%a %b %d %H:%M:%S %Y')  # BUG: %d is zero-padded
        self.wfile.write(now.encode())


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

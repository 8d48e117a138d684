"""Buggy: ThreadingTCPServer with rfile.read(24): answers before the 25th byte has arrived.

Off by one: the request is 25 bytes, the server reads 24 and answers at once. A request sent
in one write gets its answer as usual (the 25th byte is left unread), so only a client whose
last byte comes alone sees the early reply (CLOCK-2).
"""

from socketserver import StreamRequestHandler, ThreadingTCPServer
from time import ctime

PORT = 12091


class ServerClock(StreamRequestHandler):
    """The server tells the clients the time."""

    def handle(self):
        message = self.rfile.read(24)
        if len(message) == 24:
            self.wfile.write(ctime().encode())


class ClockServer(ThreadingTCPServer):
    allow_reuse_address = True
    daemon_threads = True


def main():
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

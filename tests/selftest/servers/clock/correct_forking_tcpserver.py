"""Correct: the course's server with ForkingTCPServer in place of TCPServer: a child process per client.

A silent client holds only its own child. ctrl-C in a terminal reaches the whole process
group: the parent leaves serve_forever and closes its socket, and each child still reading
a request gets its own KeyboardInterrupt and ends, so nothing is left behind.
"""

from socketserver import ForkingTCPServer, StreamRequestHandler
from time import ctime

PORT = 12091


class ServerClock(StreamRequestHandler):
    """The server tells the clients the time."""

    def handle(self):
        message = self.rfile.read(25)
        if len(message) == 25:
            self.wfile.write(ctime().encode())


def main():
    ForkingTCPServer.allow_reuse_address = True
    ss = ForkingTCPServer(('', PORT), ServerClock)
    print('server is listening to', PORT)
    try:
        print('press ctrl c to stop server')
        ss.serve_forever()
    except KeyboardInterrupt:
        print(' ctrl c pressed, closing server')
        ss.socket.close()


if __name__ == "__main__":
    main()

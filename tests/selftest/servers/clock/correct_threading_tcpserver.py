"""Correct: a thread per client with socketserver.ThreadingTCPServer, rfile.read(25) per request.

The course's server with ThreadingTCPServer in place of TCPServer: a silent client holds
only its own thread. A client that leaves before 25 bytes gets no reply.
"""

from socketserver import StreamRequestHandler, ThreadingTCPServer
from time import ctime

PORT = 12091


class ServerClock(StreamRequestHandler):
    """The server tells the clients the time."""

    def handle(self):
        """Handler sends time to client."""
        message = self.rfile.read(25)
        if len(message) == 25:
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

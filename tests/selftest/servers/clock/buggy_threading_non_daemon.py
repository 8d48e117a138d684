"""Buggy: the course's server with ThreadingTCPServer in place of TCPServer, daemon_threads left False.

Every client is served correctly, each in a thread of its own. But a client that is
connected and silent keeps its thread blocked in rfile.read(25), and that thread is not a
daemon thread: on ctrl-C serve_forever ends, the except clause closes the listening socket,
and then the interpreter waits for the thread before it exits — forever (breaks CLOCK-8).
"""

from socketserver import StreamRequestHandler, ThreadingTCPServer
from time import ctime

PORT = 12091


class ServerClock(StreamRequestHandler):
    """The server tells the clients the time."""

    def handle(self):
        message = self.rfile.read(25)
        if len(message) == 25:
            self.wfile.write(ctime().encode())


def main():
    ss = ThreadingTCPServer(('', PORT), ServerClock)
    print('server is listening to', PORT)
    try:
        print('press ctrl c to stop server')
        ss.serve_forever()
    except KeyboardInterrupt:
        print(' ctrl c pressed, closing server')
        ss.socket.close()


if __name__ == "__main__":
    main()

"""Buggy: answers only the canonical question 'What is the time?'; any other request gets no reply.

A thread per client (ThreadingTCPServer). It reads exactly 25 bytes, but closes the
connection without a reply unless their text is the course's question (CLOCK-3: any 25
printable bytes are a request).
"""

from socketserver import StreamRequestHandler, ThreadingTCPServer
from time import ctime

PORT = 12091


class ServerClock(StreamRequestHandler):
    """The server tells the clients the time."""

    def handle(self):
        """Handler sends time to client."""
        message = self.rfile.read(25)
        data = message.decode(errors='replace')
        print('read "' + data + '" from client')
        if data.strip() == 'What is the time?':  # BUG: every other request is ignored
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

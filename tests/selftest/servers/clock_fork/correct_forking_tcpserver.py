"""Correct: socketserver.ForkingTCPServer, rfile.read(25) per request, ctrl-C kills the children.

ForkingMixIn forks a child per connection, ends it with os._exit after handle() and reaps
exited children between requests (serve_forever polls every 0.5 s). On ctrl-C the server
kills its active children before server_close(), which then waits for them. ctrl-C is held
off while a child is forked and recorded in active_children: arriving between the two, it
would leave that child unknown, unkilled, serving on after the server exits.
"""

import os
import signal
from socketserver import ForkingTCPServer, StreamRequestHandler
from time import ctime

PORT = 12091


class ClockSession(StreamRequestHandler):
    """Tells the time for every 25-byte request, until the client closes."""

    def handle(self):
        signal.signal(signal.SIGINT, signal.SIG_DFL)  # in the child: ctrl-C just ends it
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
        while len(self.rfile.read(25)) == 25:
            self.wfile.write(ctime().encode())


class ClockForkServer(ForkingTCPServer):
    allow_reuse_address = True

    def process_request(self, request, client_address):
        """Fork and record the child with ctrl-C held off (it is raised just after)."""
        signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
        try:
            super().process_request(request, client_address)
        finally:
            signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})

    def kill_children(self):
        """Kill every child still serving; server_close() reaps them."""
        for pid in self.active_children or ():
            print('-> killing process %d' % pid)
            os.kill(pid, signal.SIGTERM)


def main():
    """Starts the server and serves clients until ctrl c."""
    with ClockForkServer(('', PORT), ClockSession) as server:
        print('server is listening to', PORT)
        try:
            print('press ctrl c to stop server')
            server.serve_forever()
        except KeyboardInterrupt:
            print(' ctrl c pressed, closing server')
            server.kill_children()


if __name__ == "__main__":
    main()

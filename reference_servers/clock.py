"""The clock server: one 25-byte request per connection, answered with ``time.ctime()``.

``rfile.read(25)`` on a StreamRequestHandler reads exactly 25 bytes however the client's
writes were split, and never waits for a 26th; the threading mixin keeps a silent client
from delaying anyone else."""

import argparse
import socketserver
import time

REQUEST_SIZE = 25


class ClockHandler(socketserver.StreamRequestHandler):
    def handle(self):
        request = self.rfile.read(REQUEST_SIZE)
        if len(request) == REQUEST_SIZE:
            self.wfile.write(time.ctime().encode("ascii"))


class ClockServer(socketserver.ThreadingTCPServer):
    allow_reuse_address = True
    daemon_threads = True

    def handle_error(self, request, client_address):
        """A client that resets its connection is no reason to print a traceback."""


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=12091)
    args = parser.parse_args()
    with ClockServer(("", args.port), ClockHandler) as server:
        print("clock server is listening to", args.port, flush=True)
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            print("ctrl c pressed, closing server")


if __name__ == "__main__":
    main()

"""The clock protocol over a Unix stream socket: the same handler as over TCP, bound to a
filesystem path instead of a port."""

import argparse
import os
import socketserver
import time

REQUEST_SIZE = 25


class ClockHandler(socketserver.StreamRequestHandler):
    def handle(self):
        request = self.rfile.read(REQUEST_SIZE)
        if len(request) == REQUEST_SIZE:
            self.wfile.write(time.ctime().encode("ascii"))


class ClockUnixServer(socketserver.ThreadingMixIn, socketserver.UnixStreamServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        """A client that resets its connection is no reason to print a traceback."""


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--path", default="clock.sock")
    args = parser.parse_args()
    if os.path.exists(args.path):
        os.unlink(args.path)
    with ClockUnixServer(args.path, ClockHandler) as server:
        print("clock server is listening at", args.path, flush=True)
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            print("ctrl c pressed, closing server")
        finally:
            if os.path.exists(args.path):
                os.unlink(args.path)


if __name__ == "__main__":
    main()

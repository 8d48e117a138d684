"""The clock protocol over a Unix datagram socket: each 25-byte datagram from a client
bound to its own path gets one ctime datagram back at that path."""

import argparse
import os
import socketserver
import time

REQUEST_SIZE = 25


class ClockDatagramHandler(socketserver.BaseRequestHandler):
    def handle(self):
        data, sock = self.request
        if len(data) == REQUEST_SIZE and self.client_address:
            sock.sendto(time.ctime().encode("ascii"), self.client_address)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--path", default="clockdgram.sock")
    args = parser.parse_args()
    if os.path.exists(args.path):
        os.unlink(args.path)
    with socketserver.UnixDatagramServer(args.path, ClockDatagramHandler) as server:
        print("clock datagram server is listening at", args.path, flush=True)
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            print("ctrl c pressed, closing server")
        finally:
            if os.path.exists(args.path):
                os.unlink(args.path)


if __name__ == "__main__":
    main()

"""The clock protocol over UDP: each 25-byte datagram gets one ctime datagram back, sent
to the address it came from."""

import argparse
import socketserver
import time

REQUEST_SIZE = 25


class ClockDatagramHandler(socketserver.BaseRequestHandler):
    def handle(self):
        data, sock = self.request
        if len(data) == REQUEST_SIZE:
            sock.sendto(time.ctime().encode("ascii"), self.client_address)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=12091)
    args = parser.parse_args()
    with socketserver.UDPServer(("", args.port), ClockDatagramHandler) as server:
        print("clock udp server is listening to", args.port, flush=True)
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            print("ctrl c pressed, closing server")


if __name__ == "__main__":
    main()

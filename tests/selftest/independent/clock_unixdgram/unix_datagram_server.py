"""socketserver UnixDatagramServer with DatagramRequestHandler, os.unlink of the path before bind and at exit."""
import os
from socketserver import DatagramRequestHandler, UnixDatagramServer
from time import ctime

SOCKET_PATH = "clock_dgram_socket"


class ClockHandler(DatagramRequestHandler):
    def handle(self):
        self.rfile.read(25)
        self.wfile.write(ctime().encode())


def main():
    if os.path.exists(SOCKET_PATH):
        os.unlink(SOCKET_PATH)
    server = UnixDatagramServer(SOCKET_PATH, ClockHandler)
    print("listening on", SOCKET_PATH)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        print(" ctrl c pressed, closing server")
        server.server_close()
    finally:
        os.unlink(SOCKET_PATH)


if __name__ == "__main__":
    main()

"""socketserver UnixStreamServer with rfile.read(25), unlinking the socket path before bind and at exit."""
import os
from socketserver import StreamRequestHandler, ThreadingMixIn, UnixStreamServer
from time import ctime

SOCKET_PATH = "clock_socket"


class ThreadedUnixServer(ThreadingMixIn, UnixStreamServer):
    daemon_threads = True


class ServerClock(StreamRequestHandler):
    def handle(self):
        message = self.rfile.read(25)
        if len(message) == 25:
            self.wfile.write(ctime().encode())


def main():
    if os.path.exists(SOCKET_PATH):
        os.unlink(SOCKET_PATH)
    server = ThreadedUnixServer(SOCKET_PATH, ServerClock)
    print("server is listening on", SOCKET_PATH)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        print(" ctrl c pressed, closing server")
    finally:
        server.server_close()
        os.unlink(SOCKET_PATH)


if __name__ == "__main__":
    main()

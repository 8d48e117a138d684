"""socketserver.ThreadingUnixStreamServer with daemon_threads = True; removes a stale path with os.path.exists/os.unlink before binding and unlinks it again in a finally."""
import os
import socketserver
import time

PATH = "clockserver.sock"


class ClockHandler(socketserver.StreamRequestHandler):
    def handle(self):
        request = self.rfile.read(25)
        if len(request) != 25:
            return
        print("request:", request.decode("ascii", "replace").rstrip())
        self.wfile.write(time.ctime().encode())


class ClockServer(socketserver.ThreadingUnixStreamServer):
    daemon_threads = True


def main():
    if os.path.exists(PATH):
        os.unlink(PATH)
    server = ClockServer(PATH, ClockHandler)
    print("clock server listening at", PATH)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        print("ctrl c pressed, closing server")
    finally:
        server.server_close()
        if os.path.exists(PATH):
            os.unlink(PATH)


if __name__ == "__main__":
    main()

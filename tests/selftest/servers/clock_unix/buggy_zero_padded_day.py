"""A threaded clock server on a Unix stream socket that answers with strftime's date,
whose day of the month below 10 is padded with a zero, not with a space as ctime's is:
fails UNIX-1 only."""

import os
import socketserver
import time

PATH = "clock.sock"


class ClockHandler(socketserver.StreamRequestHandler):
    def handle(self):
        if len(self.rfile.read(25)) == 25:
            self.wfile.write(time.strftime("%a %b %d %H:%M:%S %Y").encode("ascii"))


class Server(socketserver.ThreadingMixIn, socketserver.UnixStreamServer):
    daemon_threads = True


if os.path.exists(PATH):
    os.unlink(PATH)
with Server(PATH, ClockHandler) as server:
    print("clock server is listening at", PATH, flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        print("ctrl c pressed, closing server")
    finally:
        if os.path.exists(PATH):
            os.unlink(PATH)

"""Buggy: ThreadingMixIn over a Unix stream socket with daemon_threads left False.

Every client is served correctly in a thread of its own, but on ctrl-C the interpreter
waits for the thread of a connected silent client, which waits for its 25 bytes forever:
the server never exits (breaks UNIX-2).
"""

import os
import socketserver
import time

PATH = "clockunix.sock"


class ClockHandler(socketserver.StreamRequestHandler):
    def handle(self):
        data = self.rfile.read(25)
        if len(data) == 25:
            self.wfile.write(time.ctime().encode())


class Server(socketserver.ThreadingMixIn, socketserver.UnixStreamServer):
    pass


def main():
    if os.path.exists(PATH):
        os.unlink(PATH)
    server = Server(PATH, ClockHandler)
    print("clock server listening at", PATH)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        print("ctrl c pressed, closing server")
        server.socket.close()
        os.unlink(PATH)


if __name__ == "__main__":
    main()

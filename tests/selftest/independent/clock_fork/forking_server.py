"""socketserver ForkingTCPServer, a session loop on rfile.read(25); ctrl-C kills the children still serving."""
import os
import signal
from socketserver import ForkingMixIn, StreamRequestHandler, TCPServer
from time import ctime

PORT = 12091


class ForkingServer(ForkingMixIn, TCPServer):
    allow_reuse_address = True


class ClockSession(StreamRequestHandler):
    def handle(self):
        print("child", os.getpid(), "serves", self.client_address)
        while True:
            message = self.rfile.read(25)
            if len(message) < 25:
                break
            self.wfile.write(ctime().encode())
        print("client left, child", os.getpid(), "exits")


def main():
    server = ForkingServer(("", PORT), ClockSession)
    print("server is listening to", PORT)
    try:
        print("press ctrl c to stop server")
        server.serve_forever()
    except KeyboardInterrupt:
        print(" ctrl c pressed, killing children", server.active_children)
        for pid in list(server.active_children or ()):
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        server.server_close()


if __name__ == "__main__":
    main()

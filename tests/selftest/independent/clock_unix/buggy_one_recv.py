"""UnixStreamServer whose handler takes one recv(25) as the whole request (breaks UNIX-1: CLOCK-2 there)."""
import os
import socketserver
import time

PATH = "clock.sock"


class Handler(socketserver.BaseRequestHandler):
    def handle(self):
        data = self.request.recv(25)
        if data:
            self.request.sendall(time.ctime().encode())


class Server(socketserver.ThreadingMixIn, socketserver.UnixStreamServer):
    daemon_threads = True


if __name__ == "__main__":
    if os.path.exists(PATH):
        os.unlink(PATH)
    server = Server(PATH, Handler)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        server.server_close()
        os.unlink(PATH)

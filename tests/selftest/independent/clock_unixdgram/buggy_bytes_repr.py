"""UnixDatagramServer whose handler writes str() of the encoded time, so the client reads b'...' (breaks UNIXD-1)."""
import os
import socketserver
import time

PATH = "clock_dgram"


class Handler(socketserver.DatagramRequestHandler):
    def handle(self):
        self.rfile.read(25)
        self.wfile.write(str(time.ctime().encode()).encode())


if __name__ == "__main__":
    if os.path.exists(PATH):
        os.unlink(PATH)
    server = socketserver.UnixDatagramServer(PATH, Handler)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        server.server_close()
        os.unlink(PATH)

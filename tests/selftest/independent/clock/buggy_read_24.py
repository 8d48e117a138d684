"""ThreadingTCPServer whose handler does rfile.read(24), so it answers before the 25th byte when that byte comes late (breaks CLOCK-2)."""
from socketserver import StreamRequestHandler, ThreadingTCPServer
from time import ctime

PORT = 12091


class ServerClock(StreamRequestHandler):
    def handle(self):
        print("connected at", self.client_address)
        message = self.rfile.read(24)  # the time is 24 characters, so read 24
        if not message:
            return
        print('read "' + message.decode("ascii", "replace") + '" from client')
        self.wfile.write(ctime().encode())


class Server(ThreadingTCPServer):
    allow_reuse_address = True
    daemon_threads = True


def main():
    ss = Server(("", PORT), ServerClock)
    print("server is listening to", PORT)
    try:
        print("press ctrl c to stop server")
        ss.serve_forever()
    except KeyboardInterrupt:
        print(" ctrl c pressed, closing server")
        ss.server_close()


if __name__ == "__main__":
    main()

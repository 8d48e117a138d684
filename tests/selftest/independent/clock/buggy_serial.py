"""The course's TCPServer exactly: one client at a time, so a silent client holds up the rest (breaks CLOCK-7)."""
from socketserver import StreamRequestHandler
from socketserver import TCPServer
from time import ctime

PORT = 12091


class ServerClock(StreamRequestHandler):
    def handle(self):
        print("connected at", self.client_address)
        message = self.rfile.read(25)
        data = message.decode(errors="replace")
        print('read "' + data + '" from client')
        now = ctime()
        self.wfile.write(now.encode())


def main():
    TCPServer.allow_reuse_address = True
    ss = TCPServer(("", PORT), ServerClock)
    print("server is listening to", PORT)
    try:
        print("press ctrl c to stop server")
        ss.serve_forever()
    except KeyboardInterrupt:
        print(" ctrl c pressed, closing server")
        ss.socket.close()


if __name__ == "__main__":
    main()

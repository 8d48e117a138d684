"""socketserver UDPServer with DatagramRequestHandler, rfile.read(25) and wfile.write, the course's alternative."""
from socketserver import DatagramRequestHandler, UDPServer
from time import ctime

PORT = 12091


class ClockHandler(DatagramRequestHandler):
    def handle(self):
        message = self.rfile.read(25)
        print("read", message, "from", self.client_address)
        self.wfile.write(ctime().encode())


def main():
    server = UDPServer(("", PORT), ClockHandler)
    print("server is listening to", PORT)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        print(" ctrl c pressed, closing server")
        server.socket.close()


if __name__ == "__main__":
    main()

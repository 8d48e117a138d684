"""socketserver.ThreadingTCPServer with daemon_threads = True and rfile.read(25); ctrl-C calls server_close() and exits."""
import socketserver
from time import ctime

PORT = 12091


class ClockHandler(socketserver.StreamRequestHandler):
    def handle(self):
        print("connected at", self.client_address)
        message = self.rfile.read(25)
        if len(message) < 25:
            print("client left before sending 25 bytes")
            return
        print('read "' + message.decode("ascii", "replace") + '" from client')
        now = ctime()
        print('writing "' + now + '" to client')
        self.wfile.write(now.encode())


class ClockServer(socketserver.ThreadingTCPServer):
    allow_reuse_address = True
    daemon_threads = True


def main():
    server = ClockServer(("", PORT), ClockHandler)
    print("server is listening to", PORT)
    print("press ctrl c to stop server")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        print(" ctrl c pressed, closing server")
    finally:
        server.server_close()


if __name__ == "__main__":
    main()

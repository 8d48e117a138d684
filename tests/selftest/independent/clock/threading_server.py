"""socketserver ThreadingTCPServer with StreamRequestHandler and rfile.read(25), as the course shows."""
from socketserver import StreamRequestHandler, TCPServer, ThreadingMixIn
from time import ctime

PORT = 12091


class ThreadedServer(ThreadingMixIn, TCPServer):
    allow_reuse_address = True
    daemon_threads = True


class ServerClock(StreamRequestHandler):
    def handle(self):
        print("connected at", self.client_address)
        message = self.rfile.read(25)
        if len(message) < 25:
            print("client left early")
            return
        data = message.decode(errors="replace")
        print('read "' + data + '" from client')
        now = ctime()
        print('writing "' + now + '" to client')
        self.wfile.write(now.encode())


def main():
    ss = ThreadedServer(("", PORT), ServerClock)
    print("server is listening to", PORT)
    try:
        print("press ctrl c to stop server")
        ss.serve_forever()
    except KeyboardInterrupt:
        print(" ctrl c pressed, closing server")
        ss.socket.close()


if __name__ == "__main__":
    main()

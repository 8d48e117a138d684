"""ThreadingTCPServer with daemon_threads left False: everyone is served, but a silent client keeps the process alive after ctrl-C (breaks CLOCK-8)."""
from socketserver import StreamRequestHandler, ThreadingTCPServer
from time import ctime

PORT = 12091


class ServerClock(StreamRequestHandler):
    def handle(self):
        message = self.rfile.read(25)
        if len(message) < 25:
            return
        print('read "' + message.decode("ascii", "replace") + '" from client')
        self.wfile.write(ctime().encode())


def main():
    ThreadingTCPServer.allow_reuse_address = True
    ss = ThreadingTCPServer(("", PORT), ServerClock)
    print("server is listening to", PORT)
    try:
        print("press ctrl c to stop server")
        ss.serve_forever()
    except KeyboardInterrupt:
        print(" ctrl c pressed, closing server")
        ss.socket.close()


if __name__ == "__main__":
    main()

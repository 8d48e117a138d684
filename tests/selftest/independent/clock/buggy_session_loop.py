"""Threaded server whose handler loops for more requests until EOF, copied from the fork example (breaks CLOCK-4)."""
from socketserver import StreamRequestHandler, ThreadingTCPServer
from time import ctime

PORT = 12091


class ServerClock(StreamRequestHandler):
    def handle(self):
        while True:
            message = self.rfile.read(25)
            if len(message) < 25:
                break
            self.wfile.write(ctime().encode())


def main():
    ThreadingTCPServer.allow_reuse_address = True
    ThreadingTCPServer.daemon_threads = True
    ss = ThreadingTCPServer(("", PORT), ServerClock)
    try:
        ss.serve_forever()
    except KeyboardInterrupt:
        ss.server_close()


if __name__ == "__main__":
    main()

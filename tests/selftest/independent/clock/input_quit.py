"""ThreadingTCPServer served from a thread while the main thread waits on input() for 'q' (ctrl-C also stops it)."""
import threading
from socketserver import StreamRequestHandler, ThreadingTCPServer
from time import ctime

PORT = 12091


class ServerClock(StreamRequestHandler):
    def handle(self):
        if len(self.rfile.read(25)) == 25:
            self.wfile.write(ctime().encode())


def main():
    ThreadingTCPServer.allow_reuse_address = True
    ThreadingTCPServer.daemon_threads = True
    server = ThreadingTCPServer(("", PORT), ServerClock)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    print("server is listening to", PORT, "- type q to quit")
    try:
        while input() != "q":
            pass
    except (KeyboardInterrupt, EOFError):
        print("stopping")
    server.shutdown()
    server.server_close()


if __name__ == "__main__":
    main()

"""socketserver ThreadingUDPServer with a BaseRequestHandler that answers through the request's socket."""
import socketserver
import time

PORT = 12091


class Handler(socketserver.BaseRequestHandler):
    def handle(self):
        data, sock = self.request
        sock.sendto(time.ctime().encode(), self.client_address)


if __name__ == "__main__":
    socketserver.ThreadingUDPServer.daemon_threads = True
    with socketserver.ThreadingUDPServer(("localhost", PORT), Handler) as server:
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            print("bye")

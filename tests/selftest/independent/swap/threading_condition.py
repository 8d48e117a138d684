"""ThreadingTCPServer with rfile.read(25); a shared Condition pairs clients first come first served, skipping ones that hung up."""
import select
import socket
import threading
from socketserver import StreamRequestHandler, ThreadingTCPServer

PORT = 12092
pairing = threading.Condition()
waiting = []


def still_connected(sock):
    try:
        readable, _, _ = select.select([sock], [], [], 0)
        if not readable:
            return True
        return sock.recv(1, socket.MSG_PEEK) != b""
    except OSError:
        return False


class SwapHandler(StreamRequestHandler):
    def handle(self):
        message = self.rfile.read(25)
        if len(message) < 25:
            return
        self.message = message
        self.answer = None
        with pairing:
            partner = None
            while waiting:
                candidate = waiting.pop(0)
                if still_connected(candidate.request):
                    partner = candidate
                    break
            if partner is not None:
                partner.answer = message
                self.answer = partner.message
                pairing.notify_all()
            else:
                waiting.append(self)
                while self.answer is None:
                    pairing.wait(0.1)
                    if self.answer is None and not still_connected(self.request):
                        if self in waiting:
                            waiting.remove(self)
                        return
        self.wfile.write(self.answer)


class Server(ThreadingTCPServer):
    allow_reuse_address = True
    daemon_threads = True


def main():
    server = Server(("", PORT), SwapHandler)
    print("swap server on", PORT)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        print("ctrl c pressed, closing server")
        server.socket.close()


if __name__ == "__main__":
    main()

"""The correct pairing with liveness checks, but a single recv(25) is taken as the whole message (breaks SWAP-7)."""
import select
import socket
import threading
from socketserver import BaseRequestHandler, ThreadingTCPServer

PORT = 12092
pairing = threading.Condition()
waiting = []


def still_connected(sock):
    try:
        readable, _, _ = select.select([sock], [], [], 0)
        return not readable or sock.recv(1, socket.MSG_PEEK) != b""
    except OSError:
        return False


class SwapHandler(BaseRequestHandler):
    def handle(self):
        message = self.request.recv(25)
        if not message:
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
        self.request.sendall(self.answer)


if __name__ == "__main__":
    ThreadingTCPServer.allow_reuse_address = True
    ThreadingTCPServer.daemon_threads = True
    server = ThreadingTCPServer(("", PORT), SwapHandler)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        server.socket.close()

"""ThreadingTCPServer with a Condition, FIFO pairing, but no check that a waiting client is still there (breaks SWAP-6)."""
import threading
from socketserver import StreamRequestHandler, ThreadingTCPServer

PORT = 12092
pairing = threading.Condition()
waiting = []


class SwapHandler(StreamRequestHandler):
    def handle(self):
        message = self.rfile.read(25)
        if len(message) < 25:
            return
        self.message = message
        self.answer = None
        with pairing:
            if waiting:
                partner = waiting.pop(0)
                partner.answer = message
                self.answer = partner.message
                pairing.notify_all()
            else:
                waiting.append(self)
                while self.answer is None:
                    pairing.wait()
        try:
            self.wfile.write(self.answer)
        except OSError:
            pass


class Server(ThreadingTCPServer):
    allow_reuse_address = True
    daemon_threads = True


if __name__ == "__main__":
    server = Server(("", PORT), SwapHandler)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        server.socket.close()

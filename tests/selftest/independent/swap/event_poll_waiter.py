"""ThreadingTCPServer; a lone client's thread keeps waiting on Event.wait(0.25) while no partner came, and between waits peeks its socket so a closed waiter leaves the list."""
import select
import socket
import threading
from socketserver import StreamRequestHandler, ThreadingTCPServer

PORT = 12092
lock = threading.Lock()
waiting = []


def hung_up(sock):
    try:
        readable, _, _ = select.select([sock], [], [], 0)
        return bool(readable) and sock.recv(1, socket.MSG_PEEK) == b""
    except OSError:
        return True


class Waiter:
    def __init__(self, sock, message):
        self.sock = sock
        self.message = message
        self.answer = None
        self.event = threading.Event()


class SwapHandler(StreamRequestHandler):
    def handle(self):
        message = self.rfile.read(25)
        if len(message) < 25:
            return
        with lock:
            partner = None
            while waiting and partner is None:
                candidate = waiting.pop(0)
                if not hung_up(candidate.sock):
                    partner = candidate
            if partner is None:
                me = Waiter(self.request, message)
                waiting.append(me)
        if partner is not None:
            partner.answer = message
            partner.event.set()
            self.wfile.write(partner.message)
            return
        while not me.event.wait(0.25):
            if hung_up(self.request):
                with lock:
                    if me in waiting:
                        waiting.remove(me)
                        return
        self.wfile.write(me.answer)


class SwapServer(ThreadingTCPServer):
    allow_reuse_address = True
    daemon_threads = True


def main():
    server = SwapServer(("", PORT), SwapHandler)
    print("swap server on port", PORT)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        print("stopping")
    finally:
        server.server_close()


if __name__ == "__main__":
    main()

"""ThreadingTCPServer with daemon_threads left False and a Condition pairer: pairs are right, but a waiting or silent client keeps the process alive after ctrl-C (breaks SWAP-10)."""
import select
import socket
import threading
from socketserver import StreamRequestHandler, ThreadingTCPServer

PORT = 12092
cv = threading.Condition()
queue = []


def alive(sock):
    try:
        r, _, _ = select.select([sock], [], [], 0)
        return not r or sock.recv(1, socket.MSG_PEEK) != b""
    except OSError:
        return False


class Swap(StreamRequestHandler):
    def handle(self):
        self.msg = self.rfile.read(25)
        if len(self.msg) < 25:
            return
        self.got = None
        with cv:
            while queue and not alive(queue[0].request):
                queue.pop(0)
            if queue:
                other = queue.pop(0)
                other.got = self.msg
                self.got = other.msg
                cv.notify_all()
            else:
                queue.append(self)
                while self.got is None:
                    cv.wait(0.2)
                    if self.got is None and not alive(self.request):
                        if self in queue:
                            queue.remove(self)
                        return
        self.wfile.write(self.got)


def main():
    ThreadingTCPServer.allow_reuse_address = True
    server = ThreadingTCPServer(("", PORT), Swap)
    print("swap server on", PORT)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        print("ctrl c pressed")
        server.socket.close()


if __name__ == "__main__":
    main()

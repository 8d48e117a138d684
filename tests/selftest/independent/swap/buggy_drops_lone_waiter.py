"""Threads with an Event per waiter, but if ev.wait(0.25) times out the lone waiter is closed, so clients more than 0.25 s apart are never paired (breaks SWAP-4)."""
import select
import socket
import threading
from socketserver import StreamRequestHandler, ThreadingTCPServer

PORT = 12092
lock = threading.Lock()
waiting = []


def gone(sock):
    try:
        r, _, _ = select.select([sock], [], [], 0)
        return bool(r) and sock.recv(1, socket.MSG_PEEK) == b""
    except OSError:
        return True


class SwapHandler(StreamRequestHandler):
    def handle(self):
        msg = self.rfile.read(25)
        if len(msg) < 25:
            return
        with lock:
            while waiting and gone(waiting[0]["sock"]):
                waiting.pop(0)
            if waiting:
                other = waiting.pop(0)
                other["reply"] = msg
                other["ev"].set()
                self.wfile.write(other["msg"])
                return
            me = {"sock": self.request, "msg": msg, "reply": None, "ev": threading.Event()}
            waiting.append(me)
        if me["ev"].wait(0.25):
            self.wfile.write(me["reply"])
        else:
            with lock:
                if me in waiting:
                    waiting.remove(me)
                    print("no partner, closing")
                    return
            self.wfile.write(me["reply"])


class Server(ThreadingTCPServer):
    allow_reuse_address = True
    daemon_threads = True


def main():
    server = Server(("", PORT), SwapHandler)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        server.server_close()


if __name__ == "__main__":
    main()

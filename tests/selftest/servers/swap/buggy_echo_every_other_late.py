"""Buggy: every client gets its own message back, every other one 0.4 s late.

Like buggy_echo.py (SWAP-2: a client's own message; SWAP-4: no pair forms), but the replies to
odd-numbered connections are written 0.4 s after the message came. The server survives every
misbehaving client and answers the two that come after it, one at once and one late: C-ROBUST
(SWAP-8) holds. A check that took the first wrong reply as the end of the example would not
wait for the late one and could not say so.
"""

import itertools
import threading
import time
from socketserver import StreamRequestHandler, ThreadingTCPServer

PORT = 12092
BUFFER = 25

connections = itertools.count(1)
lock = threading.Lock()


class ServerSwap(StreamRequestHandler):
    def handle(self):
        with lock:
            number = next(connections)
        try:
            message = self.rfile.read(BUFFER)
            if len(message) == BUFFER:
                if number % 2 == 1:
                    time.sleep(0.4)
                self.wfile.write(message)  # BUG: the client's own message
        except OSError:
            pass


def main():
    ThreadingTCPServer.allow_reuse_address = True
    ThreadingTCPServer.daemon_threads = True
    ss = ThreadingTCPServer(('', PORT), ServerSwap)
    print('server is listening to', PORT)
    try:
        ss.serve_forever()
    except KeyboardInterrupt:
        print(' ctrl c pressed, closing server')
        ss.socket.close()


if __name__ == "__main__":
    main()

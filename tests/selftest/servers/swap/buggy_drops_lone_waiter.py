"""Buggy: a waiting client is dropped after 0.25 s without a partner: Event.wait read the wrong way round.

A thread per client. A waiting client's thread polls four times a second for its partner,
meaning to give up only when its client has gone; but it gives up when the wait times out,
so a client that waits alone longer than 0.25 s has its connection closed (SWAP-4). Clients
that come together are paired as they should be.
"""

import socket
import threading
from socketserver import StreamRequestHandler, ThreadingTCPServer

PORT = 12092
BUFFER = 25

lock = threading.Lock()
waiting = []  # clients whose message has arrived, oldest first


def has_left(sock):
    try:
        return sock.recv(1, socket.MSG_PEEK | socket.MSG_DONTWAIT) == b''
    except BlockingIOError:
        return False
    except OSError:
        return True


class ServerSwap(StreamRequestHandler):

    def handle(self):
        message = self.rfile.read(BUFFER)
        if len(message) < BUFFER:
            return
        with lock:
            while waiting:
                other = waiting.pop(0)
                if has_left(other['socket']):
                    continue
                other['reply'] = message
                other['paired'].set()
                self.wfile.write(other['message'])
                return
            me = {'socket': self.request, 'message': message, 'reply': None, 'paired': threading.Event()}
            waiting.append(me)
        while True:
            if not me['paired'].wait(0.25):  # meant: "paired, or my client left"
                with lock:
                    if me in waiting:
                        waiting.remove(me)
                        return
            if me['reply'] is not None:
                self.wfile.write(me['reply'])
                return


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

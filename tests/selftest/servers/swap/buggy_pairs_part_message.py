"""Buggy: as correct_event_poll.py, but a message is taken as whole when *anything* was read.

`if not message: return` skips a client that sent nothing, not one that sent part of its
message and left: `rfile.read(25)` returns those few bytes at end of file, and they are
paired with the waiting client, who receives a piece of a message from a client that never
finished one (SWAP-8, C-ROBUST: a client that sends fewer bytes than a request and disconnects
must not change what the others get).
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
        if not message:
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
        while not me['paired'].wait(0.25):
            with lock:
                if me['reply'] is None and has_left(self.request):
                    waiting.remove(me)
                    return
        self.wfile.write(me['reply'])


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

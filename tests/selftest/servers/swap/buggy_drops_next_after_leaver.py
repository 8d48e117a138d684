"""Buggy: after a waiting client leaves, the next client is dropped, once the leaver's thread has noticed.

A thread per client. A waiting client's thread looks every 0.2 s whether its client has
gone; when it has, the thread raises a flag for the others to tidy the waiting list. The
next client to arrive tidies it, and then returns instead of going on: its connection is
closed without a reply (SWAP-4). A newcomer within 0.2 s of the departure skips the leaver
as it should, so only a client that comes later sees the bug.
"""

import socket
import threading
from socketserver import StreamRequestHandler, ThreadingTCPServer

PORT = 12092
BUFFER = 25

lock = threading.Lock()
waiting = []  # clients whose message has arrived, oldest first
someone_left = threading.Event()


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
            if someone_left.is_set():
                someone_left.clear()
                waiting[:] = [w for w in waiting if not w['left']]
                return  # meant to go on and serve this client
            while waiting:
                other = waiting.pop(0)
                if has_left(other['socket']):
                    continue
                other['reply'] = message
                other['paired'].set()
                self.wfile.write(other['message'])
                return
            me = {'socket': self.request, 'message': message, 'reply': None, 'left': False, 'paired': threading.Event()}
            waiting.append(me)
        while not me['paired'].wait(0.2):
            if has_left(self.request):
                with lock:
                    if me['reply'] is None:
                        me['left'] = True
                        someone_left.set()
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

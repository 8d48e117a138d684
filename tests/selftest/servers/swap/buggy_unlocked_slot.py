"""Buggy: the waiting client sits in a shared slot with no lock; two newcomers can take the same waiter.

A newcomer that finds a waiter in the slot takes it and empties the slot 10 ms later (a
deliberate window, where a student's program would print or look something up). Two
messages that complete within those 10 ms both take the same waiter: both newcomers get
its message and it gets only one of theirs (SWAP-3). Reads are exact, closed waiters are
left in the slot only until someone looks, and every client has its own thread.
"""

import socket
import threading
import time
from socketserver import StreamRequestHandler, ThreadingTCPServer

PORT = 12092
BUFFER = 25
WINDOW = 0.01

slot = {'waiter': None}  # BUG: read and written by every thread with no lock


def has_left(sock):
    try:
        return sock.recv(1, socket.MSG_PEEK | socket.MSG_DONTWAIT) == b''
    except BlockingIOError:
        return False
    except OSError:
        return True


class ServerSwap(StreamRequestHandler):
    def handle(self):
        try:
            message = self.rfile.read(BUFFER)
        except ConnectionError:
            return
        if len(message) < BUFFER:
            return
        waiter = slot['waiter']
        if waiter is not None and has_left(waiter['socket']):
            waiter = None
        if waiter is None:
            reply = self.wait_in_slot(message)
        else:
            time.sleep(WINDOW)
            slot['waiter'] = None
            waiter['reply'] = message
            waiter['ready'].set()
            reply = waiter['message']
        if reply is not None:
            try:
                self.wfile.write(reply)
            except OSError:
                pass

    def wait_in_slot(self, message):
        me = {'socket': self.request, 'message': message, 'reply': None, 'ready': threading.Event()}
        slot['waiter'] = me
        while not me['ready'].wait(0.5):
            if has_left(self.request):
                if slot['waiter'] is me:
                    slot['waiter'] = None
                return None
        return me['reply']


def main():
    ThreadingTCPServer.allow_reuse_address = True
    ThreadingTCPServer.daemon_threads = True
    ss = ThreadingTCPServer(('', PORT), ServerSwap)
    print('server is listening to', PORT)
    try:
        print('press ctrl c to stop server')
        ss.serve_forever()
    except KeyboardInterrupt:
        print(' ctrl c pressed, closing server')
        ss.socket.close()


if __name__ == "__main__":
    main()

"""Buggy: waiting clients are kept on a stack, so the latest arrivals are paired first (LIFO).

A matchmaker thread pairs the clients: once two are waiting it gathers for one second more
(a deliberate window, harmless in itself: pairs still form well within 2 s), then pairs from
the top of the stack. With three clients waiting the two latest are paired and the first is
left over, although its message arrived first (SWAP-5). Closed waiters are dropped before
pairing, reads are exact and every client has its own thread.
"""

import socket
import threading
import time
from socketserver import StreamRequestHandler, ThreadingTCPServer

PORT = 12092
BUFFER = 25
GATHER = 1.0  # seconds the matchmaker waits for more clients once two are waiting

room = threading.Condition()
stack = []  # waiting clients, latest on top


def has_left(sock):
    try:
        return sock.recv(1, socket.MSG_PEEK | socket.MSG_DONTWAIT) == b''
    except BlockingIOError:
        return False
    except OSError:
        return True


def drop_the_gone():
    for client in list(stack):
        if has_left(client['socket']):
            stack.remove(client)
            client['left'] = True


def matchmaker():
    with room:
        while True:
            drop_the_gone()
            if len(stack) < 2:
                room.wait(0.5)
                continue
            end = time.monotonic() + GATHER
            while time.monotonic() < end:
                room.wait(end - time.monotonic())
            drop_the_gone()
            while len(stack) >= 2:
                a = stack.pop()  # BUG: the latest first
                b = stack.pop()
                a['reply'], b['reply'] = b['message'], a['message']
            room.notify_all()


class ServerSwap(StreamRequestHandler):
    def handle(self):
        try:
            message = self.rfile.read(BUFFER)
        except ConnectionError:
            return
        if len(message) < BUFFER:
            return
        me = {'socket': self.request, 'message': message, 'reply': None, 'left': False}
        with room:
            stack.append(me)
            room.notify_all()
            while me['reply'] is None and not me['left']:
                room.wait(0.5)
                if me['reply'] is None and not me['left'] and has_left(self.request):
                    stack.remove(me)
                    me['left'] = True
        if me['reply'] is not None:
            try:
                self.wfile.write(me['reply'])
            except OSError:
                pass


def main():
    ThreadingTCPServer.allow_reuse_address = True
    ThreadingTCPServer.daemon_threads = True
    ss = ThreadingTCPServer(('', PORT), ServerSwap)
    threading.Thread(target=matchmaker, daemon=True).start()
    print('server is listening to', PORT)
    try:
        print('press ctrl c to stop server')
        ss.serve_forever()
    except KeyboardInterrupt:
        print(' ctrl c pressed, closing server')
        ss.socket.close()


if __name__ == "__main__":
    main()

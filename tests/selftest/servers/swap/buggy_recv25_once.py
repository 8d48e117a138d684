"""Buggy: one recv(25) is taken to be the whole message, so a message split over several writes is cut short.

On loopback a message sent in one write comes out of recv(25) whole, so only a fragmented
one goes wrong: its first piece is passed on as the message, and the rest is never read
(SWAP-7). Everything else is correct: first come, first served, closed waiters dropped,
a thread per client.
"""

import socket
import threading
from socketserver import BaseRequestHandler, ThreadingTCPServer

PORT = 12092
BUFFER = 25

room = threading.Condition()
waiting = []  # clients whose message has arrived, oldest first


def has_left(sock):
    try:
        return sock.recv(1, socket.MSG_PEEK | socket.MSG_DONTWAIT) == b''
    except BlockingIOError:
        return False
    except OSError:
        return True


class ServerSwap(BaseRequestHandler):
    def handle(self):
        try:
            message = self.request.recv(BUFFER)  # BUG: may be only part of the message
        except ConnectionError:
            return
        if not message:
            return
        reply = self.swap(message)
        if reply is not None:
            try:
                self.request.sendall(reply)
            except OSError:
                pass

    def swap(self, message):
        with room:
            while waiting:
                other = waiting.pop(0)
                if has_left(other['socket']):
                    other['left'] = True
                    continue
                other['reply'] = message
                room.notify_all()
                return other['message']
            me = {'socket': self.request, 'message': message, 'reply': None, 'left': False}
            waiting.append(me)
            while me['reply'] is None and not me['left']:
                room.wait(0.5)
                if me['reply'] is None and not me['left'] and has_left(self.request):
                    waiting.remove(me)
                    me['left'] = True
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

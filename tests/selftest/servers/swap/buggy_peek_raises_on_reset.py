"""Buggy: as correct_threads_condition.py, but the departure test knows only one error.

The peek that tells a departed waiter from a live one catches BlockingIOError ("nothing to
read yet") and nothing else; a waiter that reset its connection makes the peek raise
ConnectionResetError, in the thread of the client that came to pair with it: that client's
handler dies and its connection is closed with nothing sent (SWAP-4, the answer it waited
for never came; SWAP-8, a client that resets must not stop others being served). The waiting
thread sleeps until it is paired, so the next client always meets the reset first.
"""

import socket
import threading
from socketserver import StreamRequestHandler, ThreadingTCPServer

PORT = 12092
BUFFER = 25

room = threading.Condition()
waiting = []  # clients whose message has arrived, oldest first


def has_left(sock):
    """True when the client closed its end: a peek that does not block finds end of file."""
    try:
        return sock.recv(1, socket.MSG_PEEK | socket.MSG_DONTWAIT) == b''
    except BlockingIOError:
        return False


class ServerSwap(StreamRequestHandler):
    """Swaps the messages of two clients."""

    def handle(self):
        try:
            message = self.rfile.read(BUFFER)
        except ConnectionError:
            return
        if len(message) < BUFFER:
            print('client at', self.client_address, 'left before sending 25 bytes')
            return
        reply = self.swap(message)
        if reply is not None:
            try:
                self.wfile.write(reply)
            except OSError:
                pass

    def swap(self, message):
        """The partner's message, or None if our client left while it waited."""
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
                room.wait()
            return me['reply']


def main():
    """Starts the server and serves requests."""
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

"""Buggy: a waiting client that resets its connection is taken for one still there, and paired (SWAP-6).

socketserver's ThreadingTCPServer, a Condition guarding the waiting list, as a correct
server does; but the departure test peeks with one `except OSError` for "nothing to read
yet". A client that closed gives end of file and is seen to have left; one that reset its
connection gives ECONNRESET on that peek, which lands in the same `except`, so the next
client is paired with it and gets the message of a client long gone (its own goes nowhere).
The waiting thread's own look, twice a second, takes the reset in its turn and then sees end
of file: only a next client that comes within that half second is paired with the departed one.
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
    except OSError:  # nothing to read yet: still there
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
                room.wait(0.5)
                if me['reply'] is None and not me['left'] and has_left(self.request):
                    waiting.remove(me)
                    me['left'] = True
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

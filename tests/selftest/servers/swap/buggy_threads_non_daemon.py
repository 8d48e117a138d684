"""Buggy: socketserver's ThreadingTCPServer with daemon_threads left False; a Condition pairs the clients.

The pairing is the correct server's (the oldest waiting client still connected is taken,
a client that left is never paired). But a client waiting for its partner keeps its thread
in the waiting loop, and that thread is not a daemon thread: on ctrl-C the interpreter waits
for it before it exits — for as long as the client waits (breaks SWAP-10).
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
    except OSError:
        return True


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

"""Correct: binds socket.gethostname(), not the empty host; otherwise as correct_threads_condition.py
(ThreadingTCPServer, one thread per client, a Condition guarding the waiting list).

A client whose 25 bytes are in takes the oldest waiting client that is still connected, or
waits on the Condition to be taken. A waiting thread wakes twice a second to see whether its
client has gone, and whoever pairs checks the waiter first, so a client that left is never
paired.
"""

import socket
import threading
from socketserver import StreamRequestHandler, ThreadingTCPServer

HOST = socket.gethostname()  # the machine's own name, as some course notes bind
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
    ThreadingTCPServer.daemon_threads = True
    ss = ThreadingTCPServer((HOST, PORT), ServerSwap)
    print('server is listening to', PORT)
    try:
        print('press ctrl c to stop server')
        ss.serve_forever()
    except KeyboardInterrupt:
        print(' ctrl c pressed, closing server')
        ss.socket.close()


if __name__ == "__main__":
    main()

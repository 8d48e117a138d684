"""Buggy: a waiting client that disconnects stays in the queue and is paired all the same.

Otherwise correct (first come, first served, exact reads, a thread per client): the next
client gets the message of a client that is gone (SWAP-6), and its own message is written
to a closed connection.
"""

import threading
from socketserver import StreamRequestHandler, ThreadingTCPServer

PORT = 12092
BUFFER = 25

room = threading.Condition()
waiting = []  # clients whose message has arrived, oldest first


class ServerSwap(StreamRequestHandler):
    def handle(self):
        try:
            message = self.rfile.read(BUFFER)
        except ConnectionError:
            return
        if len(message) < BUFFER:
            return
        with room:
            if waiting:
                other = waiting.pop(0)  # BUG: never asks whether it is still there
                other['reply'] = message
                room.notify_all()
                reply = other['message']
            else:
                me = {'message': message, 'reply': None}
                waiting.append(me)
                while me['reply'] is None:
                    room.wait()
                reply = me['reply']
        try:
            self.wfile.write(reply)
        except OSError:
            pass


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

"""Buggy: every client gets its own message back, at once, instead of a partner's.

Each client is served alone: its 25 bytes are read (whatever their segmentation) and written
straight back. A client receives its own message (SWAP-2), and one alone receives something
and no pair ever forms (SWAP-4).
"""

from socketserver import StreamRequestHandler, ThreadingTCPServer

PORT = 12092
BUFFER = 25


class ServerSwap(StreamRequestHandler):
    def handle(self):
        try:
            message = self.rfile.read(BUFFER)
            if len(message) == BUFFER:
                self.wfile.write(message)  # BUG: the client's own message
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

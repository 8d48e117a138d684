"""Buggy: the course's clockserver.py as given, a plain TCPServer that serves one client at a time.

Everything a single client sees is right, but while one client is connected and silent
(or has sent only part of its request) every other client waits (CLOCK-7).
"""

from socketserver import StreamRequestHandler
from socketserver import TCPServer
from time import ctime

PORT = 12091


class ServerClock(StreamRequestHandler):
    """
    The server tells the clients the time.
    """
    def handle(self):
        """
        Handler sends time to client.
        """
        print("connected at", self.client_address)
        message = self.rfile.read(25)
        data = message.decode()
        print('read \"' + data + '\" from client')
        now = ctime()
        print('writing \"' + now + '\" to client')
        self.wfile.write(now.encode())


def main():
    """
    Starts the server and serves requests.
    """
    ss = TCPServer(('', PORT), ServerClock)
    print('server is listening to', PORT)
    try:
        print('press ctrl c to stop server')
        ss.serve_forever()
    except KeyboardInterrupt:
        print(' ctrl c pressed, closing server')
        ss.socket.close()


if __name__ == "__main__":
    main()

"""Buggy: a DatagramRequestHandler that answers with sendto(), so every request gets two datagrams.

The course suggests DatagramRequestHandler in place of StreamRequestHandler; this handler
mixes it with the BaseRequestHandler idiom of the Python Cookbook: it takes the socket from
self.request and sends the time with sendto(). DatagramRequestHandler then sends whatever
was written to self.wfile as well, when the handler finishes: here nothing, so an empty
datagram follows each time. Each sender still gets only its own datagrams, the time first
and then the empty one: one datagram per request is broken (UDP-1), who gets which reply is
not (UDP-2 holds).
"""

from socketserver import DatagramRequestHandler, ThreadingUDPServer
from time import ctime

PORT = 12091


class ClockHandler(DatagramRequestHandler):
    def handle(self):
        request, sock = self.request
        print('read', request, 'from', self.client_address)
        sock.sendto(ctime().encode(), self.client_address)  # BUG: wfile is sent as well, empty


def main():
    server = ThreadingUDPServer(('', PORT), ClockHandler)
    print('server is listening to', PORT)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        print(' ctrl c pressed, closing server')
        server.server_close()


if __name__ == "__main__":
    main()

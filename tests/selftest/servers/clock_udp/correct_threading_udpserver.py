"""Correct: socketserver's ThreadingUDPServer, a thread per datagram, the reply sent on the
server's socket to the datagram's sender."""

import socketserver
import time


class ClockHandler(socketserver.BaseRequestHandler):
    def handle(self):
        data, sock = self.request
        if len(data) == 25:
            sock.sendto(time.ctime().encode("ascii"), self.client_address)


class Server(socketserver.ThreadingUDPServer):
    daemon_threads = True


with Server(("localhost", 12091), ClockHandler) as server:
    print("listening on udp 12091")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass

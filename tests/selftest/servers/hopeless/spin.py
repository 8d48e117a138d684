"""Accepts a connection, reads its request, then spins at full CPU without answering."""

import socket
import sys

PORT = int(sys.argv[1]) if len(sys.argv) > 1 else 12091

s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("", PORT))
s.listen(5)
try:
    while True:
        conn, _ = s.accept()
        conn.recv(25)
        while True:
            pass
except KeyboardInterrupt:
    pass

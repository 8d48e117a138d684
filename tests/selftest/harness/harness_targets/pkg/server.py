"""A server named as a dotted module (pkg.server); imports a sibling by package path."""
import socket

from pkg import helper

s = socket.socket()
s.bind(("localhost", 12091))
s.listen()
try:
    while True:
        c, _ = s.accept()
        c.sendall(helper.GREETING)
        c.close()
except KeyboardInterrupt:
    s.close()

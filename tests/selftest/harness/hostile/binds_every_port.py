"""Binds and listens on every port it can, then serves the clock on the first."""
import socket
import time

held = []
for port in range(12091, 12091 + 5000):
    try:
        s = socket.socket()
        s.bind(("", port))
        s.listen(5)
        held.append(s)
    except OSError:
        break
first = held[0]
while True:
    c, _ = first.accept()
    if len(c.recv(25)) == 25:
        c.sendall(time.ctime().encode())
    c.close()

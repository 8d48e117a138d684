"""Listens, then allocates memory until it is stopped."""
import socket

s = socket.socket()
s.bind(("", 12091))
s.listen(5)
hoard = []
while True:
    hoard.append(bytearray(64 * 1024 * 1024))

"""Accepts every client and never reads from it."""
import socket

s = socket.socket()
s.bind(("", 12091))
s.listen(50)
kept = []
while True:
    c, _ = s.accept()
    kept.append(c)

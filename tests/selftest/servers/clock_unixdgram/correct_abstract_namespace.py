"""Correct: a raw Unix datagram loop bound to an abstract-namespace name ("\\0..."), so
there is no socket file to remove; recvfrom(1024) and sendto the sender's path. Linux
students copy this from man unix(7) examples.
"""

import socket
import time

s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.bind("\0clockserver")
while True:
    data, addr = s.recvfrom(1024)
    s.sendto(time.ctime().encode(), addr)

"""Binds its UDP port and reads every datagram without answering."""

import socket

s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("", 12091))
try:
    while True:
        s.recvfrom(4096)
except KeyboardInterrupt:
    pass

"""Correct: the course's style over UDP — one socket, a recvfrom loop, ctime back to
whoever sent each 25-byte datagram."""

import socket
import time

PORT = 12091

sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
sock.bind(("", PORT))
print("clock udp server is listening to", PORT)
try:
    while True:
        data, address = sock.recvfrom(1024)
        if len(data) == 25:
            sock.sendto(time.ctime().encode(), address)
except KeyboardInterrupt:
    print("ctrl c pressed, closing server")
finally:
    sock.close()

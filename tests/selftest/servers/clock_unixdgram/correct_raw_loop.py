"""Correct: a raw Unix datagram socket in a recvfrom loop; a datagram from an unbound
client (no address to answer) is skipped."""

import os
import socket
import time

PATH = "clockdgram.sock"

if os.path.exists(PATH):
    os.unlink(PATH)
sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
sock.bind(PATH)
print("clock datagram server ready at", PATH)
try:
    while True:
        data, sender = sock.recvfrom(100)
        if len(data) == 25 and sender:
            sock.sendto(time.ctime().encode(), sender)
except KeyboardInterrupt:
    print("bye")
finally:
    sock.close()
    os.unlink(PATH)

"""Buggy: a Unix datagram clock server that sends every datagram straight back to its sender. Nothing
about the answer itself can hold."""

import os
import socket

PATH = "clockdgram.sock"

if os.path.exists(PATH):
    os.unlink(PATH)
sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
sock.bind(PATH)
print("clock datagram server ready at", PATH)
try:
    while True:
        data, sender = sock.recvfrom(100)
        if sender:
            sock.sendto(data, sender)  # BUG: the request itself, as the answer
except KeyboardInterrupt:
    print("bye")
finally:
    sock.close()

"""Buggy: a Unix datagram clock server that receives every datagram and never answers. Nothing can be
shown, so no requirement holds (V-WITNESS)."""

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
        del data, sender  # BUG: never answers
except KeyboardInterrupt:
    print("bye")
finally:
    sock.close()

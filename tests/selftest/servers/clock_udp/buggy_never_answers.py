"""Buggy: a UDP clock server on port 12091 that receives every datagram and never answers. Nothing can be
shown, so no requirement holds (V-WITNESS)."""

import socket

PORT = 12091

sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
sock.bind(("", PORT))
print("clock datagram server ready on", PORT)
try:
    while True:
        data, sender = sock.recvfrom(100)
        del data, sender  # BUG: never answers
except KeyboardInterrupt:
    print("bye")
finally:
    sock.close()

"""Buggy: a UDP clock server on port 12091 that sends every datagram straight back to its sender. Nothing
about the answer itself can hold."""

import socket

PORT = 12091

sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
sock.bind(("", PORT))
print("clock datagram server ready on", PORT)
try:
    while True:
        data, sender = sock.recvfrom(100)
        if sender:
            sock.sendto(data, sender)  # BUG: the request itself, as the answer
except KeyboardInterrupt:
    print("bye")
finally:
    sock.close()

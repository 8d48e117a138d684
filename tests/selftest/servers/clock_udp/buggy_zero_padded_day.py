"""Answers each datagram with strftime's date, whose day of the month below 10 is padded
with a zero ("Mar 05"), not with a space as ctime's is ("Mar  5"): fails UDP-1 only."""

import socket
import time

PORT = 12091

sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
sock.bind(("", PORT))
print("clock udp server is listening to", PORT, flush=True)
try:
    while True:
        data, address = sock.recvfrom(1024)
        if len(data) == 25:
            sock.sendto(time.strftime("%a %b %d %H:%M:%S %Y").encode("ascii"), address)
except KeyboardInterrupt:
    print("ctrl c pressed, closing server")
finally:
    sock.close()

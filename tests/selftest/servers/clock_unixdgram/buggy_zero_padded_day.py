"""Answers each datagram on a Unix datagram socket with strftime's date, whose day of the
month below 10 is padded with a zero, not with a space as ctime's is: fails UNIXD-1 only."""

import os
import socket
import time

PATH = "clockdgram.sock"

if os.path.exists(PATH):
    os.unlink(PATH)
sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
sock.bind(PATH)
print("clock datagram server is listening at", PATH, flush=True)
try:
    while True:
        data, address = sock.recvfrom(1024)
        if len(data) == 25 and address:
            sock.sendto(time.strftime("%a %b %d %H:%M:%S %Y").encode("ascii"), address)
except KeyboardInterrupt:
    print("ctrl c pressed, closing server")
finally:
    sock.close()
    if os.path.exists(PATH):
        os.unlink(PATH)

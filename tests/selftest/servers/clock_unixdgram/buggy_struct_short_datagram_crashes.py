"""Unpacks every datagram as a 25-byte string with struct and no check of its length: a
shorter datagram (or an empty one) raises struct.error out of the serve loop and the server
exits, so the clients after it get no time (C-ROBUST, judged under UNIXD-1). Correct for
25-byte requests."""

import os
import socket
import struct
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
        (question,) = struct.unpack("25s", data)
        print("question:", question.rstrip(), flush=True)
        if address:
            sock.sendto(time.ctime().encode("ascii"), address)
except KeyboardInterrupt:
    print("ctrl c pressed, closing server")
finally:
    sock.close()
    if os.path.exists(PATH):
        os.unlink(PATH)

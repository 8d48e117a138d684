"""Raw AF_UNIX datagram loop that puts the question in front of the time ("What is the time? Tue ...") (breaks UNIXD-1)."""
import os
import socket
import time

PATH = "clock_dgram_socket"

if os.path.exists(PATH):
    os.unlink(PATH)
sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
sock.bind(PATH)
try:
    while True:
        data, sender = sock.recvfrom(25)
        question = data.decode("ascii", "replace").strip()
        sock.sendto((question + " " + time.ctime()).encode(), sender)
except KeyboardInterrupt:
    sock.close()
    os.unlink(PATH)

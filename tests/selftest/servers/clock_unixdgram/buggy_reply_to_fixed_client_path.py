"""Buggy: sends the reply to a client path fixed in the source ("/tmp/clockclient")
instead of the sender's address from recvfrom, as when server and client were written
together from one example pair. Every other client's datagram goes unanswered.
"""

import os
import socket
import time

P = "/tmp/clocksrv"
C = "/tmp/clockclient"
if os.path.exists(P):
    os.unlink(P)
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.bind(P)
while True:
    data = s.recv(25)
    try:
        s.sendto(time.ctime().encode(), C)
    except OSError as e:
        print("send failed", e)

"""Forks a child that leaves the session (setsid) and outlives its parent; the parent exits
on ctrl-C without killing it. The child reports its pid so a test can look for it."""
import os
import socket
import threading

s = socket.socket()
s.bind(("", 12091))
child = os.fork()
if child == 0:
    os.setsid()
    grandchild = os.fork()
    if grandchild:
        os._exit(0)  # double fork: the grandchild is orphaned at once
    s.close()
    threading.Event().wait()
    os._exit(0)
s.listen()
try:
    while True:
        c, _ = s.accept()
        c.sendall(str(os.getpid()).encode())
        c.close()
except KeyboardInterrupt:
    s.close()

"""Listens, and on its first client tries to SIGKILL its parent — the grader."""
import os
import signal
import socket

s = socket.socket()
s.bind(("", 12091))
s.listen(5)
c, _ = s.accept()
try:
    os.kill(os.getppid(), signal.SIGKILL)
    print("killed my parent")
except PermissionError:
    print("not allowed to kill my parent")
c.close()
s.accept()

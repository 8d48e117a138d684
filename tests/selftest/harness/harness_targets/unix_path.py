"""Binds a Unix stream socket at a fixed relative path, as a student would."""
import socket

PATH = "student.sock"
s = socket.socket(socket.AF_UNIX)
s.bind(PATH)
s.listen()
try:
    while True:
        c, _ = s.accept()
        c.sendall(b"unix")
        c.close()
except KeyboardInterrupt:
    s.close()

"""Binds a Unix stream socket under an abstract name (a leading NUL: no file), as students
copy from man unix(7): the name is shared by the whole machine."""
import socket

s = socket.socket(socket.AF_UNIX)
s.bind("\0student-clock")
s.listen()
try:
    while True:
        c, _ = s.accept()
        c.sendall(b"abstract")
        c.close()
except KeyboardInterrupt:
    s.close()

"""Binds the host named in argv-free form by its environment: '', 'localhost', '0.0.0.0', a
fixed address of some network ('192.168.1.5'), or the machine's own name (`@hostname`:
socket.gethostname(), `@hostbyname`: socket.gethostbyname(socket.gethostname()))."""
import os
import socket

HOST = os.environ.get("TEST_HOST", "")
if HOST == "@hostname":
    HOST = socket.gethostname()
elif HOST == "@hostbyname":
    HOST = socket.gethostbyname(socket.gethostname())
s = socket.socket()
s.bind((HOST, 12091))
s.listen()
try:
    while True:
        c, _ = s.accept()
        c.sendall(b"hello")
        c.close()
except KeyboardInterrupt:
    s.close()

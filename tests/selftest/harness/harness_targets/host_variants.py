"""Binds the host named in argv-free form by its environment: '', 'localhost' or '0.0.0.0'."""
import os
import socket

HOST = os.environ.get("TEST_HOST", "")
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

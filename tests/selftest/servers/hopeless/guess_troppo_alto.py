"""A guess server that answers `TROPPO ALTO`, `TROPPO BASSO` or `ESATTO`, one client at a
time, and keeps the connection open until the client closes."""

import os
import random
import socket

SECRET = int(os.environ["SECRET"]) if "SECRET" in os.environ else random.randint(0, 99)

s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("localhost", 12093))
s.listen(5)
print("server pronto")
try:
    while True:
        conn, _ = s.accept()
        while True:
            data = conn.recv(25)
            if not data:
                break
            try:
                n = int(data.decode().strip())
            except ValueError:
                conn.send(b"NUMERO NON VALIDO\n")
                continue
            if n > SECRET:
                conn.send(b"TROPPO ALTO\n")
            elif n < SECRET:
                conn.send(b"TROPPO BASSO\n")
            else:
                conn.send(b"ESATTO\n")
        conn.close()
except KeyboardInterrupt:
    s.close()

"""Correct: a raw Unix stream socket, a thread per client, reads until 25 bytes arrived."""

import os
import socket
import threading
import time

PATH = "clock.sock"


def serve(conn):
    with conn:
        request = b""
        while len(request) < 25:
            chunk = conn.recv(25 - len(request))
            if not chunk:
                return
            request += chunk
        conn.sendall(time.ctime().encode())


if os.path.exists(PATH):
    os.remove(PATH)
server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
server.bind(PATH)
server.listen(16)
print("clock server is listening at", PATH)
try:
    while True:
        conn, _ = server.accept()
        threading.Thread(target=serve, args=(conn,), daemon=True).start()
except KeyboardInterrupt:
    print("ctrl c pressed, closing server")
finally:
    server.close()
    os.remove(PATH)

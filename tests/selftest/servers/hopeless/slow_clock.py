"""A clock server that answers correctly, but each reply only after 1.5 s: a check of it takes
long enough to be interrupted mid-run (tests/selftest/test_signals.py)."""

import socket
import threading
import time


def serve(conn):
    with conn:
        data = b""
        while len(data) < 25:
            piece = conn.recv(25 - len(data))
            if not piece:
                return
            data += piece
        time.sleep(1.5)
        conn.sendall(time.ctime().encode())


s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("", 12091))
s.listen(5)
try:
    while True:
        conn, _ = s.accept()
        threading.Thread(target=serve, args=(conn,), daemon=True).start()
except KeyboardInterrupt:
    s.close()

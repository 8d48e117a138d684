"""Accepts every connection (on whatever TCP port it is given) and never answers: reads and
keeps every connection open, one thread each."""

import socket
import sys
import threading

PORT = int(sys.argv[1]) if len(sys.argv) > 1 else 12091


def hold(conn):
    while conn.recv(4096):
        pass


s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("", PORT))
s.listen(5)
try:
    while True:
        conn, _ = s.accept()
        threading.Thread(target=hold, args=(conn,), daemon=True).start()
except KeyboardInterrupt:
    pass

"""Accepts every connection and floods it with bytes that are no answer of any protocol,
without reading, until the client goes."""

import socket
import sys
import threading

PORT = int(sys.argv[1]) if len(sys.argv) > 1 else 12091


def flood(conn):
    chunk = b"\x00garbage" * 512
    try:
        while True:
            conn.sendall(chunk)
    except OSError:
        conn.close()


s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("", PORT))
s.listen(5)
try:
    while True:
        conn, _ = s.accept()
        threading.Thread(target=flood, args=(conn,), daemon=True).start()
except KeyboardInterrupt:
    pass

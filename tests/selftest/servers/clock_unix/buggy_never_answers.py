"""Buggy: a Unix stream clock server that accepts every client at its path, reads whatever is
sent and never answers. Nothing can be shown, so no requirement holds (V-WITNESS)."""

import os
import socket
import threading

PATH = "clock.sock"


def serve(conn):
    with conn:
        try:
            while conn.recv(1024):  # BUG: reads, and never answers
                pass
        except OSError:
            pass


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

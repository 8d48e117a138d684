"""Buggy: a Unix stream clock server that reads each request, 25 bytes (however they
arrive), sends those very bytes back as its answer, and closes. Nothing about the answer
itself can hold."""

import os
import socket
import threading

PATH = "clock.sock"


def serve(conn):
    with conn:
        try:
            request = b""
            while len(request) < 25:
                chunk = conn.recv(25 - len(request))
                if not chunk:
                    return
                request += chunk
            conn.sendall(request)  # BUG: the request itself, as the answer
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

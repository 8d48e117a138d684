"""Correct: the course's Unix clock server at its hard-coded /tmp/clock.sock, removed before bind and at exit."""

import os
import socket
import threading
import time

SOCKET_PATH = "/tmp/clock.sock"


def serve(conn):
    with conn:
        request = b""
        while len(request) < 25:
            chunk = conn.recv(25 - len(request))
            if not chunk:
                return
            request += chunk
        conn.sendall(time.ctime().encode())


def main():
    if os.path.exists(SOCKET_PATH):
        os.remove(SOCKET_PATH)
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    server.bind(SOCKET_PATH)
    os.chmod(SOCKET_PATH, 0o666)
    server.listen(16)
    print("clock server is listening at", SOCKET_PATH)
    try:
        while True:
            conn, _ = server.accept()
            threading.Thread(target=serve, args=(conn,), daemon=True).start()
    except KeyboardInterrupt:
        print("ctrl c pressed, closing server")
    finally:
        server.close()
        if os.path.exists(SOCKET_PATH):
            os.remove(SOCKET_PATH)


main()

"""Raw AF_UNIX server that reads until the client shuts its side (recv until b''), not 25 bytes (breaks UNIX-1: CLOCK-2 there)."""
import os
import socket
import threading
import time

PATH = "clock_socket"


def handle(conn):
    data = b""
    while True:
        part = conn.recv(1024)
        if not part:
            break
        data += part
    if len(data) >= 25:
        try:
            conn.sendall(time.ctime().encode())
        except OSError:
            pass
    conn.close()


if __name__ == "__main__":
    if os.path.exists(PATH):
        os.unlink(PATH)
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    server.bind(PATH)
    server.listen()
    try:
        while True:
            conn, _ = server.accept()
            threading.Thread(target=handle, args=(conn,), daemon=True).start()
    except KeyboardInterrupt:
        server.close()
        os.unlink(PATH)

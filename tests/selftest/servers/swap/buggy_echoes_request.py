"""Buggy: a swap server: every byte a client sends on port 12092 is sent straight back to it,
until it closes. Nothing about the answer itself can hold."""

import socket
import threading

PORT = 12092


def serve(conn):
    with conn:
        try:
            while True:
                data = conn.recv(1024)
                if not data:
                    return
                conn.sendall(data)  # BUG: the request itself, as the answer
        except OSError:
            pass


server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
server.bind(("", PORT))
server.listen(16)
print("server is listening to", PORT)
try:
    while True:
        conn, _ = server.accept()
        threading.Thread(target=serve, args=(conn,), daemon=True).start()
except KeyboardInterrupt:
    print("ctrl c pressed, closing server")
finally:
    server.close()

"""Buggy: a web server: it accepts every client on port 8000, reads whatever is sent and never
answers. Nothing can be shown, so no requirement holds (V-WITNESS)."""

import socket
import threading

PORT = 8000


def serve(conn):
    with conn:
        try:
            while conn.recv(1024):  # BUG: reads, and never answers
                pass
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

"""Buggy: a guess-web server: it reads a request up to its blank line and sends those very bytes back
as its whole answer, then closes. Nothing about the answer itself can hold."""

import socket
import threading

PORT = 8000


def serve(conn):
    with conn:
        try:
            request = b""
            while b"\r\n\r\n" not in request and len(request) < 65536:
                chunk = conn.recv(1024)
                if not chunk:
                    break
                request += chunk
            conn.sendall(request)  # BUG: the request itself, as the answer
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

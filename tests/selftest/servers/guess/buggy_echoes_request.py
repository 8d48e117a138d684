"""Buggy: a guess server: it reads each request, 25 bytes (however they arrive), and sends those
very bytes back as its answer, and closes. Nothing about the answer itself can hold."""

import socket
import threading

PORT = 12093


def read_request(conn):
    request = b""
    while len(request) < 25:
        chunk = conn.recv(25 - len(request))
        if not chunk:
            return None
        request += chunk
    return request


def serve(conn):
    with conn:
        try:
            request = read_request(conn)
            if request is not None:
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

"""Threads per client, but a single recv(25) is taken as the whole request (breaks CLOCK-2)."""
import socket
import threading
import time

PORT = 12091


def serve(conn):
    with conn:
        data = conn.recv(25)
        if not data:
            return
        conn.sendall(time.ctime().encode())


def main():
    server = socket.socket()
    server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    server.bind(("", PORT))
    server.listen(5)
    try:
        while True:
            conn, _ = server.accept()
            threading.Thread(target=serve, args=(conn,), daemon=True).start()
    except KeyboardInterrupt:
        server.close()


if __name__ == "__main__":
    main()

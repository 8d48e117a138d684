"""Buggy: an accept loop that catches KeyboardInterrupt inside the loop and goes on serving.

Each client is served in a daemon thread, so nothing but the loop keeps the process alive;
but the except clause sits inside the while loop (meant to survive a bad client, it also
swallows ctrl-C), so ctrl-C only prints a line and the server keeps listening (breaks
CLOCK-8).
"""

import socket
import threading
import time

PORT = 12091


def read_exactly(conn, size):
    data = b""
    while len(data) < size:
        chunk = conn.recv(size - len(data))
        if not chunk:
            return data
        data += chunk
    return data


def serve(conn):
    with conn:
        if len(read_exactly(conn, 25)) == 25:
            conn.sendall(time.ctime().encode())


def main():
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(('', PORT))
    listener.listen(5)
    print('server is listening to', PORT)
    while True:
        try:
            conn, _ = listener.accept()
            threading.Thread(target=serve, args=(conn,), daemon=True).start()
        except KeyboardInterrupt:
            print('ctrl c pressed (ignored: the server keeps running)')
        except OSError as exc:
            print('accept failed:', exc)


if __name__ == "__main__":
    main()

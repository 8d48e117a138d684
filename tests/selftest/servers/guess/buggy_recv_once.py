"""Buggy: one recv(25) is taken for the whole guess, so a split guess is answered after its first piece.

Raw socket and a thread per client, otherwise correct. On loopback a guess sent in one
write arrives whole; `4`, `2` and the padding sent in three writes are answered as the
guess 4, before the 25th byte (GUESS-6).
"""

import os
import random
import socket
import threading

PORT = 12093
SECRET = int(os.environ.get("SECRET", random.randint(0, 99)))

found = False
lock = threading.Lock()


def serve(conn):
    global found
    with conn:
        try:
            data = conn.recv(25)  # BUG: may be only part of the guess
            if not data:
                return
            text = data.rstrip(b" ")
            with lock:
                if found:
                    reply = "secret found"
                elif text.isdigit() and int(text) == SECRET:
                    found = True
                    reply = "right"
                else:
                    reply = "wrong"
            conn.sendall(reply.encode())
        except OSError:
            pass


def main():
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    server.bind(("", PORT))
    server.listen(50)
    print("server is listening to", PORT)
    try:
        while True:
            conn, _ = server.accept()
            threading.Thread(target=serve, args=(conn,), daemon=True).start()
    except KeyboardInterrupt:
        print(" ctrl c pressed, closing server")
    finally:
        server.close()


if __name__ == "__main__":
    main()

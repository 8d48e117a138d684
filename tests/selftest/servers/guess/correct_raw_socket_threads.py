"""Correct: a raw socket and a thread per client; recv loops until 25 bytes; a lock guards the found state.
"""

import os
import random
import socket
import threading

PORT = 12093
BUFFER = 25
SECRET = int(os.environ.get("SECRET", random.randint(0, 99)))

state = {"found": False}
lock = threading.Lock()


def receive_guess(conn):
    """Exactly 25 bytes, or None when the client leaves before sending them."""
    data = b""
    while len(data) < BUFFER:
        chunk = conn.recv(BUFFER - len(data))
        if not chunk:
            return None
        data += chunk
    return data


def serve(conn):
    with conn:
        try:
            data = receive_guess(conn)
            if data is None:
                return
            text = data.decode("ascii", "replace").rstrip(" ")
            is_number = text.isascii() and text.isdigit()
            with lock:
                if state["found"]:
                    reply = "secret found"
                elif is_number and int(text) == SECRET:
                    state["found"] = True
                    reply = "right"
                else:
                    reply = "wrong"
            conn.sendall(reply.encode())
        except OSError:
            pass  # the client reset the connection


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

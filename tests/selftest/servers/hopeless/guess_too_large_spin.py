"""A guess server of the kind found in public course repositories: it answers in words of its
own (`Too large!`, `Too small!`, `Correct!`) and, when the client closes, spins on recv()
returning b"" forever, at full CPU, in the client's thread."""

import os
import random
import socket
import threading

SECRET = int(os.environ["SECRET"]) if "SECRET" in os.environ else random.randint(0, 99)


def serve(conn):
    while True:
        data = conn.recv(25)
        text = data.decode(errors="replace").strip()
        if not text:
            continue  # BUG: at end of file recv() returns b"" and this loop spins
        try:
            number = int(text)
        except ValueError:
            conn.send(b"Not a number!")
            continue
        if number > SECRET:
            conn.send(b"Too large!")
        elif number < SECRET:
            conn.send(b"Too small!")
        else:
            conn.send(b"Correct!")


def main():
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind(("", 12093))
    s.listen(5)
    print("listening on 12093")
    try:
        while True:
            conn, addr = s.accept()
            threading.Thread(target=serve, args=(conn,), daemon=True).start()
    except KeyboardInterrupt:
        s.close()


if __name__ == "__main__":
    main()

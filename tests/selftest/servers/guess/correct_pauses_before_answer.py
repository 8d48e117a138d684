"""Correct: threads, one guess per connection, and a pause of one second before each answer.

Students copy the course's forking server, whose handler sleeps before serving to show that
clients are served side by side, and keep a shorter pause. One second is inside the 2 s a
reply may take (C-TIME), and clients are served in parallel meanwhile. The verdict is decided
under the lock, so the pause changes nothing about which guess is first.
"""

import os
import random
import socket
import threading
import time

PORT = 12093
PAUSE = 1.0

secret = int(os.environ["SECRET"]) if "SECRET" in os.environ else random.randint(0, 99)
found = False
guard = threading.Lock()


def verdict(text):
    global found
    number = int(text) if text.isdigit() else None
    with guard:
        if found:
            return "secret found"
        if number == secret:
            found = True
            return "right"
        return "wrong"


def take_guess(conn):
    """The 25 bytes of one guess, however they arrive; None if the client leaves first."""
    got = b""
    while len(got) < 25:
        piece = conn.recv(25 - len(got))
        if not piece:
            return None
        got += piece
    return got


def serve(conn):
    try:
        guess = take_guess(conn)
        if guess is not None:
            reply = verdict(guess.rstrip(b" ").decode("ascii", "replace"))
            time.sleep(PAUSE)  # "the client is blocked for a second ..."
            conn.sendall(reply.encode())
    except OSError:
        pass
    finally:
        conn.close()


def main():
    listener = socket.socket()
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("", PORT))
    listener.listen(5)
    print("guessing server on", PORT)
    try:
        while True:
            conn, _ = listener.accept()
            threading.Thread(target=serve, args=(conn,), daemon=True).start()
    except KeyboardInterrupt:
        listener.close()


if __name__ == "__main__":
    main()

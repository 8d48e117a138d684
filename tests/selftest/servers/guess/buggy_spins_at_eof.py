"""Buggy: each client's thread serves a session of guesses and never checks for end of file.

Once the client has sent its guess and closed its side, every read returns b"" at once,
forever, and the loop answers that empty "guess" with `wrong` (or `secret found`) again and
again, as fast as it can: a thread that spins, sending text, until the send fails. Guesses
are read exactly (25 bytes, however split) with the usual `int(data.decode().strip())` in
a `try`.

Which IDs: a well-behaved client gets its answer first (`wrong`, `right`...), then a
stream of `wrong` after it — the reply is not one answer followed by white space (C-TEXT),
so every requirement whose check reads an answer sees an unreadable reply.
"""

import os
import random
import socket
import threading

PORT = 12093
SECRET = int(os.environ["SECRET"]) if "SECRET" in os.environ else random.randint(0, 99)

found = False
lock = threading.Lock()


def receive(client):
    """25 bytes, however they are split; fewer when the client has closed its side."""
    data = b""
    while len(data) < 25:
        chunk = client.recv(25 - len(data))
        if not chunk:
            break
        data += chunk
    return data


def handle(client):
    global found
    try:
        while True:  # a session of guesses
            data = receive(client)  # BUG: after end of file, b"" again and again, each taken for a guess
            try:
                guess = int(data.decode().strip())
            except ValueError:
                guess = None
            with lock:
                if found:
                    reply = "secret found"
                elif guess == SECRET:
                    found = True
                    reply = "right"
                else:
                    reply = "wrong"
            client.send(reply.encode())
    except OSError:
        pass
    finally:
        client.close()


def main():
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    server.bind(("", PORT))
    server.listen(5)
    print("server is listening to", PORT)
    try:
        while True:
            client, _ = server.accept()
            threading.Thread(target=handle, args=(client,), daemon=True).start()
    except KeyboardInterrupt:
        print(" ctrl c pressed, closing server")
    finally:
        server.close()


if __name__ == "__main__":
    main()

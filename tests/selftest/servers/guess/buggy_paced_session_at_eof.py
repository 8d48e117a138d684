"""Buggy: each client's thread serves a session of guesses, never checks for end of file,
and rests a tenth of a second after each answer "so as not to use too much CPU".

Once the client has sent its guess and closed its side, every read returns b"" at once,
and the loop answers that empty "guess" with `wrong` (or `secret found`) ten times a second
until the send fails. Unlike a loop that spins, the second answer comes only 0.1 s after
the first: a reply read too soon looks like one answer. Guesses are read exactly (25 bytes,
however split) with the usual `int(data.decode().strip())` in a `try`.

Which IDs: as for a loop that spins — a well-behaved client gets its answer, then more
answers after it, so no reply is one answer followed by white space (C-TEXT), and every
requirement whose check reads an answer sees an unreadable reply.
"""

import os
import random
import socket
import threading
import time

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
            time.sleep(0.1)  # rest a little between guesses
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

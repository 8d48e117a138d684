"""Buggy: int() on the guess's text raises on a guess that is not a number, and the exception ends the server.

A single-threaded selectors loop (so a silent client delays nobody) that buffers each
client's bytes until it has 25, then calls int(data.decode()). `abc`, or bytes that are not
ASCII, raise out of the loop and the process exits; `+42` and ` 42` pass as 42 (GUESS-7).
"""

import os
import random
import selectors
import socket

PORT = 12093
SECRET = int(os.environ["SECRET"]) if "SECRET" in os.environ else random.randint(0, 99)


def main():
    found = False
    selector = selectors.DefaultSelector()
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    server.bind(("", PORT))
    server.listen(50)
    server.setblocking(False)
    selector.register(server, selectors.EVENT_READ, None)
    print("server is listening to", PORT)
    try:
        while True:
            for key, _ in selector.select():
                if key.fileobj is server:
                    conn, _ = server.accept()
                    conn.setblocking(False)
                    selector.register(conn, selectors.EVENT_READ, bytearray())
                    continue
                conn, buffer = key.fileobj, key.data
                try:
                    chunk = conn.recv(25 - len(buffer))
                except OSError:
                    chunk = b""
                if not chunk:
                    selector.unregister(conn)
                    conn.close()
                    continue
                buffer += chunk
                if len(buffer) < 25:
                    continue
                guess = int(buffer.decode())  # BUG: raises on `abc`, and nobody catches it
                if found:
                    reply = b"secret found"
                elif guess == SECRET:
                    found = True
                    reply = b"right"
                else:
                    reply = b"wrong"
                selector.unregister(conn)
                conn.setblocking(True)
                try:
                    conn.sendall(reply)
                except OSError:
                    pass
                conn.close()
    except KeyboardInterrupt:
        print(" ctrl c pressed, closing server")
    finally:
        server.close()


if __name__ == "__main__":
    main()

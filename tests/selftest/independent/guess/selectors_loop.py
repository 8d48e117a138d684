"""Single-threaded selectors loop with a buffer per client; the request's trailing spaces removed with rstrip()."""
import os
import random
import selectors
import socket

PORT = 12093
secret = int(os.getenv("SECRET", random.randint(0, 99)))
found = False
sel = selectors.DefaultSelector()
pending = {}


def answer(text):
    global found
    if found:
        return b"secret found"
    if text.isdigit() and int(text) == secret:
        found = True
        return b"right"
    return b"wrong"


def finish(conn):
    sel.unregister(conn)
    pending.pop(conn, None)
    conn.close()


def main():
    listener = socket.socket()
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("", PORT))
    listener.listen(32)
    listener.setblocking(False)
    sel.register(listener, selectors.EVENT_READ)
    try:
        while True:
            for key, _ in sel.select():
                if key.fileobj is listener:
                    conn, _ = listener.accept()
                    conn.setblocking(False)
                    pending[conn] = b""
                    sel.register(conn, selectors.EVENT_READ)
                    continue
                conn = key.fileobj
                try:
                    part = conn.recv(25 - len(pending[conn]))
                except OSError:
                    part = b""
                if not part:
                    finish(conn)
                    continue
                pending[conn] += part
                if len(pending[conn]) == 25:
                    text = pending[conn].rstrip(b" ").decode("ascii", "replace")
                    try:
                        conn.setblocking(True)
                        conn.sendall(answer(text))
                    except OSError:
                        pass
                    finish(conn)
    except KeyboardInterrupt:
        pass
    finally:
        listener.close()


if __name__ == "__main__":
    main()

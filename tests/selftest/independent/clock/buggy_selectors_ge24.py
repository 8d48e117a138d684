"""selectors loop with a buffer per client that answers as soon as len(buf) >= 24 (breaks CLOCK-2)."""
import selectors
import socket
import time

PORT = 12091
sel = selectors.DefaultSelector()
bufs = {}


def accept(listener):
    conn, addr = listener.accept()
    conn.setblocking(False)
    bufs[conn] = b""
    sel.register(conn, selectors.EVENT_READ, serve)


def finish(conn):
    sel.unregister(conn)
    del bufs[conn]
    conn.close()


def serve(conn):
    try:
        data = conn.recv(1024)
    except OSError:
        data = b""
    if not data:
        finish(conn)
        return
    bufs[conn] += data
    if len(bufs[conn]) >= 24:
        try:
            conn.send(time.ctime().encode())
        except OSError:
            pass
        finish(conn)


def main():
    listener = socket.socket()
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("", PORT))
    listener.listen()
    listener.setblocking(False)
    sel.register(listener, selectors.EVENT_READ, accept)
    try:
        while True:
            for key, _ in sel.select():
                key.data(key.fileobj)
    except KeyboardInterrupt:
        listener.close()


if __name__ == "__main__":
    main()

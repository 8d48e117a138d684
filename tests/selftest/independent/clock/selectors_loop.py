"""Single-threaded selectors loop, a buffer per client, answering once 25 bytes are in."""
import selectors
import socket
import time

PORT = 12091
sel = selectors.DefaultSelector()
buffers = {}


def accept(server):
    conn, addr = server.accept()
    conn.setblocking(False)
    buffers[conn] = b""
    sel.register(conn, selectors.EVENT_READ)


def drop(conn):
    sel.unregister(conn)
    del buffers[conn]
    conn.close()


def read(conn):
    try:
        chunk = conn.recv(25 - len(buffers[conn]))
    except (ConnectionResetError, OSError):
        drop(conn)
        return
    if not chunk:
        drop(conn)
        return
    buffers[conn] += chunk
    if len(buffers[conn]) == 25:
        try:
            conn.setblocking(True)
            conn.sendall(time.ctime().encode())
        except OSError:
            pass
        drop(conn)


def main():
    server = socket.socket()
    server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    server.bind(("", PORT))
    server.listen(50)
    server.setblocking(False)
    sel.register(server, selectors.EVENT_READ)
    print("listening on", PORT)
    try:
        while True:
            for key, _ in sel.select():
                if key.fileobj is server:
                    accept(server)
                else:
                    read(key.fileobj)
    except KeyboardInterrupt:
        print("bye")
    finally:
        server.close()


if __name__ == "__main__":
    main()

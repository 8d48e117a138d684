"""selectors loop that decodes each request strictly: a non-ASCII request kills the whole server (breaks CLOCK-6)."""
import selectors
import socket
import time

PORT = 12091
sel = selectors.DefaultSelector()
buffers = {}


def drop(conn):
    sel.unregister(conn)
    del buffers[conn]
    conn.close()


def main():
    server = socket.socket()
    server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    server.bind(("", PORT))
    server.listen(50)
    server.setblocking(False)
    sel.register(server, selectors.EVENT_READ)
    try:
        while True:
            for key, _ in sel.select():
                if key.fileobj is server:
                    conn, _ = server.accept()
                    conn.setblocking(False)
                    buffers[conn] = b""
                    sel.register(conn, selectors.EVENT_READ)
                    continue
                conn = key.fileobj
                try:
                    chunk = conn.recv(25 - len(buffers[conn]))
                except OSError:
                    chunk = b""
                if not chunk:
                    drop(conn)
                    continue
                buffers[conn] += chunk
                if len(buffers[conn]) == 25:
                    print("request:", buffers[conn].decode("ascii").strip())
                    conn.setblocking(True)
                    conn.sendall(time.ctime().encode())
                    drop(conn)
    except KeyboardInterrupt:
        pass
    finally:
        server.close()


if __name__ == "__main__":
    main()

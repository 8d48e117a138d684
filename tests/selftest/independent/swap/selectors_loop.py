"""Single-threaded selectors loop: buffers until 25 bytes, a FIFO of waiting clients, hang-ups drop out of the queue."""
import selectors
import socket

PORT = 12092
sel = selectors.DefaultSelector()
buffers = {}
waiting = []


def close(conn):
    try:
        sel.unregister(conn)
    except (KeyError, ValueError):
        pass
    buffers.pop(conn, None)
    if conn in waiting:
        waiting.remove(conn)
    conn.close()


def alive(conn):
    try:
        return conn.recv(1, socket.MSG_PEEK) != b""
    except BlockingIOError:
        return True
    except OSError:
        return False


def send(conn, data):
    try:
        conn.setblocking(True)
        conn.sendall(data)
    except OSError:
        pass


def message_complete(conn):
    while waiting:
        partner = waiting.pop(0)
        if alive(partner):
            mine, theirs = buffers[conn], buffers[partner]
            send(conn, theirs)
            send(partner, mine)
            close(conn)
            close(partner)
            return
        close(partner)
    waiting.append(conn)


def readable(conn):
    if conn in waiting:
        if not alive(conn):
            close(conn)
        else:
            try:
                conn.recv(1024)  # extra bytes from a waiting client are ignored
            except OSError:
                close(conn)
        return
    try:
        chunk = conn.recv(25 - len(buffers[conn]))
    except OSError:
        chunk = b""
    if not chunk:
        close(conn)
        return
    buffers[conn] += chunk
    if len(buffers[conn]) == 25:
        message_complete(conn)


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
                elif key.fileobj in buffers:
                    readable(key.fileobj)
    except KeyboardInterrupt:
        print("bye")
    finally:
        server.close()


if __name__ == "__main__":
    main()

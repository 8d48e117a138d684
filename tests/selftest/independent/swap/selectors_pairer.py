"""Single-threaded selectors pairer: per-client buffers, a FIFO of complete messages, waiters checked for EOF before they are paired."""
import selectors
import socket

PORT = 12092
sel = selectors.DefaultSelector()
buffers = {}
ready = []  # sockets whose 25 bytes are in, in order of arrival


def close(sock):
    sel.unregister(sock)
    buffers.pop(sock, None)
    if sock in ready:
        ready.remove(sock)
    sock.close()


def still_there(sock):
    try:
        return sock.recv(1, socket.MSG_PEEK) != b""
    except BlockingIOError:
        return True
    except OSError:
        return False


def on_readable(sock):
    if sock in ready:
        if not still_there(sock):
            close(sock)
        else:
            try:
                sock.recv(1024)  # extra bytes from a waiting client are ignored
            except OSError:
                close(sock)
        return
    try:
        data = sock.recv(25 - len(buffers[sock]))
    except BlockingIOError:
        return
    except OSError:
        data = b""
    if not data:
        close(sock)
        return
    buffers[sock] += data
    if len(buffers[sock]) == 25:
        ready.append(sock)


def pair_up():
    for sock in list(ready):
        if not still_there(sock):
            close(sock)
    while len(ready) >= 2:
        a = ready.pop(0)
        b = ready.pop(0)
        for me, other in ((a, b), (b, a)):
            try:
                me.setblocking(True)
                me.sendall(buffers[other])
            except OSError:
                pass
        close(a)
        close(b)


def main():
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("", PORT))
    listener.listen(16)
    listener.setblocking(False)
    sel.register(listener, selectors.EVENT_READ)
    print("swap server on", PORT)
    try:
        while True:
            for key, _ in sel.select():
                if key.fileobj is listener:
                    try:
                        conn, _ = listener.accept()
                    except BlockingIOError:
                        continue
                    conn.setblocking(False)
                    buffers[conn] = b""
                    sel.register(conn, selectors.EVENT_READ)
                else:
                    on_readable(key.fileobj)
            pair_up()
    except KeyboardInterrupt:
        print("bye")
    finally:
        listener.close()


if __name__ == "__main__":
    main()

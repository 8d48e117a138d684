"""Correct: one thread and a selectors loop; partial messages are buffered per client.

A client's 25 bytes may come in any number of pieces. When the last one is in, the client
takes the oldest waiter that is still connected, or waits. A waiting client stays registered,
so its closing is seen as end of file and it leaves the queue.
"""

import selectors
import socket
from collections import deque

PORT = 12092
BUFFER = 25

sel = selectors.DefaultSelector()
partial = {}       # client socket -> the bytes of its message so far
waiting = deque()  # (socket, message) of clients waiting for a partner, oldest first


def has_left(sock):
    try:
        return sock.recv(1, socket.MSG_PEEK | socket.MSG_DONTWAIT) == b''
    except BlockingIOError:
        return False
    except OSError:
        return True


def finish(sock, reply=None):
    """Send the partner's message (if any) and close the connection."""
    sel.unregister(sock)
    if reply is not None:
        try:
            sock.setblocking(True)
            sock.sendall(reply)
        except OSError:
            pass
    sock.close()


def arrived(sock, message):
    """A whole message is in: pair with the oldest live waiter, or wait."""
    while waiting:
        other, other_message = waiting.popleft()
        if has_left(other):
            finish(other)
            continue
        finish(other, message)
        finish(sock, other_message)
        return
    waiting.append((sock, message))


def readable(sock):
    if sock.fileno() == -1:
        return  # finished earlier in this round of events (a waiter paired or dropped)
    if sock in partial:
        try:
            chunk = sock.recv(BUFFER - len(partial[sock]))
        except ConnectionError:
            chunk = b''
        if not chunk:
            del partial[sock]
            finish(sock)
            return
        partial[sock] += chunk
        if len(partial[sock]) == BUFFER:
            arrived(sock, partial.pop(sock))
    else:  # a waiting client: it sends nothing more, so this is its end
        try:
            chunk = sock.recv(BUFFER)
        except ConnectionError:
            chunk = b''
        if not chunk:
            for entry in list(waiting):
                if entry[0] is sock:
                    waiting.remove(entry)
            finish(sock)


def accept(server):
    try:
        conn, address = server.accept()
    except ConnectionError:
        return
    conn.setblocking(False)
    partial[conn] = b''
    sel.register(conn, selectors.EVENT_READ, readable)


def main():
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    server.bind(('', PORT))
    server.listen(50)
    server.setblocking(False)
    sel.register(server, selectors.EVENT_READ, accept)
    print('server is listening to', PORT)
    try:
        print('press ctrl c to stop server')
        while True:
            for key, _ in sel.select():
                key.data(key.fileobj)
    except KeyboardInterrupt:
        print(' ctrl c pressed, closing server')
    finally:
        server.close()


if __name__ == "__main__":
    main()

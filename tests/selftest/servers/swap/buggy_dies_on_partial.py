"""Buggy: the server process dies when a client disconnects before its message is complete.

One thread and a selectors loop, otherwise correct (exact reads from any number of pieces,
first come, first served, closed waiters dropped). Its author took every client that closes
to be a waiting one: a client that leaves before its 25th byte (or sends nothing at all) is
looked up among the waiting clients, the KeyError ends the loop, and the process exits
(SWAP-8).
"""

import selectors
import socket
from collections import deque

PORT = 12092
BUFFER = 25

sel = selectors.DefaultSelector()
partial = {}       # client socket -> the bytes of its message so far
waiting = deque()  # (socket, message) of clients waiting for a partner, oldest first
entry_of = {}      # waiting client socket -> its entry in `waiting`


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
    entry_of.pop(sock, None)
    if reply is not None:
        try:
            sock.setblocking(True)
            sock.sendall(reply)
        except OSError:
            pass
    sock.close()


def arrived(sock, message):
    while waiting:
        other, other_message = waiting.popleft()
        if has_left(other):
            finish(other)
            continue
        finish(other, message)
        finish(sock, other_message)
        return
    entry_of[sock] = (sock, message)
    waiting.append(entry_of[sock])


def client_left(sock):
    """A waiting client closed: take it off the list."""
    waiting.remove(entry_of[sock])  # BUG: KeyError for a client that was still sending
    finish(sock)


def readable(sock):
    if sock.fileno() == -1:
        return  # finished earlier in this round of events (a waiter paired or dropped)
    try:
        chunk = sock.recv(BUFFER - len(partial.get(sock, b'')))
    except ConnectionError:
        chunk = b''
    if not chunk:
        client_left(sock)
        return
    if sock not in partial:
        return  # stray bytes from a waiting client
    partial[sock] += chunk
    if len(partial[sock]) == BUFFER:
        arrived(sock, partial.pop(sock))


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

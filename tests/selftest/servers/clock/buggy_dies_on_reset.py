"""Buggy: one thread multiplexes clients with selectors, and a client that resets kills the server.

Concurrent and exact (a buffer per client, the reply at byte 25), but nothing catches the
ConnectionResetError that recv() raises when a client resets its connection: it ends the
whole server process (CLOCK-6).
"""

import selectors
import socket
from time import ctime

PORT = 12091
BUFFER = 25

sel = selectors.DefaultSelector()
received = {}  # client socket -> the bytes of its request so far


def accept(server):
    client, address = server.accept()
    client.setblocking(False)
    received[client] = b''
    sel.register(client, selectors.EVENT_READ, read)


def read(client):
    data = client.recv(BUFFER - len(received[client]))  # BUG: raises on a reset, uncaught
    if not data:
        finish(client)
        return
    received[client] += data
    if len(received[client]) == BUFFER:
        client.send(ctime().encode())
        finish(client)


def finish(client):
    sel.unregister(client)
    del received[client]
    client.close()


def main():
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    server.bind(('', PORT))
    server.listen(5)
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

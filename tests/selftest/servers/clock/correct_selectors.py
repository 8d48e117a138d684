"""Correct: one thread multiplexes every client with selectors, a buffer per client.

Each client's bytes collect in its own buffer; at byte 25 it gets the time and the
connection is closed. A client that closes early or resets is just dropped.
"""

import selectors
import socket
from time import ctime

PORT = 12091
REQUEST_SIZE = 25

selector = selectors.DefaultSelector()


def accept(server):
    try:
        client, _address = server.accept()
    except OSError:  # the client left before it was accepted
        return
    client.setblocking(False)
    selector.register(client, selectors.EVENT_READ, bytearray())


def serve(client, request):
    """Read what has arrived; answer and close once the request is whole."""
    try:
        data = client.recv(REQUEST_SIZE - len(request))
        if data:
            request += data
            if len(request) < REQUEST_SIZE:
                return
            client.send(ctime().encode())  # 24 bytes fit in an empty send buffer
    except OSError:
        pass  # reset or gone: nothing to answer
    selector.unregister(client)
    client.close()


def main():
    server = socket.create_server(('', PORT))
    server.setblocking(False)
    selector.register(server, selectors.EVENT_READ)
    print('server is listening to', PORT)
    try:
        while True:
            for key, _events in selector.select():
                if key.fileobj is server:
                    accept(server)
                else:
                    serve(key.fileobj, key.data)
    except KeyboardInterrupt:
        print(' ctrl c pressed, closing server')
    finally:
        server.close()


if __name__ == "__main__":
    main()

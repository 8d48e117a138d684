"""Buggy: selectors, a buffer per client, answered once it holds 24 bytes (CLOCK-2).

The check of the buffer's length is off by one (`>= REQUEST_SIZE - 1`): a request sent in
one write is answered as usual, but one whose last byte comes alone is answered early.
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
    except OSError:
        return
    client.setblocking(False)
    selector.register(client, selectors.EVENT_READ, bytearray())


def serve(client, request):
    try:
        data = client.recv(REQUEST_SIZE - len(request))
        if data:
            request += data
            if len(request) < REQUEST_SIZE - 1:
                return
            client.send(ctime().encode())
    except OSError:
        pass
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

"""Buggy: a thread per client with a 1 s socket timeout: a client that pauses 1 s is dropped.

C-PATIENCE lets a client pause up to 3 s between two pieces of its request (or before its
first byte); this server closes the connection after 1 s of silence, so that request is
never answered (CLOCK-2).
"""

import socket
import threading
from time import ctime

PORT = 12091
REQUEST_SIZE = 25
TIMEOUT = 1.0


def serve(client):
    client.settimeout(TIMEOUT)
    request = b''
    try:
        while len(request) < REQUEST_SIZE:
            data = client.recv(REQUEST_SIZE - len(request))
            if not data:
                return
            request += data
        client.sendall(ctime().encode())
    except OSError:  # a timeout, a reset
        pass
    finally:
        client.close()


def main():
    server = socket.create_server(('', PORT))
    print('server is listening to', PORT)
    try:
        while True:
            client, _address = server.accept()
            threading.Thread(target=serve, args=(client,), daemon=True).start()
    except KeyboardInterrupt:
        print(' ctrl c pressed, closing server')
    finally:
        server.close()


if __name__ == "__main__":
    main()

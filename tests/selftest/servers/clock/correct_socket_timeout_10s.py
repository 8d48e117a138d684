"""Correct: a thread per client with a 10 s socket timeout, recv until 25 bytes.

A client that stays silent for 10 s is dropped: good practice, and longer than any pause the
standard lets a client make (C-PATIENCE: 3 s).
"""

import socket
import threading
from time import ctime

PORT = 12091
REQUEST_SIZE = 25
TIMEOUT = 10.0


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

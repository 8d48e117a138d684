"""Serves each client in a grandchild: the child forks it and exits at once (a double fork),
so the process serving a client is an orphan from its first moment. It shows that the
process observer still finds such orphans (the harness adopts them as child subreaper).
ctrl-C stops the listening process only; a grandchild ends when its client closes."""

import os
import socket
from time import ctime

PORT = 12091


def serve(conn):
    with conn:
        while True:
            data = b""
            while len(data) < 25:
                chunk = conn.recv(25 - len(data))
                if not chunk:
                    return
                data += chunk
            conn.sendall(ctime().encode())


def main():
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    server.bind(('', PORT))
    server.listen(5)
    try:
        while True:
            conn, _address = server.accept()
            child = os.fork()
            if child == 0:
                server.close()
                if os.fork() == 0:
                    try:
                        serve(conn)
                    finally:
                        os._exit(0)
                os._exit(0)
            conn.close()
            os.waitpid(child, 0)
    except KeyboardInterrupt:
        pass
    finally:
        server.close()


if __name__ == "__main__":
    main()

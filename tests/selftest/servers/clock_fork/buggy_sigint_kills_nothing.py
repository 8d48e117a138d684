"""Buggy: on ctrl-C the parent closes its socket and exits but kills no child (orphans serve on).

Children are forked, reaped and cleaned up correctly while the server runs; only the
shutdown is wrong: the children still serving a client outlive the parent (FORK-6).
"""

import os
import signal
import socket
from time import ctime

PORT = 12091
BUFFER = 25


def reap(signum, frame):
    """Reap every child that has exited."""
    while True:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return


def receive_request(sck):
    """Exactly BUFFER bytes, however they arrive; None if the client closes first."""
    data = b""
    while len(data) < BUFFER:
        chunk = sck.recv(BUFFER - len(data))
        if not chunk:
            return None
        data += chunk
    return data


def handle_client(sck, server):
    """Child: serve the session, then exit without returning."""
    try:
        server.close()
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)
        while receive_request(sck) is not None:
            sck.sendall(ctime().encode())
        sck.close()
    finally:
        os._exit(0)


def main():
    """Listen for connecting clients."""
    signal.signal(signal.SIGCHLD, reap)
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    server.bind(('', PORT))
    server.listen(5)
    print('server is listening to', PORT)
    try:
        print('press ctrl c to stop server')
        while True:
            client, address = server.accept()
            if os.fork() == 0:
                handle_client(client, server)
            client.close()
    except KeyboardInterrupt:
        print('ctrl c pressed, closing server')  # BUG: the children are left running
        server.close()


if __name__ == "__main__":
    main()

"""Correct: a serial Unix-socket clock server in a student's style: a context manager
that removes a stale socket file before binding (`os.path.exists`, `os.remove`) and
removes it again in `finally`; a SIGINT handler that raises SystemExit; one client at a
time with `listen(1)`, reading exactly 25 bytes with `recv` in a loop and answering with
an unguarded `sendall`. Over a Unix socket a reply to a client that has already hung up
raises BrokenPipeError and ends this server: no requirement of clock-unix asks for that
(UNIX-1 is CLOCK-1..3; C-ROBUST's misbehaving clients do not include one that asks and
leaves before the answer)."""

import os
import socket
import signal
import time
from contextlib import contextmanager

SOCKET_FILE = "./clock.sock"


@contextmanager
def server_socket():
    server_socket = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        if os.path.exists(SOCKET_FILE):
            os.remove(SOCKET_FILE)
        server_socket.bind(SOCKET_FILE)
        server_socket.listen(1)
        print("listening...")
        yield server_socket
    finally:
        server_socket.close()
        print("socket closed")
        os.remove(SOCKET_FILE)


def signal_handler(signum, frame):
    print("shutting down...")
    raise SystemExit(0)


def main():
    signal.signal(signal.SIGINT, signal_handler)
    with server_socket() as s:
        while True:
            conn, _ = s.accept()
            with conn:
                data = b""
                while len(data) < 25:
                    chunk = conn.recv(25 - len(data))
                    if not chunk:
                        break
                    data += chunk
                if len(data) == 25:
                    conn.sendall(time.ctime().encode())


if __name__ == "__main__":
    main()

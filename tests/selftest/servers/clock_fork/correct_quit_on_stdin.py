"""Correct: a forking clock server that can also be stopped by typing `q`, as the course's
fork.py is (its parent waits on input()).

The parent selects on its listening socket and its standard input: a connecting client gets
a child of its own (os.fork, exact 25-byte reads); a line on standard input is read with
input(), and `q` stops the server like ctrl-C does. Children are reaped as they exit
(SIGCHLD); on `q` or ctrl-C the children still serving are killed and reaped.
"""

import os
import select
import signal
import socket
import sys
from time import ctime

PORT = 12091
BUFFER = 25

active_processes = set()


def reap(signum, frame):
    while True:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return
        active_processes.discard(pid)


def handle_client(sck):
    try:
        while True:
            data = b""
            while len(data) < BUFFER:
                chunk = sck.recv(BUFFER - len(data))
                if not chunk:
                    return
                data += chunk
            sck.sendall(ctime().encode())
    finally:
        sck.close()
        os._exit(0)


def kill_processes():
    signal.signal(signal.SIGCHLD, signal.SIG_DFL)
    for pid in list(active_processes):
        print("-> killing process %d" % pid)
        try:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
        except OSError:
            pass
    active_processes.clear()


def main():
    signal.signal(signal.SIGCHLD, reap)
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    server.bind(("", PORT))
    server.listen(5)
    print("server is listening to", PORT)
    print("type q to stop the server (or press ctrl c)")
    try:
        while True:
            try:
                ready, _, _ = select.select([server, sys.stdin], [], [])
            except InterruptedError:
                continue
            if sys.stdin in ready:
                if input() == "q":
                    break
            if server in ready:
                try:
                    client, address = server.accept()
                except InterruptedError:
                    continue
                child_pid = os.fork()
                if child_pid == 0:
                    signal.signal(signal.SIGINT, signal.SIG_DFL)
                    signal.signal(signal.SIGCHLD, signal.SIG_DFL)
                    server.close()
                    handle_client(client)
                active_processes.add(child_pid)
                client.close()
    except KeyboardInterrupt:
        print("ctrl c pressed, closing server")
    finally:
        kill_processes()
        server.close()


if __name__ == "__main__":
    main()

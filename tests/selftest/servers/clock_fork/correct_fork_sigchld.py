"""Correct: os.fork per client, exact reads with a recv loop, SIGCHLD reaps, ctrl-C kills children.

The parent accepts and forks; the child serves a session of 25-byte requests and leaves
with os._exit. A SIGCHLD handler reaps exited children at once. On ctrl-C the parent
kills the children still serving, reaps them, closes its socket and exits.
"""

import os
import signal
import socket
from time import ctime

PORT = 12091
BUFFER = 25
FORKING = {signal.SIGCHLD, signal.SIGINT}  # held off while a new child is being recorded

active_processes = set()


def reap(signum, frame):
    """Reap every child that has exited."""
    while True:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return
        active_processes.discard(pid)


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
        signal.pthread_sigmask(signal.SIG_UNBLOCK, FORKING)
        while receive_request(sck) is not None:
            sck.sendall(ctime().encode())
        sck.close()
    finally:
        os._exit(0)


def kill_processes():
    """Kill the children still serving and wait for each."""
    signal.signal(signal.SIGCHLD, signal.SIG_DFL)
    for pid in active_processes:
        print('-> killing process %d' % pid)
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
    active_processes.clear()


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
            signal.pthread_sigmask(signal.SIG_BLOCK, FORKING)
            child_pid = os.fork()
            if child_pid == 0:
                handle_client(client, server)
            active_processes.add(child_pid)
            signal.pthread_sigmask(signal.SIG_UNBLOCK, FORKING)
            client.close()
    except KeyboardInterrupt:
        print('ctrl c pressed, closing server')
    finally:
        kill_processes()
        server.close()


if __name__ == "__main__":
    main()

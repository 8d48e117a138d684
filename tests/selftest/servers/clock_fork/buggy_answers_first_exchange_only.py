"""Buggy: the child answers only its session's first exchange; later requests get no reply.

The child handles the first request (with any requests that came in the same write, so
pipelining works), then takes the session to be over: it reads and ignores whatever the
client sends until the client closes, and only then exits. A second request sent after
the first reply is never answered (FORK-1). The child stays alive while its client is
connected and exits when the client closes, so the process rules all hold.
"""

import os
import signal
import socket
from time import ctime

PORT = 12091
BUFFER = 25
FORKING = {signal.SIGCHLD, signal.SIGINT}

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


def serve_first_exchange(sck):
    """Answer the first request and any others already received with it."""
    pending = b""
    while True:
        while len(pending) < BUFFER:
            chunk = sck.recv(1024)
            if not chunk:
                return
            pending += chunk
        pending = pending[BUFFER:]
        sck.sendall(ctime().encode())
        if not pending:  # BUG: nothing more has come in, so the session is taken to be over
            return


def handle_client(sck, server):
    """Child: serve the session, then exit without returning."""
    try:
        server.close()
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)
        signal.pthread_sigmask(signal.SIG_UNBLOCK, FORKING)
        serve_first_exchange(sck)
        while sck.recv(1024):  # ignore the rest until the client closes
            pass
        sck.close()
    finally:
        os._exit(0)


def kill_processes():
    """Kill the children still serving and wait for each."""
    signal.signal(signal.SIGCHLD, signal.SIG_DFL)
    for pid in active_processes:
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

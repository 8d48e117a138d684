"""Buggy: the child does not os._exit after its session; it falls back into the accept loop.

The child forgets to exit and keeps the listening socket, so when its client closes it
returns into the server's loop and goes on accepting (and forking) like a second server:
the process that served a client never exits (FORK-4). Because every process runs the
same code, each one stops like the server itself does on ctrl-C: it passes SIGINT to its
own children, waits for them, closes its socket and exits. So the whole tree still goes
away on ctrl-C, whichever process happened to accept which client.
"""

import os
import signal
import socket
from time import ctime

PORT = 12091
BUFFER = 25
FORKING = {signal.SIGCHLD, signal.SIGINT}

active_processes = set()  # this process's own children


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


def handle_client(sck):
    """Child: serve the session.  BUG: returns instead of os._exit(0)."""
    with sck:
        while receive_request(sck) is not None:
            sck.sendall(ctime().encode())


def stop_processes():
    """Pass ctrl-C on to this process's children and wait for each."""
    signal.signal(signal.SIGCHLD, signal.SIG_DFL)
    for pid in active_processes:
        os.kill(pid, signal.SIGINT)
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
                active_processes.clear()  # the parent's children are not ours
                signal.pthread_sigmask(signal.SIG_UNBLOCK, FORKING)
                handle_client(client)
                continue  # ...and back to accept()
            active_processes.add(child_pid)
            signal.pthread_sigmask(signal.SIG_UNBLOCK, FORKING)
            client.close()
    except KeyboardInterrupt:
        print('ctrl c pressed, closing server', os.getpid())
    finally:
        stop_processes()
        server.close()


if __name__ == "__main__":
    main()

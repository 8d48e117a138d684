"""Buggy: its SIGCHLD handler reaps one child per signal, so children that exit together
leave zombies (FORK-5).

The textbook slip (Stevens's first forking server did the same): ``os.wait()`` once in the
handler. Signals of one kind do not queue: when two children exit before the server runs its
handler, it is called once, reaps one of them, and the other stays a zombie until some later
child's exit calls the handler again. Everything else is right.
"""

import os
import signal
import socket
from time import ctime

PORT = 12091
BUFFER = 25

active_processes = set()


def reap_one(signum, frame):
    """A child has exited: collect it (one wait per signal: the bug)."""
    try:
        pid, _status = os.wait()
    except ChildProcessError:
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
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT, signal.SIGCHLD})
        while receive_request(sck) is not None:
            sck.sendall(ctime().encode())
        sck.close()
    finally:
        os._exit(0)


def kill_processes():
    """Kill every child still running and wait for every child, zombies included."""
    signal.signal(signal.SIGCHLD, signal.SIG_DFL)
    for pid in list(active_processes):
        print('-> killing process %d' % pid)
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    while True:
        try:
            os.wait()
        except ChildProcessError:
            return


def main():
    """Listen for connecting clients."""
    signal.signal(signal.SIGCHLD, reap_one)
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    server.bind(('', PORT))
    server.listen(5)
    print('server is listening to', PORT)
    try:
        print('press ctrl c to stop server')
        while True:
            try:
                client, address = server.accept()
            except ConnectionAbortedError:
                continue
            print('server connected at', address)
            signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT, signal.SIGCHLD})
            child_pid = os.fork()
            if child_pid == 0:
                handle_client(client, server)
            active_processes.add(child_pid)
            signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT, signal.SIGCHLD})
            client.close()
    except KeyboardInterrupt:
        print('ctrl c pressed, closing server')
    finally:
        kill_processes()
        server.close()


if __name__ == "__main__":
    main()

"""Buggy: the child answers every recv(25), so a request split over three writes gets three replies.

One recv(25) is taken to be one request. On loopback a request sent in one write arrives
whole and two pipelined requests come out of recv(25) one by one, so only a fragmented
request goes wrong: it is answered before its 25th byte, once per fragment (FORK-2).
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


def handle_client(sck, server):
    """Child: serve the session, then exit without returning."""
    try:
        server.close()
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)
        signal.pthread_sigmask(signal.SIG_UNBLOCK, FORKING)
        while True:
            data = sck.recv(BUFFER)  # BUG: may be part of a request
            if not data:
                break
            sck.sendall(ctime().encode())
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

"""Buggy: never reaps a child while serving, so every finished session leaves a zombie.

Like the course's server (without its 10 s sleep): the pids go into a list that is only
used at ctrl-C, when every child is killed and waited for. Until then nobody calls
waitpid, so each child that exits stays a zombie (FORK-5). Everything else is right
(unlike the course's server, ctrl-C is held off while a child is forked and its pid
recorded, so the shutdown finds every child).
"""

import os
import signal
import socket
from time import ctime

PORT = 12091
BUFFER = 25

active_processes = []


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
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
        while receive_request(sck) is not None:
            sck.sendall(ctime().encode())
        sck.close()
    finally:
        os._exit(0)


def kill_processes():
    """Kill every child ever started (zombies included) and wait for each."""
    while active_processes:
        pid = active_processes.pop(0)
        print('-> killing process %d' % pid)
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)


def main():
    """Listen for connecting clients."""
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    server.bind(('', PORT))
    server.listen(5)
    print('server is listening to', PORT)
    try:
        print('press ctrl c to stop server')
        while True:
            client, address = server.accept()
            print('server connected at', address)
            signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
            child_pid = os.fork()
            if child_pid == 0:
                handle_client(client, server)
            print('appending PID', child_pid)
            active_processes.append(child_pid)
            signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
            client.close()
    except KeyboardInterrupt:
        print('ctrl c pressed, closing server')
    finally:
        kill_processes()
        server.close()


if __name__ == "__main__":
    main()

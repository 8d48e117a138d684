"""Correct: the course's forking server with its pause cut down, so each child waits one
second before it serves.

The course's handler sleeps ten seconds before serving, to show that clients are served in
parallel; students keep the pause and shorten it. One second leaves every reply well inside
the standard's 2 s. The parent forks per client and reaps on SIGCHLD; each child reads exact
25-byte requests and answers each with ctime() until its client closes; on ctrl-C the parent
kills the children it still has and closes its socket.
"""

import os
import signal
import socket
import time

PORT = 12091
SIZE = 25
PAUSE = 1.0  # the course's 10 s, shortened

children = set()


def collect(signum, frame):
    """Reap whichever children have finished."""
    while True:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return
        children.discard(pid)


def next_request(conn):
    """One whole request, or None once the client has gone."""
    got = b""
    while len(got) < SIZE:
        piece = conn.recv(SIZE - len(got))
        if not piece:
            return None
        got += piece
    return got


def child(conn, listener):
    """The child's whole life: a pause, then the session."""
    try:
        listener.close()
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGCHLD, signal.SIGINT})
        print('child', os.getpid(), 'pauses', PAUSE, 's before serving')
        time.sleep(PAUSE)
        while next_request(conn) is not None:
            conn.sendall(time.ctime().encode())
        conn.close()
    except OSError:
        pass
    finally:
        os._exit(0)


def stop_children():
    signal.signal(signal.SIGCHLD, signal.SIG_DFL)
    for pid in list(children):
        try:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
        except (ProcessLookupError, ChildProcessError):
            pass
    children.clear()


def main():
    signal.signal(signal.SIGCHLD, collect)
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(('', PORT))
    listener.listen(5)
    print('listening on', PORT, '- ctrl c stops')
    try:
        while True:
            try:
                conn, address = listener.accept()
            except InterruptedError:
                continue
            # SIGCHLD and SIGINT wait while the new child is forked and written down.
            signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGCHLD, signal.SIGINT})
            pid = os.fork()
            if pid == 0:
                child(conn, listener)
            children.add(pid)
            signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGCHLD, signal.SIGINT})
            conn.close()
    except KeyboardInterrupt:
        print('ctrl c: stopping', len(children), 'children')
        stop_children()
        listener.close()


if __name__ == '__main__':
    main()

"""clock-fork reference server: a session of clock requests per connection, a process per client.

Every 25-byte request gets the current time as ``time.ctime()`` text, until the client
closes. The parent only accepts and forks. Each child serves one client and always leaves
through ``os._exit``, so it never returns into the parent's accept loop. A SIGCHLD handler
reaps every child as soon as it exits, so no zombies pile up. ctrl-C (SIGINT to the parent)
kills every live child, reaps them, closes the listening socket and exits.

    python clock_fork.py [--port N]        (default port 12091)
"""

import argparse
import os
import signal
import socket
import time

PORT = 12091
REQUEST_SIZE = 25

# Signals held off while the parent forks and records the child's pid: until the pid is in
# `children`, the child can be neither reaped (SIGCHLD) nor forgotten at shutdown (SIGINT).
HELD_WHILE_FORKING = {signal.SIGCHLD, signal.SIGINT}

children = set()  # pids of the children not yet reaped; kept by the parent only


def reap_children(signum=None, frame=None):
    """SIGCHLD handler: collect every child that has exited, so none stays a zombie."""
    while True:
        try:
            pid, _status = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:  # no children at all
            return
        if pid == 0:  # children remain, none of them has exited
            return
        children.discard(pid)


def serve_session(conn):
    """Answer each 25-byte request with the time, until the client closes.

    ``rfile.read(25)`` returns exactly 25 bytes however the request was split, returns as
    soon as the 25th byte is in, and keeps bytes of a pipelined next request for the next
    read. A short read means the client closed (a partial request gets no reply)."""
    with conn, conn.makefile("rb") as rfile:
        while len(rfile.read(REQUEST_SIZE)) == REQUEST_SIZE:
            conn.sendall(time.ctime().encode())


def child(conn, listener):
    """The child process: serve one client, then exit. Never returns."""
    status = 1
    try:
        listener.close()  # the parent's socket: the child accepts nothing
        signal.signal(signal.SIGINT, signal.SIG_DFL)  # ctrl-C ends a child like any process
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)  # the child has no children to reap
        signal.pthread_sigmask(signal.SIG_UNBLOCK, HELD_WHILE_FORKING)
        serve_session(conn)
        status = 0
    finally:
        os._exit(status)  # whatever happened, never back into the parent's code


def fork_child(conn, listener):
    """Fork a child to serve ``conn``; the parent records the child and drops ``conn``."""
    signal.pthread_sigmask(signal.SIG_BLOCK, HELD_WHILE_FORKING)
    try:
        pid = os.fork()
        if pid == 0:
            child(conn, listener)
        children.add(pid)
    finally:
        signal.pthread_sigmask(signal.SIG_UNBLOCK, HELD_WHILE_FORKING)
    conn.close()  # the child has its own copy; the client sees the end when the child exits


def stop_children():
    """Kill every live child and reap them all, so the server leaves no process behind."""
    signal.signal(signal.SIGCHLD, signal.SIG_DFL)  # from now on this function reaps
    for pid in children:
        try:
            os.kill(pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
    children.clear()
    while True:
        try:
            os.waitpid(-1, 0)
        except ChildProcessError:  # every child is reaped
            return


def serve(port):
    """Accept clients and fork a child for each, until ctrl-C."""
    signal.signal(signal.SIGCHLD, reap_children)
    listener = socket.create_server(("", port))
    print("server is listening to", port)
    print("press ctrl c to stop server")
    try:
        while True:
            try:
                conn, _address = listener.accept()
            except ConnectionAbortedError:  # the client left before it was accepted
                continue
            fork_child(conn, listener)
    except KeyboardInterrupt:
        print(" ctrl c pressed, stopping", len(children), "children and closing server")
    finally:
        stop_children()
        listener.close()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=PORT, help=f"TCP port (default {PORT})")
    serve(parser.parse_args().port)


if __name__ == "__main__":
    main()

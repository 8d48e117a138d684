"""Moves its listening socket to a new process at every accept: the parent serves the
client and exits, the child goes on listening (a clock-fork server with `if pid == 0`
read the wrong way round). Each listener is orphaned in turn, so none of them is a
descendant of the process the harness started, and the last one is found only by the uid
the harness gave the launch."""
import os
import socket
import time

listener = socket.create_server(("", 12091))
while True:
    conn, _ = listener.accept()
    if os.fork() != 0:  # the parent serves, then exits; the child listens on
        listener.close()
        with conn, conn.makefile("rb") as rfile:
            while len(rfile.read(25)) == 25:
                conn.sendall(time.ctime().encode())
        os._exit(0)
    conn.close()

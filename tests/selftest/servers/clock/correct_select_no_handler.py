"""Correct: one select() loop over the listening socket and every client, with no ctrl-C handling at all.

Each client's bytes are gathered until 25 have come, then the time is sent and the
connection closed. Nothing catches KeyboardInterrupt: the default SIGINT handler raises it
in select() and the program ends, whoever is connected.
"""

import select
import socket
import time

PORT = 12091

listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
listener.bind(('', PORT))
listener.listen(5)
print('server is listening to', PORT)
pending = {}  # client socket -> the bytes of its request so far

while True:
    readable, _, _ = select.select([listener, *pending], [], [])
    for sock in readable:
        if sock is listener:
            conn, _ = listener.accept()
            pending[conn] = b""
            continue
        try:
            data = sock.recv(25 - len(pending[sock]))
        except OSError:
            data = b""
        if not data:
            del pending[sock]
            sock.close()
            continue
        pending[sock] += data
        if len(pending[sock]) == 25:
            del pending[sock]
            try:
                sock.sendall(time.ctime().encode())
            except OSError:
                pass
            sock.close()

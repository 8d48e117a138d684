"""Buggy: the guess is decoded with data.decode() outside any try in a plain accept loop, so
bytes that are not UTF-8 end the whole server (GUESS-7); one client at a time (GUESS-8).

The style of a first socket server from the course: accept, conn.makefile('rb').read(25),
decode, answer, close, in one loop with no threads. Every ASCII guess is answered right;
resets and short reads are caught, only the decode is not.
"""

import os
import random
import socket

PORT = 12093
secret = int(os.environ["SECRET"]) if "SECRET" in os.environ else random.randint(0, 99)
found = False

s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("", PORT))
s.listen(5)
print("server is listening to", PORT)
while True:
    conn, addr = s.accept()
    try:
        data = conn.makefile("rb").read(25)
    except OSError:
        conn.close()
        continue
    text = data.decode().strip()
    if found:
        reply = "secret found"
    elif text.isdigit() and int(text) == secret:
        found = True
        reply = "right"
    else:
        reply = "wrong"
    try:
        conn.sendall(reply.encode())
    except OSError:
        pass
    conn.close()

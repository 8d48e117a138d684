"""Answers every client with a megabyte of bytes that are not a time."""
import os
import socket
import threading

GARBAGE = os.urandom(1 << 20)
s = socket.socket()
s.bind(("", 12091))
s.listen(50)


def serve(c):
    try:
        c.recv(25)
        c.sendall(GARBAGE)
    except OSError:
        pass
    finally:
        c.close()


while True:
    c, _ = s.accept()
    threading.Thread(target=serve, args=(c,), daemon=True).start()

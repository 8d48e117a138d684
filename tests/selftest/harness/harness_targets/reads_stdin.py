"""A server that also reads its standard input, as the course's fork.py waits on input():
each client is told whether standard input had ended (or delivered anything) within half
a second of the start, and a watcher thread quits the server if a line or EOF ever comes."""
import os
import select
import socket
import sys
import threading

ready, _, _ = select.select([sys.stdin], [], [], 0.5)
state = b"stdin: " + (b"readable" if ready else b"open")


def watch():
    sys.stdin.readline()  # a line, or end of file: time to quit
    os._exit(3)


threading.Thread(target=watch, daemon=True).start()
s = socket.socket()
s.bind(("", 12091))
s.listen()
try:
    while True:
        c, _ = s.accept()
        c.sendall(state + b" isatty=" + str(os.isatty(0)).encode())
        c.close()
except KeyboardInterrupt:
    s.close()

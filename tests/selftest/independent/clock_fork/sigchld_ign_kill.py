"""Forking clock-session server: os.fork per client with signal(SIGCHLD, SIG_IGN) so children never become zombies; a SIGINT handler kills the children it started and exits. Each child answers every 25-byte request with time.ctime() until EOF."""
import os, signal, socket, sys, time

children = []

def on_int(signum, frame):
    for pid in children:
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    sys.exit(0)

def session(conn):
    buf = b''
    while True:
        data = conn.recv(1024)
        if not data:
            break
        buf += data
        while len(buf) >= 25:
            buf = buf[25:]
            conn.sendall(time.ctime().encode())
    conn.close()

signal.signal(signal.SIGCHLD, signal.SIG_IGN)
signal.signal(signal.SIGINT, on_int)
s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(('', 12091))
s.listen(10)
while True:
    try:
        c, a = s.accept()
    except InterruptedError:
        continue
    pid = os.fork()
    if pid == 0:
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        s.close()
        session(c)
        os._exit(0)
    c.close()
    children.append(pid)

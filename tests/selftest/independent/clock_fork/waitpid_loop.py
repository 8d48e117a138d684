"""Forking clock-session server: the parent accepts with a 0.5 s timeout and reaps finished children with an os.waitpid(-1, WNOHANG) loop; on ctrl-C it sends SIGTERM to its children. Each child reads exact 25-byte requests and answers with time.ctime()."""
import os, signal, socket, time

def recv_exact(conn, n):
    data = b''
    while len(data) < n:
        chunk = conn.recv(n - len(data))
        if not chunk:
            return None
        data += chunk
    return data

def reap(kids):
    while kids:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            kids.clear()
            return
        if pid == 0:
            return
        kids.discard(pid)

kids = set()
srv = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
srv.bind(('', 12091))
srv.listen(5)
srv.settimeout(0.5)
try:
    while True:
        reap(kids)
        try:
            conn, addr = srv.accept()
        except socket.timeout:
            continue
        pid = os.fork()
        if pid == 0:
            srv.close()
            conn.settimeout(None)
            try:
                while recv_exact(conn, 25) is not None:
                    conn.sendall(time.ctime().encode())
            except (OSError, KeyboardInterrupt):
                pass
            os._exit(0)
        conn.close()
        kids.add(pid)
except KeyboardInterrupt:
    for pid in kids:
        try:
            os.kill(pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
    srv.close()

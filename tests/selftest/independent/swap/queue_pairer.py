"""Swap server: one reader thread per client reads its 25-byte message and puts (socket, message) on a queue.Queue; a single pairing thread takes clients off the queue in arrival order, drops a waiting client whose socket has closed (MSG_PEEK sees EOF), and sends each of a pair the other's message before closing both."""
import queue, socket, threading

ready = queue.Queue()

def recv_exact(conn, n):
    data = b''
    while len(data) < n:
        chunk = conn.recv(n - len(data))
        if not chunk:
            return None
        data += chunk
    return data

def reader(conn):
    try:
        msg = recv_exact(conn, 25)
    except OSError:
        msg = None
    if msg is None:
        conn.close()
    else:
        ready.put((conn, msg))

def alive(conn):
    conn.setblocking(False)
    try:
        return conn.recv(1, socket.MSG_PEEK) != b''
    except BlockingIOError:
        return True
    except OSError:
        return False
    finally:
        conn.setblocking(True)

def pairer():
    waiting = None
    while True:
        nxt = ready.get()
        if waiting is not None and not alive(waiting[0]):
            waiting[0].close()
            waiting = None
        if waiting is None:
            waiting = nxt
            continue
        (a, ma), (b, mb) = waiting, nxt
        waiting = None
        for conn, msg in ((a, mb), (b, ma)):
            try:
                conn.sendall(msg)
            except OSError:
                pass
            conn.close()

s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(('', 12092))
s.listen(10)
threading.Thread(target=pairer, daemon=True).start()
try:
    while True:
        c, _ = s.accept()
        threading.Thread(target=reader, args=(c,), daemon=True).start()
except KeyboardInterrupt:
    s.close()

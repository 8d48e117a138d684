"""Guess server with one thread per client; its bug: it reads the guess with a single conn.recv(25), so a guess that arrives in several pieces is judged on its first piece alone. Secret from SECRET (else random), found flag under a lock."""
import os, random, socket, threading

secret = int(os.environ.get('SECRET', random.randint(0, 99)))
found = False
lock = threading.Lock()

def client(conn):
    global found
    with conn:
        try:
            data = conn.recv(25)
        except OSError:
            return
        if not data:
            return
        try:
            n = int(data.decode().strip())
        except (UnicodeDecodeError, ValueError):
            n = -1
        with lock:
            if found:
                reply = 'secret found'
            elif n == secret:
                found = True
                reply = 'right'
            else:
                reply = 'wrong'
        try:
            conn.sendall(reply.encode())
        except OSError:
            pass

s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(('', 12093))
s.listen(5)
try:
    while True:
        c, _ = s.accept()
        threading.Thread(target=client, args=(c,), daemon=True).start()
except KeyboardInterrupt:
    s.close()

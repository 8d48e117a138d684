"""Clock server with threads; its bug: it sends str(datetime.now()) instead of ctime text."""
# It answers every 25 printable bytes alike ('2026-12-02 14:20:00.123456'): CLOCK-1 alone
# (the format), not CLOCK-3 (which requests are answered).
import datetime, socket, threading

def serve(conn):
    with conn:
        data = b''
        while len(data) < 25:
            chunk = conn.recv(25 - len(data))
            if not chunk:
                return
            data += chunk
        conn.sendall(str(datetime.datetime.now()).encode())

s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(('', 12091))
s.listen(5)
try:
    while True:
        c, a = s.accept()
        threading.Thread(target=serve, args=(c,), daemon=True).start()
except KeyboardInterrupt:
    s.close()

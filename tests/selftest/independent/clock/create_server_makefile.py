"""Clock server: socket.create_server on port 12091, one thread per client; the thread reads exactly 25 bytes through conn.makefile('rb'), sends time.ctime() and closes."""
import socket, threading, time

def serve(conn):
    with conn:
        f = conn.makefile('rb')
        req = f.read(25)
        if len(req) == 25:
            conn.sendall(time.ctime().encode('ascii'))
        f.close()

srv = socket.create_server(('', 12091))
try:
    while True:
        c, _ = srv.accept()
        threading.Thread(target=serve, args=(c,), daemon=True).start()
except KeyboardInterrupt:
    srv.close()

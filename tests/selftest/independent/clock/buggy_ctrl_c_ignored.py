"""Accept loop that catches KeyboardInterrupt inside the loop and carries on accepting, so ctrl-C never stops it (breaks CLOCK-8)."""
import socket
import threading
import time

PORT = 12091


def answer(conn):
    with conn:
        data = b""
        while len(data) < 25:
            try:
                chunk = conn.recv(25 - len(data))
            except OSError:
                return
            if not chunk:
                return
            data += chunk
        try:
            conn.sendall(time.ctime().encode())
        except OSError:
            pass


server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
server.bind(("", PORT))
server.listen(5)
print("server is listening to", PORT)
while True:
    try:
        conn, addr = server.accept()
        threading.Thread(target=answer, args=(conn,), daemon=True).start()
    except KeyboardInterrupt:
        print("ctrl c pressed, but the server must keep serving")
        continue

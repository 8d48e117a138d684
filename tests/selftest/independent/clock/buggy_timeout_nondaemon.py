"""Non-daemon thread per client with a sensible 10 s recv timeout; after ctrl-C the process lives on until a silent client's timeout ends (breaks CLOCK-8)."""
import socket
import threading
import time

PORT = 12091


def client_thread(conn):
    conn.settimeout(10)
    request = b""
    try:
        while len(request) < 25:
            piece = conn.recv(25 - len(request))
            if not piece:
                break
            request += piece
        if len(request) == 25:
            conn.sendall(time.ctime().encode())
    except OSError:
        pass
    conn.close()


def main():
    s = socket.socket()
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind(("", PORT))
    s.listen(5)
    try:
        while True:
            conn, addr = s.accept()
            threading.Thread(target=client_thread, args=(conn,)).start()
    except KeyboardInterrupt:
        print("ctrl c pressed")
    s.close()


main()

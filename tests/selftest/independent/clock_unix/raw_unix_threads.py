"""Raw AF_UNIX socket with a non-daemon thread per client; os.remove of a stale path in a try, cleanup at exit."""
import os
import socket
import tempfile
import threading
import time

PATH = os.path.join(tempfile.gettempdir(), "clockunixserver.sock")
open_clients = []


def handle(conn):
    data = b""
    try:
        while len(data) < 25:
            part = conn.recv(25 - len(data))
            if not part:
                return
            data += part
        conn.sendall(time.ctime().encode())
    except OSError:
        pass
    finally:
        conn.close()


def main():
    try:
        os.remove(PATH)
    except FileNotFoundError:
        pass
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    server.bind(PATH)
    server.listen()
    try:
        while True:
            conn, _ = server.accept()
            open_clients.append(conn)
            threading.Thread(target=handle, args=(conn,)).start()
    except KeyboardInterrupt:
        pass
    finally:
        server.close()
        os.remove(PATH)
        for conn in open_clients:
            try:
                conn.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass


if __name__ == "__main__":
    main()

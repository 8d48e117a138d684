"""Raw threads; after the first byte it sets a 1 s socket timeout and drops a client whose request pauses longer (breaks CLOCK-2 under C-PATIENCE)."""
import socket
import threading
import time

PORT = 12091


def serve(conn):
    try:
        data = conn.recv(25)
        if not data:
            return
        conn.settimeout(1.0)  # the rest of the request should come quickly
        while len(data) < 25:
            more = conn.recv(25 - len(data))
            if not more:
                return
            data += more
        conn.sendall(time.ctime().encode())
    except socket.timeout:
        print("client too slow, closing")
    except OSError:
        pass
    finally:
        conn.close()


def main():
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    server.bind(("", PORT))
    server.listen(5)
    print("server is listening to", PORT)
    try:
        while True:
            conn, _ = server.accept()
            threading.Thread(target=serve, args=(conn,), daemon=True).start()
    except KeyboardInterrupt:
        server.close()


if __name__ == "__main__":
    main()

"""Raw socket accept loop with one non-daemon thread per client; ctrl-C shuts the clients' sockets down."""
import socket
import threading
import time

PORT = 12091
BUFFER = 25
clients = set()
lock = threading.Lock()


def recv_exactly(conn, n):
    data = b""
    while len(data) < n:
        chunk = conn.recv(n - len(data))
        if not chunk:
            return None
        data += chunk
    return data


def serve(conn, addr):
    try:
        request = recv_exactly(conn, BUFFER)
        if request is None:
            print(addr, "disconnected before a whole request")
            return
        print("request from", addr, ":", request.decode("ascii", "replace").strip())
        conn.sendall(time.ctime().encode())
    except OSError as error:
        print("error with", addr, error)
    finally:
        with lock:
            clients.discard(conn)
        conn.close()


def main():
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    server.bind(("", PORT))
    server.listen(5)
    print("server is listening to", PORT)
    try:
        while True:
            conn, addr = server.accept()
            with lock:
                clients.add(conn)
            threading.Thread(target=serve, args=(conn, addr)).start()
    except KeyboardInterrupt:
        print("ctrl c pressed, closing server")
    finally:
        server.close()
        with lock:
            for conn in list(clients):
                try:
                    conn.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass


if __name__ == "__main__":
    main()

"""Raw sockets, one daemon thread per client that loops recv() until 25 bytes are in, with a 10 s settimeout against clients that never finish."""
import socket
import threading
import time

PORT = 12091
SIZE = 25


def handle(conn, addr):
    conn.settimeout(10.0)
    data = b""
    try:
        while len(data) < SIZE:
            chunk = conn.recv(SIZE - len(data))
            if not chunk:
                print(addr, "hung up after", len(data), "bytes")
                return
            data += chunk
        print("got", data.decode("ascii", "replace").rstrip(), "from", addr)
        conn.sendall(time.ctime().encode())
    except socket.timeout:
        print(addr, "too slow, dropped")
    except OSError as err:
        print(addr, "error:", err)
    finally:
        conn.close()


def main():
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("", PORT))
    listener.listen(10)
    print("listening on", PORT)
    try:
        while True:
            conn, addr = listener.accept()
            worker = threading.Thread(target=handle, args=(conn, addr), daemon=True)
            worker.start()
    except KeyboardInterrupt:
        print("bye")
    finally:
        listener.close()


if __name__ == "__main__":
    main()

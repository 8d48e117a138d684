"""Raw socket, conn.makefile('rb').read(25) in a thread per client, the time sent with a newline after it."""
import socket
import threading
import time

HOST = socket.gethostname()
PORT = 12091


def serve(conn):
    with conn, conn.makefile("rb") as stream:
        try:
            request = stream.read(25)
            if len(request) == 25:
                conn.sendall((time.ctime() + "\n").encode())
        except OSError:
            pass


def main():
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    server.bind((HOST, PORT))
    server.listen(5)
    print("listening on", HOST, PORT)
    try:
        while True:
            conn, _ = server.accept()
            threading.Thread(target=serve, args=(conn,), daemon=True).start()
    except KeyboardInterrupt:
        print("bye")
    finally:
        server.close()


if __name__ == "__main__":
    main()

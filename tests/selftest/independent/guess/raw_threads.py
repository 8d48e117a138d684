"""Raw socket with a non-daemon thread per client and a lock; replies padded to 25 bytes; ctrl-C shuts clients down."""
import os
import random
import socket
import threading

PORT = 12093


class Game:
    def __init__(self, secret):
        self.secret = secret
        self.found = False
        self.lock = threading.Lock()

    def judge(self, text):
        number = int(text) if text.isdigit() and text.isascii() else None
        with self.lock:
            if self.found:
                return "secret found"
            if number == self.secret:
                self.found = True
                return "right"
            return "wrong"


def recv_exactly(conn, n):
    data = b""
    while len(data) < n:
        part = conn.recv(n - len(data))
        if not part:
            return None
        data += part
    return data


def serve(game, conn, clients):
    try:
        data = recv_exactly(conn, 25)
        if data is not None:
            text = data.decode("latin-1").rstrip(" ")
            conn.sendall(game.judge(text).ljust(25).encode())
    except OSError:
        pass
    finally:
        clients.discard(conn)
        conn.close()


def main():
    secret = os.getenv("SECRET")
    game = Game(int(secret) if secret is not None else random.randrange(100))
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    server.bind(("", PORT))
    server.listen(5)
    clients = set()
    try:
        while True:
            conn, _ = server.accept()
            clients.add(conn)
            threading.Thread(target=serve, args=(game, conn, clients)).start()
    except KeyboardInterrupt:
        print("closing")
    finally:
        server.close()
        for conn in list(clients):
            try:
                conn.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass


if __name__ == "__main__":
    main()

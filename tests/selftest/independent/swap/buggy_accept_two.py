"""Raw socket loop that accepts two clients in turn, reads each, swaps: a silent first client blocks everyone and a hung-up one still gets paired (breaks SWAP-6, SWAP-9)."""
import socket

PORT = 12092


def read_message(conn):
    data = b""
    while len(data) < 25:
        try:
            part = conn.recv(25 - len(data))
        except OSError:
            return None
        if not part:
            return None
        data += part
    return data


def next_client(server):
    while True:
        conn, _ = server.accept()
        message = read_message(conn)
        if message is not None:
            return conn, message
        conn.close()


def main():
    server = socket.socket()
    server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    server.bind(("", PORT))
    server.listen(10)
    try:
        while True:
            a, message_a = next_client(server)
            b, message_b = next_client(server)
            for conn, message in ((a, message_b), (b, message_a)):
                try:
                    conn.sendall(message)
                except OSError:
                    pass
                conn.close()
    except KeyboardInterrupt:
        server.close()


if __name__ == "__main__":
    main()

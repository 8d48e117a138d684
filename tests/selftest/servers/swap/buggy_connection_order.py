"""Buggy: pairs clients in connection order with accept, accept, recv, recv, one pair at a time.

The server accepts two clients, reads the first one's message, then the second one's, swaps
them and starts over. It reads exactly 25 bytes, skips clients that leave early and drops a
client that closed while it waited. But whoever connected first is waited for: a silent
client keeps the ready clients after it apart (SWAP-9), and a client that connected first but
finishes its message last is then paired before those whose messages arrived earlier (by the
standard, a pairing a silent earlier client forces is SWAP-9's failure alone, not SWAP-5's).
"""

import socket

PORT = 12092
BUFFER = 25


def read_message(sock):
    """The client's 25 bytes, or None if it leaves first."""
    data = b''
    while len(data) < BUFFER:
        try:
            chunk = sock.recv(BUFFER - len(data))
        except ConnectionError:
            return None
        if not chunk:
            return None
        data += chunk
    return data


def has_left(sock):
    try:
        return sock.recv(1, socket.MSG_PEEK | socket.MSG_DONTWAIT) == b''
    except BlockingIOError:
        return False
    except OSError:
        return True


def swap(first, second, messages):
    for sock, reply in ((first, messages[second]), (second, messages[first])):
        try:
            sock.sendall(reply)
        except OSError:
            pass
        sock.close()


def main():
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    server.bind(('', PORT))
    server.listen(5)
    print('server is listening to', PORT)
    line = []      # accepted clients, in connection order
    messages = {}  # client -> its message, once read
    try:
        print('press ctrl c to stop server')
        while True:
            while len(line) < 2:
                client, address = server.accept()
                line.append(client)
            first, second = line
            for client in (first, second):  # BUG: waits for each in turn
                if client not in messages:
                    messages[client] = read_message(client)
                if messages[client] is None:
                    break
            dropped = [c for c in line if messages.get(c, b'') is None]
            if not dropped:
                dropped = [c for c in line if has_left(c)]
            if dropped:
                for client in dropped:
                    line.remove(client)
                    messages.pop(client)
                    client.close()
                continue
            swap(first, second, messages)
            line.clear()
            messages.clear()
    except KeyboardInterrupt:
        print(' ctrl c pressed, closing server')
    finally:
        server.close()


if __name__ == "__main__":
    main()

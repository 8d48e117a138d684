"""Buggy: a relay that passes the first client's message to the second, and nothing back.

Written like the chat relays of socket tutorials: clients are paired in connection order,
a thread per pair. The thread reads the first client's 25 bytes and writes them to the
second client at once, before that client has sent anything, then reads the second
client's message and drops it. So the second client is answered before its message has
arrived (SWAP-7), and the first one never receives its partner's message although its own
reached the partner: the two of a pair do not swap (SWAP-3). Pairing by connection order
also lets a silent client on its turn keep ready ones apart (SWAP-9), a first client that
left after sending is still paired (SWAP-6), and a first client that connects and closes at
once takes the next client down with it: that one is paired with it and dropped (SWAP-8).
The second client's message is read in full before either connection is closed, so the
first client's connection ends after its message has reached its partner.
"""

import socket
import threading

PORT = 12092
BUFFER = 25


def read_message(sock):
    """The client's 25 bytes, or None if it leaves first."""
    data = b''
    while len(data) < BUFFER:
        try:
            chunk = sock.recv(BUFFER - len(data))
        except OSError:
            return None
        if not chunk:
            return None
        data += chunk
    return data


def relay(first, second):
    try:
        message = read_message(first)
        if message is not None:
            second.sendall(message)  # BUG: before the second client has sent its message
            read_message(second)     # BUG: read, and never sent to the first client
    except OSError:
        pass
    finally:
        first.close()
        second.close()


def main():
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    server.bind(('', PORT))
    server.listen(5)
    print('server is listening to', PORT)
    try:
        while True:
            first, _ = server.accept()
            second, _ = server.accept()
            threading.Thread(target=relay, args=(first, second), daemon=True).start()
    except KeyboardInterrupt:
        print(' ctrl c pressed, closing server')
    finally:
        server.close()


if __name__ == "__main__":
    main()

"""Correct: the way students write it — the guess is `data.decode().strip()` read with
`int()` inside a `try`, and anything int() rejects is a wrong guess.

So `+42`, ` 42`, `42\t`, `4_2` and `٤٢` are 42 here, which the standard allows (V-LENIENT:
a guess int() accepts may be read as that number or as not a number). Threads, one per
client, that are not daemons; a lock around the found state.
"""

import os
import random
import socket
import threading

HOST = ""
PORT = 12093
BUFFER = 25
if "SECRET" in os.environ:
    SECRET = int(os.environ["SECRET"])
else:
    SECRET = random.randint(0, 99)

found = False
lock = threading.Lock()


def receive(client):
    """Reads one whole guess of 25 bytes, however it was split."""
    data = b""
    while len(data) < BUFFER:
        chunk = client.recv(BUFFER - len(data))
        if not chunk:
            break
        data += chunk
    return data


def handle(client):
    global found
    try:
        data = receive(client)
        if len(data) < BUFFER:
            return
        try:
            guess = int(data.decode().strip())
        except ValueError:  # also UnicodeDecodeError
            guess = None
        with lock:
            if found:
                reply = "secret found"
            elif guess == SECRET:
                found = True
                reply = "right"
            else:
                reply = "wrong"
        client.send(reply.encode())
    except OSError:
        pass
    finally:
        client.close()


def main():
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    server.bind((HOST, PORT))
    server.listen(5)
    print("server is listening to", PORT)
    try:
        while True:
            client, address = server.accept()
            threading.Thread(target=handle, args=(client,)).start()
    except KeyboardInterrupt:
        print(" ctrl c pressed, closing server")
    finally:
        server.close()
        os._exit(0)  # threads still blocked on a silent client must not keep the process up


if __name__ == "__main__":
    main()

"""Fork loop that reaps its children but on ctrl-C only closes the listening socket, leaving the children serving (breaks FORK-6)."""
import os
import signal
import socket
from time import ctime

PORT = 12091


def reap(signum, frame):
    try:
        while os.waitpid(-1, os.WNOHANG)[0]:
            pass
    except ChildProcessError:
        pass


def handle_client(sck):
    data = b""
    while True:
        part = sck.recv(25 - len(data))
        if not part:
            break
        data += part
        if len(data) == 25:
            sck.sendall(ctime().encode())
            data = b""
    sck.close()


def main():
    server = socket.socket()
    server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    server.bind(("", PORT))
    server.listen(5)
    signal.signal(signal.SIGCHLD, reap)
    try:
        while True:
            client, address = server.accept()
            if os.fork() == 0:
                server.close()
                try:
                    handle_client(client)
                finally:
                    os._exit(0)
            client.close()
    except KeyboardInterrupt:
        print("ctrl c pressed, closing server")
        server.close()


if __name__ == "__main__":
    main()

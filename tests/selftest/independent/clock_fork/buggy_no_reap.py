"""The course's fork loop, children killed on ctrl-C, but exited children are never waited for (breaks FORK-5)."""
import os
import signal
import socket
from time import ctime

PORT = 12091
active_processes = []


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
    os._exit(0)


def main():
    server = socket.socket()
    server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    server.bind(("", PORT))
    server.listen(5)
    try:
        while True:
            client, address = server.accept()
            child_pid = os.fork()
            if child_pid == 0:
                server.close()
                try:
                    handle_client(client)
                finally:
                    os._exit(0)
            active_processes.append(child_pid)
            client.close()
    except KeyboardInterrupt:
        for pid in active_processes:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        server.close()


if __name__ == "__main__":
    main()

"""Fork loop whose child takes an empty recv() for "nothing yet" and naps, so it never exits after its client leaves (breaks FORK-4)."""
import os
import signal
import socket
import time
from time import ctime

PORT = 12091
active_processes = []


def handle_client(sck):
    data = b""
    while True:
        part = sck.recv(25 - len(data))
        if not part:
            time.sleep(0.1)  # nothing arrived yet, try again in a moment
            continue
        data += part
        if len(data) == 25:
            sck.sendall(ctime().encode())
            data = b""


def reap(signum, frame):
    try:
        while os.waitpid(-1, os.WNOHANG)[0]:
            pass
    except ChildProcessError:
        pass


def main():
    server = socket.socket()
    server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    server.bind(("", PORT))
    server.listen(5)
    signal.signal(signal.SIGCHLD, reap)
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

"""The course's fork.py shape: the main thread waits on input() for 'q' while a thread accepts and forks; ctrl-C or q kills the children."""
import os
import signal
import socket
import threading
from time import ctime

PORT = 12091
active_processes = []
lock = threading.Lock()


def handle_client(sck):
    buffer = b""
    while True:
        data = sck.recv(25)
        if not data:
            break
        buffer += data
        while len(buffer) >= 25:
            buffer = buffer[25:]
            sck.sendall(ctime().encode())
    sck.close()


def reap():
    with lock:
        for pid in list(active_processes):
            try:
                done, _ = os.waitpid(pid, os.WNOHANG)
            except ChildProcessError:
                done = pid
            if done:
                active_processes.remove(pid)


def accept_loop(server):
    while True:
        try:
            client, address = server.accept()
        except socket.timeout:
            reap()
            continue
        except OSError:
            return
        client.settimeout(None)
        pid = os.fork()
        if pid == 0:
            try:
                signal.signal(signal.SIGINT, signal.SIG_DFL)
                server.close()
                handle_client(client)
            finally:
                os._exit(0)
        with lock:
            active_processes.append(pid)
        client.close()
        reap()


def main():
    server = socket.socket()
    server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    server.bind(("", PORT))
    server.listen(5)
    server.settimeout(0.5)
    threading.Thread(target=accept_loop, args=(server,), daemon=True).start()
    print("type q to quit")
    try:
        while input() != "q":
            pass
    except (KeyboardInterrupt, EOFError):
        print("ctrl c pressed, closing server")
    with lock:
        for pid in active_processes:
            print("-> killing process %d" % pid)
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
    server.close()


if __name__ == "__main__":
    main()

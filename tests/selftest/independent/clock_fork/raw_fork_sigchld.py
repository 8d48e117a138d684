"""The course's os.fork accept loop with active_processes, a SIGCHLD handler reaping children, and kill on ctrl-C."""
import os
import signal
import socket
from time import ctime

PORT = 12091
BUFFER = 25
active_processes = []


def reap(signum, frame):
    while True:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return
        if pid in active_processes:
            active_processes.remove(pid)


def recv_request(sck):
    data = b""
    while len(data) < BUFFER:
        part = sck.recv(BUFFER - len(data))
        if not part:
            return None
        data += part
    return data


def handle_client(sck):
    while True:
        data = recv_request(sck)
        if data is None:
            break
        print('received "' + data.decode("ascii", "replace") + '" from client')
        sck.sendall(ctime().encode())
    sck.close()


def kill_processes():
    while active_processes:
        pid = active_processes.pop(0)
        print("-> killing process %d" % pid)
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass


def main():
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    server.bind(("", PORT))
    server.listen(5)
    signal.signal(signal.SIGCHLD, reap)
    try:
        print("press ctrl c to stop server")
        while True:
            client, address = server.accept()
            print("server connected at", address)
            child_pid = os.fork()
            if child_pid == 0:
                try:
                    signal.signal(signal.SIGCHLD, signal.SIG_DFL)
                    server.close()
                    handle_client(client)
                except BaseException:
                    pass
                finally:
                    os._exit(0)
            else:
                print("appending PID", child_pid)
                active_processes.append(child_pid)
                client.close()
    except KeyboardInterrupt:
        print("ctrl c pressed, closing server")
        print("active processes :", active_processes)
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)
        kill_processes()
        server.close()


if __name__ == "__main__":
    main()

"""One select.select() loop with a dict of per-client byte buffers; no signal handler, ctrl-C's KeyboardInterrupt simply ends the script."""
import select
import socket
import time

PORT = 12091

server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
server.bind(("", PORT))
server.listen(20)
print("clock server on port", PORT)

buffers = {}

while True:
    readable, _, _ = select.select([server] + list(buffers), [], [])
    for sock in readable:
        if sock is server:
            client, address = server.accept()
            print("new client", address)
            buffers[client] = b""
            continue
        try:
            data = sock.recv(25 - len(buffers[sock]))
        except OSError:
            data = b""
        if not data:
            del buffers[sock]
            sock.close()
            continue
        buffers[sock] += data
        if len(buffers[sock]) == 25:
            try:
                sock.sendall(time.ctime().encode())
            except OSError:
                pass
            del buffers[sock]
            sock.close()

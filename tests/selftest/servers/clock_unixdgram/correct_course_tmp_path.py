"""Correct: the course's Unix datagram clock server at its hard-coded /tmp/clockdgram.sock, looked at with pathlib."""

import pathlib
import socket
import time

SOCKET_PATH = pathlib.Path("/tmp") / "clockdgram.sock"

if SOCKET_PATH.exists() or SOCKET_PATH.is_socket():
    SOCKET_PATH.unlink()
sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
sock.bind(str(SOCKET_PATH))
print("clock datagram server ready at", SOCKET_PATH)
try:
    while True:
        data, sender = sock.recvfrom(100)
        if len(data) == 25 and sender:
            sock.sendto(time.ctime().encode(), sender)
except KeyboardInterrupt:
    print("bye")
finally:
    sock.close()
    SOCKET_PATH.unlink(missing_ok=True)

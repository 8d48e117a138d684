"""Decodes every datagram as ASCII with no try around it: the first datagram that is not
ASCII raises UnicodeDecodeError out of the serve loop and the server exits, so the clients
after it get no time (C-ROBUST, judged under UDP-1). Correct for 25-byte ASCII requests."""

import socket
import time

PORT = 12091

sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
sock.bind(("", PORT))
print("clock udp server is listening to", PORT, flush=True)
try:
    while True:
        data, address = sock.recvfrom(1024)
        question = data.decode("ascii")
        print("question from", address, ":", question.strip(), flush=True)
        sock.sendto(time.ctime().encode("ascii"), address)
except KeyboardInterrupt:
    print("ctrl c pressed, closing server")
finally:
    sock.close()

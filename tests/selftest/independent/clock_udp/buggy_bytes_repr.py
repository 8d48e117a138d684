"""Raw UDP loop that sends str() of the encoded time, so the client reads b'...' (breaks UDP-1)."""
import socket
import time

PORT = 12091

sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
sock.bind(("", PORT))
try:
    while True:
        data, address = sock.recvfrom(25)
        reply = str(time.ctime().encode())
        sock.sendto(reply.encode(), address)
except KeyboardInterrupt:
    sock.close()

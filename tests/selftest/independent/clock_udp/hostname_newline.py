"""Raw UDP socket bound to socket.gethostname(), the time sent with CR LF after it."""
import socket
from time import ctime

HOSTNAME = socket.gethostname()
PORTNUMBER = 12091

server = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
server.bind((HOSTNAME, PORTNUMBER))
print("server is listening at", HOSTNAME, PORTNUMBER)
try:
    while True:
        data, client = server.recvfrom(25)
        server.sendto((ctime() + "\r\n").encode(), client)
except KeyboardInterrupt:
    print(" ctrl c pressed, closing server")
    server.close()

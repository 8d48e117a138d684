"""UDP clock server: a select.select loop on one datagram socket (port 12091); every 25-byte datagram gets one datagram with time.ctime() back to its sender."""
import select, socket, time

s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(('', 12091))
try:
    while True:
        r, _, _ = select.select([s], [], [], 1.0)
        if s in r:
            data, addr = s.recvfrom(1024)
            if len(data) == 25:
                s.sendto(time.ctime().encode(), addr)
except KeyboardInterrupt:
    pass
finally:
    s.close()

"""Unix datagram clock server: a select.poll loop on a datagram socket bound to a fixed path; each 25-byte datagram gets time.ctime() sent back to the sender's path."""
import os, select, socket, time

PATH = '/tmp/clockd.sock'
if os.path.exists(PATH):
    os.remove(PATH)
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.bind(PATH)
p = select.poll()
p.register(s, select.POLLIN)
try:
    while True:
        for fd, ev in p.poll(1000):
            data, addr = s.recvfrom(1024)
            if len(data) == 25 and addr:
                try:
                    s.sendto(time.ctime().encode(), addr)
                except OSError:
                    pass
except KeyboardInterrupt:
    pass
finally:
    s.close()
    os.remove(PATH)

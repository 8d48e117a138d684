"""Swap server: single-threaded select.poll loop. It buffers each client's bytes until 25 have arrived, keeps complete clients in a FIFO, forgets a waiting client whose socket reads EOF, and pairs the two oldest ready clients, sending each the other's message."""
import select, socket

srv = socket.create_server(('', 12092))
srv.setblocking(False)
poller = select.poll()
poller.register(srv, select.POLLIN)
conns, bufs, fifo = {}, {}, []

def drop(fd):
    poller.unregister(fd)
    conns.pop(fd).close()
    bufs.pop(fd, None)
    if fd in fifo:
        fifo.remove(fd)

try:
    while True:
        for fd, ev in poller.poll():
            if fd == srv.fileno():
                try:
                    c, _ = srv.accept()
                except BlockingIOError:
                    continue
                c.setblocking(False)
                conns[c.fileno()] = c
                bufs[c.fileno()] = b''
                poller.register(c, select.POLLIN)
                continue
            if fd not in conns:
                continue
            try:
                data = conns[fd].recv(25 - len(bufs[fd]) if fd not in fifo else 1)
            except BlockingIOError:
                continue
            except OSError:
                data = b''
            if not data:
                drop(fd)
                continue
            if fd in fifo:
                continue  # extra bytes from a waiting client: ignored
            bufs[fd] += data
            if len(bufs[fd]) == 25:
                fifo.append(fd)
        while len(fifo) >= 2:
            a, b = fifo.pop(0), fifo.pop(0)
            for me, other in ((a, b), (b, a)):
                c = conns[me]
                c.setblocking(True)
                try:
                    c.sendall(bufs[other])
                except OSError:
                    pass
            drop(a)
            drop(b)
except KeyboardInterrupt:
    srv.close()

"""Raw AF_UNIX SOCK_DGRAM recvfrom / sendto loop; a stale path removed in a try."""
import os
import socket
import tempfile
import time

PATH = os.path.join(tempfile.gettempdir(), "clockunixdgramserver")


def main():
    try:
        os.unlink(PATH)
    except OSError:
        if os.path.exists(PATH):
            raise
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    sock.bind(PATH)
    try:
        while True:
            data, sender = sock.recvfrom(25)
            if not sender:
                continue  # an unbound client cannot be answered
            sock.sendto(time.ctime().encode(), sender)
    except KeyboardInterrupt:
        pass
    finally:
        sock.close()
        os.unlink(PATH)


if __name__ == "__main__":
    main()

"""selectors loop over an AF_UNIX datagram socket, answering each readable datagram."""
import os
import selectors
import socket
import time

PATH = "./clock.dgram"


def main():
    if os.path.exists(PATH):
        os.remove(PATH)
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    sock.bind(PATH)
    sock.setblocking(False)
    sel = selectors.DefaultSelector()
    sel.register(sock, selectors.EVENT_READ)
    try:
        while True:
            for _ in sel.select(timeout=1):
                try:
                    data, sender = sock.recvfrom(4096)
                except BlockingIOError:
                    continue
                if sender:
                    try:
                        sock.sendto(time.ctime().encode(), sender)
                    except OSError as error:
                        print("could not answer", sender, error)
    except KeyboardInterrupt:
        print("stopping")
    finally:
        sock.close()
        os.remove(PATH)


if __name__ == "__main__":
    main()

"""Non-blocking poll loop that drains every waiting datagram, then answers them all to the last sender (breaks UDP-2)."""
import socket
import time

PORT = 12091


def main():
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.bind(("", PORT))
    sock.setblocking(False)
    try:
        while True:
            count = 0
            while True:
                try:
                    data, address = sock.recvfrom(25)
                except BlockingIOError:
                    break
                count += 1
            for _ in range(count):
                sock.sendto(time.ctime().encode(), address)
            time.sleep(0.2)
    except KeyboardInterrupt:
        sock.close()


if __name__ == "__main__":
    main()

"""Raw UDP socket: a recvfrom / sendto loop."""
import socket
import time

PORT = 12091


def main():
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.bind(("", PORT))
    print("udp clock on", PORT)
    try:
        while True:
            data, address = sock.recvfrom(1024)
            print(address, "asks", data.decode("ascii", "replace").strip())
            sock.sendto(time.ctime().encode(), address)
    except KeyboardInterrupt:
        print("closing")
    finally:
        sock.close()


if __name__ == "__main__":
    main()

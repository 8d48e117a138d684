"""Buggy: tells the time the moment a client connects, without reading its request.

A plain accept loop, as in many socket tutorials: the server sends ctime() with a CRLF
and closes, never calling recv(). The reply so comes before byte 25 of the request
(CLOCK-2). Closing a socket whose request was never read makes the kernel answer the
request with a reset; the reply has already arrived by then and stays readable. A client
that resets first only makes send() fail, which the loop shrugs off, so the server lives on.
"""

import socket
import time

PORT = 12091


def main():
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(('', PORT))
    listener.listen(5)
    print('server is listening to', PORT)
    try:
        while True:
            conn, addr = listener.accept()
            print('connection from', addr)
            try:
                conn.send((time.ctime() + '\r\n').encode('ascii'))  # BUG: request never read
            except OSError as exc:
                print('client gone:', exc)
            finally:
                conn.close()
    except KeyboardInterrupt:
        print(' ctrl c pressed, closing server')
    finally:
        listener.close()


if __name__ == "__main__":
    main()

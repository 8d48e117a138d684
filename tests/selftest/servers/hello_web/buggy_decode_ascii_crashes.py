"""Buggy: a hand-written HTTP server on a plain socket, one client at a time, with nothing
around the handling of a request: a request with bytes that are not ASCII
(`decode("ascii")`) raises out of the accept loop and the server exits, so the clients
after it get nothing (WEB-5).

Every response to a well-formed ASCII request is right (200 hello page, escaped 404 with
the decoded path, 501 for other methods). Serving one client at a time, it also fails
WEB-6.
"""

import html
import socket
from urllib.parse import unquote

PORT = 8000

HELLO = "<html><head><title>My Home Page</title></head><body><h1>hello client</h1></body></html>"


def respond(conn, status, page, head_only=False):
    body = page.encode("utf-8")
    head = (f"HTTP/1.0 {status}\r\nContent-Type: text/html; charset=utf-8\r\n"
            f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n")
    conn.sendall(head.encode("ascii") + (b"" if head_only else body))


def read_request(conn):
    data = b""
    while b"\r\n\r\n" not in data and b"\n\n" not in data:
        chunk = conn.recv(4096)
        if not chunk:
            break
        data += chunk
    return data


server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
server.bind(("", PORT))
server.listen(5)
print("welcome to our web server")
try:
    while True:
        conn, address = server.accept()
        try:
            data = read_request(conn)
        except ConnectionResetError:
            conn.close()
            continue
        if not data:
            conn.close()
            continue
        request = data.decode("ascii")  # BUG: bytes >= 0x80 raise UnicodeDecodeError
        parts = request.split("\n")[0].split()
        if len(parts) != 3 or not parts[2].startswith("HTTP/"):
            respond(conn, "400 Bad Request", "<html><body><h1>400 Bad Request</h1></body></html>")
        elif parts[0] != "GET":
            respond(conn, "501 Not Implemented", "<html><body><h1>501 Not Implemented</h1></body></html>",
                    head_only=parts[0] == "HEAD")
        elif parts[1] == "/":
            respond(conn, "200 OK", HELLO)
        else:
            path = unquote(parts[1])
            respond(conn, "404 Not Found", "<html><body><p>" + html.escape(path + " not found") + "</p></body></html>")
        conn.close()
except KeyboardInterrupt:
    print(" ctrl c pressed, shutting down")
finally:
    server.close()

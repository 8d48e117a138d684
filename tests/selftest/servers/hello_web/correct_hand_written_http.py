"""Correct: hand-written HTTP over socketserver threads: limits on lines and headers, 405, 400, 431.
"""

import html
from socketserver import StreamRequestHandler, ThreadingTCPServer

PORT = 8000
MAX_LINE = 8192
MAX_HEADERS = 100
MAX_BODY = 65536

HELLO = "<html><head><title>My Home Page</title></head><body><h1>hello client</h1></body></html>"
REASONS = {200: "OK", 400: "Bad Request", 404: "Not Found", 405: "Method Not Allowed",
           431: "Request Header Fields Too Large"}


class HttpHandler(StreamRequestHandler):
    def respond(self, status, page, extra=""):
        body = page.encode("utf-8")
        head = (f"HTTP/1.0 {status} {REASONS[status]}\r\n"
                "Content-Type: text/html; charset=utf-8\r\n"
                f"Content-Length: {len(body)}\r\n"
                f"{extra}Connection: close\r\n\r\n")
        self.wfile.write(head.encode("ascii") + body)

    def error(self, status):
        self.respond(status, f"<html><body><h1>{status} {REASONS[status]}</h1></body></html>")

    def handle(self):
        line = self.rfile.readline(MAX_LINE + 1)
        if not line.endswith(b"\n"):
            if len(line) > MAX_LINE:
                self.error(400)
            return  # the client left mid-line, or sent a line too long to be a request
        parts = line.decode("latin-1").split()
        if len(parts) != 3 or not parts[2].startswith("HTTP/"):
            self.error(400)
            return
        method, target, _ = parts
        length = 0
        for _ in range(MAX_HEADERS + 1):
            header = self.rfile.readline(MAX_LINE + 1)
            if not header.endswith(b"\n"):
                if len(header) > MAX_LINE:
                    self.error(431)
                return
            if header in (b"\r\n", b"\n"):
                break
            name, _, value = header.decode("latin-1").partition(":")
            if name.strip().lower() == "content-length" and value.strip().isdigit():
                length = int(value)
        else:
            self.error(431)
            return
        if length <= MAX_BODY:
            self.rfile.read(length)  # read what the client sends, so closing does not reset it
        if method != "GET":
            self.respond(405, "<html><body><h1>405 Method Not Allowed</h1></body></html>", "Allow: GET\r\n")
        elif target == "/":
            self.respond(200, HELLO)
        else:
            self.respond(404, "<html><body><p>" + html.escape(target + " not found") + "</p></body></html>")


class WebServer(ThreadingTCPServer):
    allow_reuse_address = True
    daemon_threads = True

    def handle_error(self, request, client_address):
        pass  # a client that resets its connection is not worth a traceback


def main():
    ws = WebServer(("", PORT), HttpHandler)
    print("welcome to our web server")
    try:
        ws.serve_forever()
    except KeyboardInterrupt:
        print(" ctrl c pressed, shutting down")
        ws.server_close()


if __name__ == "__main__":
    main()

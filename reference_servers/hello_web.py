"""The course's web server, done properly: `GET /` gets the hello page; any other path gets
a real 404 response whose page says `<path> not found`, with the path HTML-escaped so that
nothing a client sends becomes markup.

http.server parses the requests: other methods get 501 Not Implemented, malformed requests
400, oversized headers 431. ThreadingHTTPServer serves every client in its own thread, so a
client that sends half a request delays nobody."""

import argparse
import html
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

HELLO_PAGE = """<!DOCTYPE html>
<html>
<head><title>My Home Page</title></head>
<body><h1>hello client</h1></body>
</html>
"""

NOT_FOUND_PAGE = """<!DOCTYPE html>
<html>
<head><title>Not Found</title></head>
<body><p>{message}</p></body>
</html>
"""


class WebHandler(BaseHTTPRequestHandler):
    def do_GET(self):
        if self.path == "/":
            self.send_page(200, HELLO_PAGE)
        else:
            message = html.escape(self.path + " not found")
            self.send_page(404, NOT_FOUND_PAGE.format(message=message))

    def send_page(self, status, page):
        body = page.encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


class WebServer(ThreadingHTTPServer):
    def handle_error(self, request, client_address):
        """A client that hangs up early is no reason to print a traceback."""
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=8000)
    args = parser.parse_args()
    with WebServer(("", args.port), WebHandler) as server:
        print("welcome to our web server, listening to", args.port, flush=True)
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            print("ctrl c pressed, shutting down")


if __name__ == "__main__":
    main()

"""Buggy: every path gets 200 OK; the `<path> not found` page is sent as a success.

Otherwise correct (ThreadingHTTPServer, Content-Type, escaped path): WEB-3 wants 404.
"""

import html
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

PORT = 8000

HELLO = "<html><head><title>My Home Page</title></head><body><h1>hello client</h1></body></html>"


class WebServer(BaseHTTPRequestHandler):
    def do_GET(self):
        if self.path == "/":
            page = HELLO
        else:
            page = "<html><body><p>" + html.escape(self.path + " not found") + "</p></body></html>"
        self.send_response(200)  # BUG: the not-found page should be a 404
        self.send_header("Content-Type", "text/html")
        self.end_headers()
        self.wfile.write(page.encode())


def main():
    ws = ThreadingHTTPServer(("", PORT), WebServer)
    print("welcome to our web server")
    try:
        ws.serve_forever()
    except KeyboardInterrupt:
        print(" ctrl c pressed, shutting down")
        ws.server_close()


if __name__ == "__main__":
    main()

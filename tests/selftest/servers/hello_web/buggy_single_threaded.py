"""Buggy: HTTPServer serves one client at a time, so a client that sends half a request holds up everyone.

Every response is right (200 hello page, escaped 404, Content-Type); only WEB-6 fails.
"""

import html
from http.server import BaseHTTPRequestHandler, HTTPServer

PORT = 8000

HELLO = "<html><head><title>My Home Page</title></head><body><h1>hello client</h1></body></html>"


class WebServer(BaseHTTPRequestHandler):
    def do_GET(self):
        if self.path == "/":
            status, page = 200, HELLO
        else:
            message = html.escape(self.path + " not found")
            status, page = 404, "<html><body><p>" + message + "</p></body></html>"
        self.send_response(status)
        self.send_header("Content-Type", "text/html")
        self.end_headers()
        self.wfile.write(page.encode())


def main():
    ws = HTTPServer(("", PORT), WebServer)  # BUG: not ThreadingHTTPServer
    print("welcome to our web server")
    try:
        ws.serve_forever()
    except KeyboardInterrupt:
        print(" ctrl c pressed, shutting down")
        ws.server_close()


if __name__ == "__main__":
    main()

"""Buggy: the path is put into the 404 page unescaped, so a path with `<b>` becomes markup.

Otherwise correct (ThreadingHTTPServer, 404, Content-Type): WEB-4.
"""

from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

PORT = 8000

HELLO = "<html><head><title>My Home Page</title></head><body><h1>hello client</h1></body></html>"


class WebServer(BaseHTTPRequestHandler):
    def do_GET(self):
        if self.path == "/":
            status, page = 200, HELLO
        else:
            status, page = 404, "<html><body><p>" + self.path + " not found</p></body></html>"  # BUG
        self.send_response(status)
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

"""Correct: a hello-web server in the common student style: `ThreadingHTTPServer`, the path
read with `unquote(urlparse(self.path).path)` (which also cuts a last segment's `;params`
off), the 404 page built with `html.escape` and a Content-Length. It reports the path it
looked up, decoded, not the target as sent."""

from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlparse, unquote
import html


class Handler(BaseHTTPRequestHandler):
    def do_GET(self):
        path = unquote(urlparse(self.path).path)
        if path == "/":
            status, body = 200, "<html><body><h1>hello client</h1></body></html>"
        else:
            status, body = 404, f"<html><body><p>{html.escape(path)} not found</p></body></html>"
        data = body.encode()
        self.send_response(status)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


server = ThreadingHTTPServer(("", 8000), Handler)
try:
    server.serve_forever()
except KeyboardInterrupt:
    server.server_close()

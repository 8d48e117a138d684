"""Hello web server on BaseHTTPRequestHandler with ThreadingHTTPServer; its bug: the 200 answer for / is sent with Content-Type text/plain instead of text/html (the 404 page for other targets is right, with the target escaped)."""
import html
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

class Handler(BaseHTTPRequestHandler):
    def do_GET(self):
        if self.path == '/':
            body = b'hello client'
            ctype = 'text/plain'
            self.send_response(200)
        else:
            body = ('<p>' + html.escape(self.path) + ' not found</p>').encode()
            ctype = 'text/html'
            self.send_response(404)
        self.send_header('Content-Type', ctype)
        self.send_header('Content-Length', str(len(body)))
        self.end_headers()
        self.wfile.write(body)

srv = ThreadingHTTPServer(('localhost', 8000), Handler)
try:
    srv.serve_forever()
except KeyboardInterrupt:
    pass
srv.server_close()

"""Guess-web server; its bug: it serves each request in a forked child (socketserver.ForkingMixIn mixed into HTTPServer), so the child that answers `right` sets the found flag in its own memory only and later guesses never get `secret found`."""
import os, random, string
from http.server import BaseHTTPRequestHandler, HTTPServer
from socketserver import ForkingMixIn
from urllib.parse import unquote

secret = os.environ.get('SECRET') or ''.join(random.choices(string.ascii_lowercase, k=4))
found = False

class Handler(BaseHTTPRequestHandler):
    def do_GET(self):
        global found
        word = unquote(self.path.split('?', 1)[0][1:])
        if found:
            outcome = 'secret found'
        elif word == secret:
            found = True
            outcome = 'right'
        else:
            outcome = 'wrong'
        body = ('<html><body>%s</body></html>' % outcome).encode()
        self.send_response(200)
        self.send_header('Content-Type', 'text/html')
        self.send_header('Content-Length', str(len(body)))
        self.end_headers()
        self.wfile.write(body)

class Server(ForkingMixIn, HTTPServer):
    pass

srv = Server(('', 8000), Handler)
try:
    srv.serve_forever()
except KeyboardInterrupt:
    srv.server_close()

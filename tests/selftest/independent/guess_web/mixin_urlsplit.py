"""Guess-web server: ThreadingMixIn mixed by hand into HTTPServer (port 8000); the word is urllib.parse.urlsplit(path).path after the first '/', percent-decoded with unquote; the found flag sits under a lock; the page says wrong / right / secret found (escaped with html.escape(quote=False)) and the length of the guess."""
import html, os, random, string, threading
from http.server import BaseHTTPRequestHandler, HTTPServer
from socketserver import ThreadingMixIn
from urllib.parse import unquote, urlsplit

secret = os.environ.get('SECRET') or ''.join(random.choice(string.ascii_lowercase) for _ in range(5))
found = False
lock = threading.Lock()

class Handler(BaseHTTPRequestHandler):
    def do_GET(self):
        global found
        word = unquote(urlsplit(self.path).path[1:])
        with lock:
            if found:
                outcome = 'secret found'
            elif word == secret:
                found = True
                outcome = 'right'
            else:
                outcome = 'wrong'
        body = ('<html><body><p>%s</p><p>(%d letters guessed)</p></body></html>'
                % (html.escape(outcome, quote=False), len(word))).encode('utf-8')
        self.send_response(200)
        self.send_header('Content-Type', 'text/html')
        self.send_header('Content-Length', str(len(body)))
        self.end_headers()
        self.wfile.write(body)

class Server(ThreadingMixIn, HTTPServer):
    daemon_threads = True

srv = Server(('', 8000), Handler)
try:
    srv.serve_forever()
except KeyboardInterrupt:
    srv.server_close()

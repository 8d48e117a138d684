"""Guess-web server: SimpleHTTPRequestHandler subclass on ThreadingHTTPServer; the word is self.path.partition('?')[0][1:] run through urllib.parse.unquote; a lock guards the found flag; the page holds only the outcome. HEAD is refused with 501."""
import os, random, string, threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import unquote

SECRET = os.environ.get('SECRET', random.choice(['apple', 'pear', 'plum']))
state = {'found': False}
lock = threading.Lock()

class Guess(SimpleHTTPRequestHandler):
    def do_GET(self):
        word = unquote(self.path.partition('?')[0][1:])
        with lock:
            if state['found']:
                result = 'secret found'
            elif word == SECRET:
                state['found'] = True
                result = 'right'
            else:
                result = 'wrong'
        body = ('<!DOCTYPE html><html><body><h1>%s</h1></body></html>' % result).encode()
        self.send_response(200)
        self.send_header('Content-type', 'text/html')
        self.send_header('Content-Length', str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_HEAD(self):
        self.send_error(501)

ThreadingHTTPServer.allow_reuse_address = True
httpd = ThreadingHTTPServer(('', 8000), Guess)
try:
    httpd.serve_forever()
except KeyboardInterrupt:
    httpd.server_close()

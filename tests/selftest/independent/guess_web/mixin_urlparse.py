"""ThreadingMixIn + HTTPServer, urlparse() then unquote() of the path, HTTP/1.1 with Content-Length."""
import os
import random
import string
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer
from socketserver import ThreadingMixIn
from urllib.parse import unquote, urlparse


class Game:
    def __init__(self, secret):
        self.secret = secret
        self.found = False
        self.lock = threading.Lock()

    def guess(self, word):
        with self.lock:
            if self.found:
                return "secret found"
            if word == self.secret:
                self.found = True
                return "right"
            return "wrong"


GAME = Game(os.getenv("SECRET", "".join(random.choice(string.ascii_lowercase) for _ in range(5))))


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_GET(self):
        path = urlparse(self.path).path
        outcome = GAME.guess(unquote(path[1:]))
        body = ("<!DOCTYPE html>\n<html><body><p>" + outcome + "</p></body></html>\n").encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


class Server(ThreadingMixIn, HTTPServer):
    daemon_threads = True


if __name__ == "__main__":
    server = Server(("localhost", 8000), Handler)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        server.server_close()

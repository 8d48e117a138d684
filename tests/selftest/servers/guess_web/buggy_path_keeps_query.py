"""Buggy: the word is self.path[1:], query included, so `/apple?from=form` is not a guess of `apple`.

Otherwise correct (ThreadingHTTPServer, lock, percent-decoding): the path rule is part of
every guess, so a correct guess with a query is answered `wrong` (WGUESS-1).
"""

import os
import random
import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

PORT = 8000
SECRET = os.environ.get("SECRET") or random.choice(["apple", "pear", "plum", "cherry"])

found = False
lock = threading.Lock()


class GuessServer(BaseHTTPRequestHandler):
    def do_GET(self):
        global found
        word = urllib.parse.unquote(self.path[1:])  # BUG: keeps `?...`
        with lock:
            if found:
                answer = "secret found"
            elif word == SECRET:
                found = True
                answer = "right"
            else:
                answer = "wrong"
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.end_headers()
        self.wfile.write(("<html><body><h1>" + answer + "</h1></body></html>").encode())


def main():
    ws = ThreadingHTTPServer(("", PORT), GuessServer)
    print("welcome to the guessing server")
    try:
        ws.serve_forever()
    except KeyboardInterrupt:
        print(" ctrl c pressed, shutting down")
        ws.server_close()


if __name__ == "__main__":
    main()

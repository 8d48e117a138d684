"""Buggy: the page repeats the guessed word unescaped, so a guess of `<b>x</b>` becomes markup.

Otherwise correct (ThreadingHTTPServer, lock, the path rule): only WGUESS-4 fails.
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
        word = urllib.parse.unquote(self.path.split("?")[0][1:])
        with lock:
            if found:
                answer = "secret found"
            elif word == SECRET:
                found = True
                answer = "right"
            else:
                answer = "wrong"
        page = "<html><body><p>You guessed " + word + ".</p><h1>" + answer + "</h1></body></html>"  # BUG
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.end_headers()
        self.wfile.write(page.encode())


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

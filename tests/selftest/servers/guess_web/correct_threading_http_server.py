"""Correct: ThreadingHTTPServer and a lock; the page repeats the guessed word, escaped by html.escape.

The word is the path after the first `/`, before any `?`, percent-decoded. The secret is
SECRET when set, else a random word.
"""

import html
import os
import random
import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

PORT = 8000
SECRET = os.environ.get("SECRET") or random.choice(["apple", "pear", "plum", "cherry"])

found = False
lock = threading.Lock()


def outcome(word):
    global found
    with lock:
        if found:
            return "secret found"
        if word == SECRET:
            found = True
            return "right"
        return "wrong"


class GuessServer(BaseHTTPRequestHandler):
    def do_GET(self):
        word = urllib.parse.unquote(self.path.split("?")[0][1:])
        page = ("<html><head><title>Guess the word</title></head><body>"
                "<p>You guessed <code>" + html.escape(word) + "</code>.</p>"
                "<h1>" + outcome(word) + "</h1></body></html>")
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.end_headers()
        self.wfile.write(page.encode("utf-8"))


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

"""Buggy: a wrong guess is answered 404 Not Found (with `wrong` in the page), as if it were a missing file.

Every answer of the protocol is 200 text/html holding one outcome: a 404 is not the answer
`wrong`, so wrong guesses fail WGUESS-1 and `GET /` (the empty word) fails WGUESS-2.
`right` and `secret found` are answered properly.
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
                status, answer = 200, "secret found"
            elif word == SECRET:
                found = True
                status, answer = 200, "right"
            else:
                status, answer = 404, "wrong"  # BUG: a wrong guess is not a missing page
        self.send_response(status)
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

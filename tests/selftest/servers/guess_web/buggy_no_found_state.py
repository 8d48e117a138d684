"""Buggy: no found state: the secret word always gets `right` and every other word `wrong`.

After the secret has been found a wrong guess still gets `wrong` and the secret gets
`right` again (WGUESS-1, the web form of GUESS-3 and GUESS-4).
"""

import os
import random
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

PORT = 8000
SECRET = os.environ.get("SECRET") or random.choice(["apple", "pear", "plum", "cherry"])


class GuessServer(BaseHTTPRequestHandler):
    def do_GET(self):
        word = urllib.parse.unquote(self.path.split("?")[0][1:])
        answer = "right" if word == SECRET else "wrong"  # BUG: never remembers the find
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

"""The course's plain HTTPServer with a correct game: one client at a time (breaks WGUESS-6)."""
import os
import random
from http.server import BaseHTTPRequestHandler, HTTPServer
from urllib.parse import unquote

SECRET = os.environ.get("SECRET") or random.choice(["apple", "pear"])
found = False


class GuessHandler(BaseHTTPRequestHandler):
    def do_GET(self):
        global found
        word = unquote(self.path[1:].split("?")[0])
        if found:
            outcome = "secret found"
        elif word == SECRET:
            found = True
            outcome = "right"
        else:
            outcome = "wrong"
        self.send_response(200)
        self.send_header("Content-type", "text/html")
        self.end_headers()
        self.wfile.write(("<html><body>" + outcome + "</body></html>").encode())


if __name__ == "__main__":
    try:
        ws = HTTPServer(("", 8000), GuessHandler)
        ws.serve_forever()
    except KeyboardInterrupt:
        ws.socket.close()

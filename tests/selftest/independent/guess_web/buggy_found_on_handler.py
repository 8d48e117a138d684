"""ThreadingHTTPServer that keeps the found flag on the handler (self.found), forgotten by the next request (breaks WGUESS-1)."""
import os
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import unquote

SECRET = os.environ.get("SECRET", "python")


class GuessHandler(BaseHTTPRequestHandler):
    found = False

    def do_GET(self):
        word = unquote(self.path[1:].split("?")[0])
        if self.found:
            outcome = "secret found"
        elif word == SECRET:
            self.found = True
            outcome = "right"
        else:
            outcome = "wrong"
        self.send_response(200)
        self.send_header("Content-type", "text/html")
        self.end_headers()
        self.wfile.write(("<html><body>" + outcome + "</body></html>").encode())


if __name__ == "__main__":
    ws = ThreadingHTTPServer(("", 8000), GuessHandler)
    try:
        ws.serve_forever()
    except KeyboardInterrupt:
        ws.socket.close()

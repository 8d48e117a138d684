"""Correct: a word-guessing web server written like a form page: `ThreadingHTTPServer`, the
word read with `unquote(urlparse(self.path).path[1:])`, a page that reflects the guess
escaped with `html.escape` ("You guessed: ...") above the outcome, and a lock around the
found state."""

from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
import html
import os
import threading
import urllib.parse

PORT = 8000
SECRET = os.environ.get("SECRET", "python")
found = False
lock = threading.Lock()


class GuessHandler(BaseHTTPRequestHandler):
    def do_GET(self):
        global found
        path = urllib.parse.urlparse(self.path).path
        word = urllib.parse.unquote(path[1:])
        with lock:
            if found:
                message = "secret found"
            elif word == SECRET:
                found = True
                message = "right"
            else:
                message = "wrong"
        page = f"""
        <html>
        <head><title>Word Guessing Game</title></head>
        <body>
            <h1>Guess my word!</h1>
            <p>You guessed: {html.escape(word)}</p>
            <p>{message}</p>
        </body>
        </html>
        """
        self.send_response(200)
        self.send_header("Content-type", "text/html")
        self.end_headers()
        self.wfile.write(page.encode("utf-8"))


server = ThreadingHTTPServer(("0.0.0.0", PORT), GuessHandler)
print(f"Server running on http://localhost:{PORT}")
try:
    server.serve_forever()
except KeyboardInterrupt:
    server.server_close()

"""Correct threaded game with a hard-coded secret word: SECRET is never read (breaks WGUESS-3)."""
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import unquote

SECRET = "python"
lock = threading.Lock()
found = False


class GuessHandler(BaseHTTPRequestHandler):
    def do_GET(self):
        global found
        word = unquote(self.path[1:].split("?")[0])
        with lock:
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
    ws = ThreadingHTTPServer(("", 8000), GuessHandler)
    try:
        ws.serve_forever()
    except KeyboardInterrupt:
        ws.socket.close()

"""ThreadingHTTPServer subclass that sets daemon_threads = False, so a half-sent request keeps the process alive after ctrl-C (breaks WGUESS-7)."""
import os
import random
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import unquote

SECRET = os.environ.get("SECRET") or random.choice(["apple", "pear", "plum"])
lock = threading.Lock()
found = False


class Handler(BaseHTTPRequestHandler):
    def do_GET(self):
        global found
        word = unquote(self.path[1:].split("?")[0])
        with lock:
            if found:
                answer = "secret found"
            elif word == SECRET:
                found = True
                answer = "right"
            else:
                answer = "wrong"
        self.send_response(200)
        self.send_header("Content-type", "text/html")
        self.end_headers()
        self.wfile.write(("<html><body><h1>" + answer + "</h1></body></html>").encode())


class Server(ThreadingHTTPServer):
    daemon_threads = False  # let every request finish before we exit


def main():
    ws = Server(("", 8000), Handler)
    print("press ctrl c to stop server")
    try:
        ws.serve_forever()
    except KeyboardInterrupt:
        print(" ctrl c pressed, shutting down")
        ws.socket.close()


if __name__ == "__main__":
    main()

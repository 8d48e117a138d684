"""http.server ThreadingHTTPServer; the word is unquote() of the path before '?', a lock around the found flag."""
import os
import random
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import unquote

WORDS = ["apple", "banana", "cherry", "python", "socket", "server"]
SECRET = os.environ.get("SECRET") or random.choice(WORDS)
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
        page = "<html><head><title>Guess the word</title></head><body><h1>" + outcome + "</h1></body></html>"
        self.send_response(200)
        self.send_header("Content-type", "text/html")
        self.end_headers()
        self.wfile.write(page.encode())


def main():
    try:
        ws = ThreadingHTTPServer(("", 8000), GuessHandler)
        print("welcome to the guessing server")
        print("press ctrl c to stop server")
        ws.serve_forever()
    except KeyboardInterrupt:
        print(" ctrl c pressed, shutting down")
        ws.socket.close()


if __name__ == "__main__":
    main()

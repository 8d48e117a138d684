"""http.server.ThreadingHTTPServer (its threads are daemon threads), the word from urllib.parse.urlsplit and unquote, server_close() on ctrl-C."""
import os
import random
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import unquote, urlsplit

SECRET = os.environ.get("SECRET") or random.choice(["network", "socket", "thread", "python"])
found = False
found_lock = threading.Lock()


class GuessPage(BaseHTTPRequestHandler):
    def do_GET(self):
        global found
        word = unquote(urlsplit(self.path).path[1:])
        with found_lock:
            if found:
                result = "secret found"
            elif word == SECRET:
                found = True
                result = "right"
            else:
                result = "wrong"
        body = "<html><body><p>Your guess is " + result + "</p></body></html>"
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body.encode())))
        self.end_headers()
        self.wfile.write(body.encode())


def main():
    server = ThreadingHTTPServer(("", 8000), GuessPage)
    print("guess the word at http://localhost:8000/<word>")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        print(" ctrl c pressed, shutting down")
    finally:
        server.server_close()


if __name__ == "__main__":
    main()

"""Buggy: no found state: every correct guess gets `right` and every other guess `wrong`, forever.

After the secret has been found a wrong guess still gets `wrong` (GUESS-3) and the correct
guess gets `right` again (GUESS-4).
"""

import os
import random
from socketserver import StreamRequestHandler, ThreadingTCPServer

PORT = 12093
SECRET = int(os.environ["SECRET"]) if "SECRET" in os.environ else random.randint(0, 99)


class GuessHandler(StreamRequestHandler):
    def handle(self):
        data = self.rfile.read(25)
        if len(data) < 25:
            return
        text = data.rstrip(b" ")
        if text.isdigit() and int(text) == SECRET:  # BUG: never remembers it was found
            self.wfile.write(b"right")
        else:
            self.wfile.write(b"wrong")


def main():
    ThreadingTCPServer.allow_reuse_address = True
    ThreadingTCPServer.daemon_threads = True
    ss = ThreadingTCPServer(("", PORT), GuessHandler)
    print("server is listening to", PORT)
    try:
        ss.serve_forever()
    except KeyboardInterrupt:
        print(" ctrl c pressed, closing server")
        ss.server_close()


if __name__ == "__main__":
    main()

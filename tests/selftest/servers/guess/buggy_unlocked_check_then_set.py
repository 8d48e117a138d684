"""Buggy: found is checked and set without a lock; correct guesses arriving together all get `right`.

Between seeing that the secret is not found yet and recording that it is, the handler
sleeps 10 ms: a deliberate race window (standing in for the thread switch that makes the
bug rare in real life) so that simultaneous correct guesses reliably get more than one
`right` (GUESS-4). A guess read after the window gets `secret found` as it should.
"""

import os
import random
import time
from socketserver import StreamRequestHandler, ThreadingTCPServer

PORT = 12093
SECRET = int(os.environ["SECRET"]) if "SECRET" in os.environ else random.randint(0, 99)

found = False


class GuessHandler(StreamRequestHandler):
    def handle(self):
        global found
        data = self.rfile.read(25)
        if len(data) < 25:
            return
        text = data.rstrip(b" ")
        if found:
            reply = "secret found"
        elif text.isdigit() and int(text) == SECRET:
            time.sleep(0.01)  # the race window: BUG, nothing stops another thread in here
            found = True
            reply = "right"
        else:
            reply = "wrong"
        self.wfile.write(reply.encode())


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

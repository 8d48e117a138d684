"""Tries to write outside its folder: to the place HOSTILE_VICTIM names (the grader's
files, another submission) and over its own file; then serves the clock protocol."""
import os
import socketserver
import time

for victim in (os.environ.get("HOSTILE_VICTIM", ""), os.path.abspath(__file__)):
    if victim:
        try:
            with open(victim, "w") as f:
                f.write("overwritten by a submission\n")
            print("wrote", victim)
        except OSError as exc:
            print("could not write", victim, exc)


class Clock(socketserver.StreamRequestHandler):
    def handle(self):
        if len(self.rfile.read(25)) == 25:
            self.wfile.write(time.ctime().encode())


server = socketserver.ThreadingTCPServer(("", 12091), Clock)
server.daemon_threads = True
try:
    server.serve_forever()
except KeyboardInterrupt:
    pass

"""A correct clock server that also prints to stdout without end."""
import socketserver
import threading
import time


def chatter():
    while True:
        print("still here, still here, still here, still here, still here")


class Clock(socketserver.StreamRequestHandler):
    def handle(self):
        if len(self.rfile.read(25)) == 25:
            self.wfile.write(time.ctime().encode())


server = socketserver.ThreadingTCPServer(("", 12091), Clock)
server.daemon_threads = True
threading.Thread(target=chatter, daemon=True).start()
server.serve_forever()

"""A working clock server that ignores ctrl-C and SIGTERM: only SIGKILL stops it."""
import signal
import socketserver
import time

signal.signal(signal.SIGINT, signal.SIG_IGN)
signal.signal(signal.SIGTERM, signal.SIG_IGN)


class Clock(socketserver.StreamRequestHandler):
    def handle(self):
        if len(self.rfile.read(25)) == 25:
            self.wfile.write(time.ctime().encode())


server = socketserver.ThreadingTCPServer(("", 12091), Clock)
server.daemon_threads = True
server.serve_forever()

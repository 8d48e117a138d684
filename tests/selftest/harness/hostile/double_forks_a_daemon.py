"""Double-forks a daemon that leaves the session, renames itself and ignores signals,
then serves the clock protocol normally."""
import os
import signal
import socketserver
import threading
import time

if os.fork() == 0:
    os.setsid()
    if os.fork() == 0:
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        try:
            import ctypes

            ctypes.CDLL(None).prctl(15, b"kworker/0:1", 0, 0, 0)  # PR_SET_NAME: look harmless
        except OSError:
            pass
        threading.Event().wait()
    os._exit(0)


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

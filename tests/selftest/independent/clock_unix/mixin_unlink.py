"""Unix stream clock server: socketserver.ThreadingMixIn mixed by hand into UnixStreamServer; removes a stale socket path with os.unlink in try/except FileNotFoundError; the handler reads 25 bytes from rfile and writes time.ctime()."""
import os, socketserver, time

PATH = '/tmp/clock.sock'

class Handler(socketserver.StreamRequestHandler):
    def handle(self):
        req = self.rfile.read(25)
        if len(req) == 25:
            self.wfile.write(time.ctime().encode())

class Server(socketserver.ThreadingMixIn, socketserver.UnixStreamServer):
    daemon_threads = True

try:
    os.unlink(PATH)
except FileNotFoundError:
    pass
srv = Server(PATH, Handler)
try:
    srv.serve_forever()
except KeyboardInterrupt:
    pass
finally:
    srv.server_close()
    try:
        os.unlink(PATH)
    except FileNotFoundError:
        pass

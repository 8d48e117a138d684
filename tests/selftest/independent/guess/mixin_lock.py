"""Guess server: socketserver.ThreadingMixIn mixed by hand into TCPServer (port 12093); the secret comes from SECRET or random.randint(0, 99); a threading.Lock guards the found flag; the handler reads 25 bytes from rfile and int()s the stripped text."""
import os, random, socketserver, threading

secret = int(os.environ['SECRET']) if os.environ.get('SECRET') else random.randint(0, 99)
found = False
lock = threading.Lock()

class Handler(socketserver.StreamRequestHandler):
    def handle(self):
        global found
        data = self.rfile.read(25)
        if len(data) < 25:
            return
        try:
            n = int(data.decode('ascii').strip())
        except (UnicodeDecodeError, ValueError):
            n = None
        with lock:
            if found:
                answer = 'secret found'
            elif n == secret:
                found = True
                answer = 'right'
            else:
                answer = 'wrong'
        self.wfile.write(answer.encode())

class Server(socketserver.ThreadingMixIn, socketserver.TCPServer):
    allow_reuse_address = True
    daemon_threads = True

with Server(('', 12093), Handler) as srv:
    try:
        srv.serve_forever()
    except KeyboardInterrupt:
        pass

"""A student-style clock server: host '' and port 12091, hard-coded, as in the course."""
from socketserver import StreamRequestHandler, ThreadingTCPServer
from time import ctime

PORT = 12091


class ServerClock(StreamRequestHandler):
    def handle(self):
        self.rfile.read(25)
        self.wfile.write(ctime().encode())


def main():
    ss = ThreadingTCPServer(('', PORT), ServerClock)
    print('server is listening to', PORT)
    try:
        ss.serve_forever()
    except KeyboardInterrupt:
        print(' ctrl c pressed, closing server')
        ss.socket.close()


if __name__ == "__main__":
    main()

"""ThreadingUnixStreamServer with daemon_threads left False: clients are served, but ctrl-C with a silent client connected never ends the process (breaks UNIX-2)."""
import os
import socketserver
import time

PATH = "clockunix.sock"


class ClockHandler(socketserver.StreamRequestHandler):
    def handle(self):
        request = self.rfile.read(25)
        if len(request) == 25:
            self.wfile.write(time.ctime().encode())


def main():
    if os.path.exists(PATH):
        os.unlink(PATH)
    server = socketserver.ThreadingUnixStreamServer(PATH, ClockHandler)
    print("clock server listening at", PATH)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        print("ctrl c pressed, closing server")
        server.socket.close()
    finally:
        if os.path.exists(PATH):
            os.unlink(PATH)


if __name__ == "__main__":
    main()

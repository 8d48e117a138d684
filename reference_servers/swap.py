"""swap reference server: two clients exchange one 25-byte message each.

Each client sends 25 bytes and gets the 25 bytes of its partner; then the server closes the
connection. Partners are paired first come, first served, by the moment their message has
fully arrived: a client whose message is in pairs with the oldest client still waiting, or
waits itself. A waiting client that closes its socket is never paired. One thread per
client (socketserver.ThreadingTCPServer), so a silent client delays no one; the waiting
room is a queue guarded by a Condition. ctrl-C closes the listening socket and exits.

    python swap.py [--port N]        (default port 12092)
"""

import argparse
import collections
import socket
import socketserver
import threading

PORT = 12092
MESSAGE_SIZE = 25
LOOK_EVERY = 0.5  # seconds between a waiting thread's looks at its own client


def has_left(sock):
    """True when the client has closed its end: a peek that does not wait finds end of file
    (or the connection was reset). The client sends nothing after its message, so anything
    readable on a waiting client's socket is its end."""
    try:
        return sock.recv(1, socket.MSG_PEEK | socket.MSG_DONTWAIT) == b""
    except BlockingIOError:  # nothing to read: still there
        return False
    except OSError:
        return True


class Waiter:
    """A client whose message has arrived, waiting for a partner's."""

    def __init__(self, sock, message):
        self.sock = sock
        self.message = message
        self.reply = None  # the partner's message, once paired
        self.left = False  # it closed before it was paired


class WaitingRoom:
    """Clients waiting for a partner, oldest arrival first."""

    def __init__(self):
        self.changed = threading.Condition()
        self.queue = collections.deque()

    def swap(self, sock, message):
        """Pair this client with the oldest waiter that is still there, or wait to be paired.

        Returns the partner's message, or None if the client left while it waited. A waiter
        is checked at the moment it would be paired, so one that has closed is never paired;
        while waiting, each thread also looks at its own client now and then, so one that
        leaves does not stay in the queue."""
        with self.changed:
            while self.queue:
                oldest = self.queue.popleft()
                if has_left(oldest.sock):
                    oldest.left = True
                    continue
                oldest.reply = message
                self.changed.notify_all()
                return oldest.message
            me = Waiter(sock, message)
            self.queue.append(me)
            while me.reply is None and not me.left:
                self.changed.wait(LOOK_EVERY)
                if me.reply is None and not me.left and has_left(sock):
                    self.queue.remove(me)
                    me.left = True
            return me.reply


class SwapHandler(socketserver.StreamRequestHandler):
    """Read one message, swap it, send the partner's; socketserver then closes the connection."""

    def handle(self):
        try:
            # Exactly 25 bytes, however the client split them; fewer only at end of file.
            message = self.rfile.read(MESSAGE_SIZE)
        except ConnectionError:  # reset by the client
            return
        if len(message) < MESSAGE_SIZE:
            return  # the client left before its message was complete
        reply = self.server.room.swap(self.request, message)
        if reply is None:
            return
        try:
            self.wfile.write(reply)
        except OSError:  # the client is gone; its partner was served all the same
            pass


class SwapServer(socketserver.ThreadingTCPServer):
    allow_reuse_address = True
    daemon_threads = True  # waiting clients do not keep the process alive after ctrl-C

    def __init__(self, address):
        super().__init__(address, SwapHandler)
        self.room = WaitingRoom()


def serve(port):
    with SwapServer(("", port)) as server:
        print("server is listening to", port)
        print("press ctrl c to stop server")
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            print(" ctrl c pressed, closing server")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=PORT, help=f"TCP port (default {PORT})")
    serve(parser.parse_args().port)


if __name__ == "__main__":
    main()

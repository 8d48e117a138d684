"""Listens, and swallows ctrl-C: only a kill stops it."""
import signal
import socket
import threading

signal.signal(signal.SIGINT, signal.SIG_IGN)
s = socket.socket()
s.bind(("", 12091))
s.listen()
threading.Event().wait()

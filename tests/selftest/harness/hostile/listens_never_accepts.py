"""Listens, then never calls accept(): clients connect (the kernel queues them) and wait."""
import socket
import threading

s = socket.socket()
s.bind(("", 12091))
s.listen(5)
threading.Event().wait()

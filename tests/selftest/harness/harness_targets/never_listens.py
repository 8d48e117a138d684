"""Runs but never listens: waits on an event nobody sets."""
import threading

print("thinking...", flush=True)
threading.Event().wait()

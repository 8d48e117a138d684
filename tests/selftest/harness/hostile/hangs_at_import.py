"""Spins forever while being imported: it never gets as far as listening."""
while True:
    pass

"""Exits at once without listening."""
print("nothing to do")

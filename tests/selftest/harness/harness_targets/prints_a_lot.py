"""Prints a megabyte before it listens, then fails."""
import sys

for i in range(20000):
    print(f"line {i:05d} " + "x" * 44)
sys.exit("the end of the output says why")

"""Raises before it listens."""


def main():
    raise RuntimeError("the port number was read from a file that is not there")


if __name__ == "__main__":
    main()

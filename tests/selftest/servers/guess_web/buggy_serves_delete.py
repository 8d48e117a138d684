"""Buggy (WGUESS-5): hand-written HTTP that refuses only the methods that carry a body.

A student's list of "the other methods" — POST, PUT and PATCH, the ones a form or a script
sends data with — gets 501; everything else is read as a GET, so `DELETE /pear` is a guess
and is answered 200 (it can even find the secret). The standard asks a 4xx or 5xx for every
well-formed method other than GET (WEB-5, which WGUESS-5 is "as"). Otherwise correct: asyncio
streams, 400 if malformed, 431 if too big.
"""

import asyncio
import os
import random
import urllib.parse

PORT = 8000
SECRET = os.environ.get("SECRET") or random.choice(["apple", "pear", "plum", "cherry"])
LIMIT = 8192
MAX_HEADERS = 100

found = False
REASONS = {200: "OK", 400: "Bad Request", 431: "Request Header Fields Too Large", 501: "Not Implemented"}


def outcome(word):
    global found
    if found:
        return "secret found"
    if word == SECRET:
        found = True
        return "right"
    return "wrong"


def response(status, text):
    body = f"<html><head><title>Guess the word</title></head><body><h1>{text}</h1></body></html>".encode()
    head = (f"HTTP/1.1 {status} {REASONS[status]}\r\nContent-Type: text/html; charset=utf-8\r\n"
            f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n")
    return head.encode("ascii") + body


async def read_request(reader):
    """(method, target), or a status to answer with, or None when the client left."""
    try:
        parts = (await reader.readline()).decode("latin-1").split()
        if not parts:
            return None
        if len(parts) != 3 or not parts[2].startswith("HTTP/"):
            return 400
        for _ in range(MAX_HEADERS + 1):
            line = await reader.readline()
            if not line.endswith(b"\n"):
                return None
            if line in (b"\r\n", b"\n"):
                return parts[0], parts[1]
        return 431
    except ValueError:  # a line longer than LIMIT
        return 431


async def handle(reader, writer):
    try:
        request = await read_request(reader)
        if isinstance(request, int):
            writer.write(response(request, f"{request} {REASONS[request]}"))
        elif request is not None:
            method, target = request
            if method in ("POST", "PUT", "PATCH"):
                writer.write(response(501, "501 Not Implemented"))
            else:
                word = urllib.parse.unquote(target.split("?", 1)[0].partition("/")[2])
                writer.write(response(200, outcome(word)))
        await writer.drain()
    except ConnectionError:
        pass
    except asyncio.CancelledError:
        pass  # ctrl c: the server is closing; end quietly
    finally:
        writer.close()


async def main():
    server = await asyncio.start_server(handle, "", PORT, limit=LIMIT)
    print("welcome to the guessing server")
    async with server:
        await server.serve_forever()


if __name__ == "__main__":
    try:
        asyncio.run(main())
    except KeyboardInterrupt:
        print(" ctrl c pressed, shutting down")

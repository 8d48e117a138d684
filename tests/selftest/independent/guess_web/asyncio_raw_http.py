"""HTTP/1.0 by hand over asyncio streams: the word is the target before '?', percent-decoded; 501 for other methods."""
import asyncio
import os
import random
from urllib.parse import unquote

state = {"secret": os.environ.get("SECRET") or random.choice(["red", "green", "blue"]), "found": False}


async def respond(writer, status, text):
    body = ("<html><body><p>" + text + "</p></body></html>").encode()
    writer.write(
        ("HTTP/1.0 " + status + "\r\nContent-Type: text/html\r\nContent-Length: %d\r\n\r\n" % len(body)).encode()
        + body
    )
    await writer.drain()


async def handle(reader, writer):
    try:
        request_line = (await reader.readline()).decode("latin-1")
        parts = request_line.split()
        if len(parts) != 3 or not parts[2].startswith("HTTP/"):
            await respond(writer, "400 Bad Request", "bad request")
            return
        for _ in range(200):
            line = await reader.readline()
            if line in (b"\r\n", b"\n", b""):
                break
        else:
            await respond(writer, "431 Request Header Fields Too Large", "too many headers")
            return
        method, target, _ = parts
        if method != "GET":
            await respond(writer, "501 Not Implemented", "only GET is supported")
            return
        word = unquote(target.split("?", 1)[0][1:])
        if state["found"]:
            outcome = "secret found"
        elif word == state["secret"]:
            state["found"] = True
            outcome = "right"
        else:
            outcome = "wrong"
        await respond(writer, "200 OK", outcome)
    except (ValueError, ConnectionError, asyncio.LimitOverrunError, asyncio.IncompleteReadError):
        pass
    finally:
        writer.close()


async def main():
    server = await asyncio.start_server(handle, "", 8000)
    async with server:
        await server.serve_forever()


if __name__ == "__main__":
    try:
        asyncio.run(main())
    except KeyboardInterrupt:
        pass

"""asyncio streams with readexactly(25); one event loop, so the found flag needs no lock; a newline after each reply."""
import asyncio
import os
import random

PORT = 12093
state = {"secret": None, "found": False}


async def handle(reader, writer):
    try:
        data = await reader.readexactly(25)
    except (asyncio.IncompleteReadError, ConnectionError):
        writer.close()
        return
    try:
        guess = int(data.decode("ascii").strip())
    except (UnicodeDecodeError, ValueError):
        guess = -1
    if state["found"]:
        reply = "secret found"
    elif guess == state["secret"]:
        state["found"] = True
        reply = "right"
    else:
        reply = "wrong"
    try:
        writer.write((reply + "\n").encode())
        await writer.drain()
    except ConnectionError:
        pass
    writer.close()


async def main():
    if os.environ.get("SECRET"):
        state["secret"] = int(os.environ["SECRET"])
    else:
        state["secret"] = random.randint(0, 99)
    server = await asyncio.start_server(handle, "localhost", PORT)
    async with server:
        await server.serve_forever()


if __name__ == "__main__":
    try:
        asyncio.run(main())
    except KeyboardInterrupt:
        print("bye")

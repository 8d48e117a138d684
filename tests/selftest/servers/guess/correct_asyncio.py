"""Correct: asyncio streams and readexactly(25); no await between checking found and setting it.
"""

import asyncio
import os
import random

PORT = 12093
SECRET = int(os.environ["SECRET"]) if os.environ.get("SECRET") else random.randrange(100)

found = False


def judge(data):
    global found
    text = data.rstrip(b" ")
    if found:
        return b"secret found"
    if text.isdigit() and int(text) == SECRET:
        found = True
        return b"right"
    return b"wrong"


async def handle(reader, writer):
    try:
        data = await reader.readexactly(25)
        writer.write(judge(data))  # no await between reading the state and setting it
        await writer.drain()
    except (asyncio.IncompleteReadError, ConnectionError):
        pass
    except asyncio.CancelledError:
        pass  # ctrl c: the server is closing; end quietly
    finally:
        writer.close()


async def main():
    server = await asyncio.start_server(handle, "", PORT)
    print("server is listening to", PORT)
    async with server:
        await server.serve_forever()


if __name__ == "__main__":
    try:
        asyncio.run(main())
    except KeyboardInterrupt:
        print(" ctrl c pressed, closing server")

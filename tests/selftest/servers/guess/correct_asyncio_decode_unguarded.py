"""Correct: asyncio streams; the guess is decoded outside any try, so bytes that are not
ASCII end that one handler (asyncio logs the exception and leaves the connection open)
while the server goes on serving every client after it.

The style of the asyncio stream examples students start from (`reader.readexactly`,
`data.decode().strip()`, `writer.write`, `writer.close()`). Every ASCII guess is answered;
a request of non-ASCII bytes is a misbehaving client (C-ROBUST) and gets no reply.
"""

import asyncio
import os
import random

PORT = 12093
SECRET = int(os.environ["SECRET"]) if "SECRET" in os.environ else random.randint(0, 99)
found = False


async def handle_guess(reader, writer):
    global found
    data = await reader.readexactly(25)
    message = data.decode().strip()
    if found:
        reply = "secret found"
    elif message.isdigit() and int(message) == SECRET:
        found = True
        reply = "right"
    else:
        reply = "wrong"
    writer.write(reply.encode())
    await writer.drain()
    writer.close()


async def main():
    server = await asyncio.start_server(handle_guess, "", PORT)
    print("serving on", server.sockets[0].getsockname())
    async with server:
        await server.serve_forever()


asyncio.run(main())

"""Correct: asyncio's start_unix_server with a fixed path under /tmp; readexactly(25),
the ctime text, drain, close. No unlink of its own: asyncio removes a stale socket file
itself. A common style for students who learnt asyncio before socketserver.
"""

import asyncio
import time


async def handle(reader, writer):
    await reader.readexactly(25)
    writer.write(time.ctime().encode())
    await writer.drain()
    writer.close()


async def main():
    server = await asyncio.start_unix_server(handle, path="/tmp/clock.sock")
    async with server:
        await server.serve_forever()


try:
    asyncio.run(main())
except KeyboardInterrupt:
    pass

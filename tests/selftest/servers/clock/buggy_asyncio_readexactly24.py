"""Buggy: asyncio streams with readexactly(24): answers before the 25th byte has arrived.

One coroutine per client; the request size is off by one, so the time goes out as soon as
24 bytes are in (CLOCK-2), and the 25th byte is never read.
"""

import asyncio
from time import ctime

PORT = 12091


async def tell_time(reader, writer):
    try:
        await reader.readexactly(24)
        writer.write(ctime().encode())
        await writer.drain()
    except (asyncio.IncompleteReadError, ConnectionError):
        pass
    except asyncio.CancelledError:
        pass
    finally:
        writer.close()


async def serve():
    server = await asyncio.start_server(tell_time, '0.0.0.0', PORT)
    print('server is listening to', PORT)
    async with server:
        await server.serve_forever()


if __name__ == "__main__":
    try:
        asyncio.run(serve())
    except KeyboardInterrupt:
        print(' ctrl c pressed, closing server')

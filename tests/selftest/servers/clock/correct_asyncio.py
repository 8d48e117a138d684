"""Correct: asyncio streams, readexactly(25), the time sent with a trailing newline.

One coroutine per client. The reply is ctime text followed by '\n', which the standard
allows (C-TEXT: trailing white space is padding).
"""

import asyncio
from time import ctime

PORT = 12091


async def tell_time(reader, writer):
    try:
        await reader.readexactly(25)
        writer.write((ctime() + '\n').encode())
        await writer.drain()
    except (asyncio.IncompleteReadError, ConnectionError):
        pass  # the client left before a whole request
    except asyncio.CancelledError:
        pass  # ctrl-C: the server is stopping; end quietly (Python 3.11 logs a cancelled client task)
    finally:
        writer.close()


async def serve():
    server = await asyncio.start_server(tell_time, '0.0.0.0', PORT)
    print('server is listening to', PORT)
    async with server:
        await server.serve_forever()


def main():
    try:
        asyncio.run(serve())
    except KeyboardInterrupt:
        print(' ctrl c pressed, closing server')


if __name__ == "__main__":
    main()

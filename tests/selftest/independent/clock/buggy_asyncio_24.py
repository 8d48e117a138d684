"""asyncio start_server that awaits readexactly(24) and then answers, one byte short of a request (breaks CLOCK-2)."""
import asyncio
from time import ctime

PORT = 12091


async def handle(reader, writer):
    try:
        await reader.readexactly(24)
    except (asyncio.IncompleteReadError, ConnectionError):
        writer.close()
        return
    writer.write(ctime().encode())
    try:
        await writer.drain()
    except ConnectionError:
        pass
    writer.close()


async def main():
    server = await asyncio.start_server(handle, "", PORT)
    async with server:
        await server.serve_forever()


asyncio.run(main())

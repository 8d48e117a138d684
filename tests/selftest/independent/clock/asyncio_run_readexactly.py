"""asyncio.start_server with reader.readexactly(25), run by asyncio.run(); ctrl-C ends asyncio.run."""
import asyncio
import time

PORT = 12091


async def tell_time(reader, writer):
    try:
        request = await reader.readexactly(25)
    except (asyncio.IncompleteReadError, ConnectionError):
        writer.close()
        return
    print("request:", request.decode("ascii", "replace").rstrip())
    writer.write(time.ctime().encode())
    try:
        await writer.drain()
    except ConnectionError:
        pass
    writer.close()


async def main():
    server = await asyncio.start_server(tell_time, "", PORT)
    print("serving on", PORT)
    async with server:
        await server.serve_forever()


if __name__ == "__main__":
    asyncio.run(main())

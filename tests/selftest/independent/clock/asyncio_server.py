"""asyncio start_server with readexactly(25)."""
import asyncio
import time

PORT = 12091


async def handle(reader, writer):
    try:
        request = await reader.readexactly(25)
        print("got", request)
        writer.write(time.ctime().encode())
        await writer.drain()
    except (asyncio.IncompleteReadError, ConnectionError):
        pass
    finally:
        writer.close()


async def main():
    server = await asyncio.start_server(handle, "localhost", PORT)
    print("serving on", PORT)
    async with server:
        await server.serve_forever()


if __name__ == "__main__":
    try:
        asyncio.run(main())
    except KeyboardInterrupt:
        print("stopped")

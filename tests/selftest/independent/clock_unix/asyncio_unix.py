"""asyncio start_unix_server with readexactly(25)."""
import asyncio
import os
import time

PATH = "./clockunix.sock"


async def handle(reader, writer):
    try:
        await reader.readexactly(25)
        writer.write(time.ctime().encode())
        await writer.drain()
    except (asyncio.IncompleteReadError, ConnectionError):
        pass
    finally:
        writer.close()


async def main():
    if os.path.exists(PATH):
        os.unlink(PATH)
    server = await asyncio.start_unix_server(handle, path=PATH)
    async with server:
        await server.serve_forever()


if __name__ == "__main__":
    try:
        asyncio.run(main())
    except KeyboardInterrupt:
        pass
    finally:
        if os.path.exists(PATH):
            os.unlink(PATH)

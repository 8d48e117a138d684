"""asyncio.start_server with readexactly(25) and a main that sleeps in a loop; a single event loop needs no lock around the found flag."""
import asyncio
import os
import random

PORT = 12093
secret = int(os.environ["SECRET"]) if "SECRET" in os.environ else random.randint(0, 99)
found = False


async def guess(reader, writer):
    global found
    try:
        data = await reader.readexactly(25)
    except (asyncio.IncompleteReadError, ConnectionError):
        writer.close()
        return
    try:
        number = int(data.decode("ascii").strip())
    except ValueError:
        number = None
    if found:
        reply = "secret found"
    elif number == secret:
        found = True
        reply = "right"
    else:
        reply = "wrong"
    writer.write(reply.encode())
    try:
        await writer.drain()
    except ConnectionError:
        pass
    writer.close()


async def main():
    server = await asyncio.start_server(guess, port=PORT)
    print("guess server on", PORT)
    await server.start_serving()
    while True:  # the server serves in the background until ctrl-C
        await asyncio.sleep(3600)


if __name__ == "__main__":
    try:
        asyncio.run(main())
    except KeyboardInterrupt:
        print("server stopped")

"""Correct: asyncio streams, a coroutine per client; waiting clients are futures in a queue.

readexactly(25) gives the whole message however it was split. A client then takes the oldest
waiter whose stream has not reached end of file, or waits on its own future while also
reading its socket, so that a client that closes while it waits is dropped.
"""

import asyncio
from collections import deque

PORT = 12092
BUFFER = 25

waiting = deque()  # clients whose message has arrived, oldest first


class Waiter:
    def __init__(self, reader, message):
        self.reader = reader
        self.message = message
        self.reply = asyncio.get_running_loop().create_future()


def take_oldest_waiter():
    """The oldest waiting client still connected, or None."""
    while waiting:
        waiter = waiting.popleft()
        if not waiter.reader.at_eof() and not waiter.reply.done():
            return waiter
    return None


async def wait_for_partner(me):
    """The partner's message, or None if the client closes first."""
    waiting.append(me)
    while True:
        peek = asyncio.ensure_future(me.reader.read(1))
        await asyncio.wait({me.reply, peek}, return_when=asyncio.FIRST_COMPLETED)
        if me.reply.done():
            peek.cancel()
            return me.reply.result()
        if peek.exception() is not None or peek.result() == b'':
            if me in waiting:
                waiting.remove(me)
            me.reply.cancel()
            return None


async def serve_client(reader, writer):
    try:
        message = await reader.readexactly(BUFFER)
    except (asyncio.IncompleteReadError, ConnectionError):
        writer.close()
        return
    partner = take_oldest_waiter()
    if partner is not None:
        partner.reply.set_result(message)
        reply = partner.message
    else:
        reply = await wait_for_partner(Waiter(reader, message))
    try:
        if reply is not None:
            writer.write(reply)
            await writer.drain()
        writer.close()
    except ConnectionError:
        pass


async def main():
    server = await asyncio.start_server(serve_client, '', PORT)
    print('server is listening to', PORT)
    print('press ctrl c to stop server')
    async with server:
        await server.serve_forever()


if __name__ == "__main__":
    try:
        asyncio.run(main())
    except KeyboardInterrupt:
        print(' ctrl c pressed, closing server')

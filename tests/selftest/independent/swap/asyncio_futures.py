"""asyncio streams: readexactly(25), a queue of waiting clients with futures, a hang-up while waiting leaves the queue."""
import asyncio

PORT = 12092
waiting = []


class Waiter:
    def __init__(self, message, reader):
        self.message = message
        self.reader = reader
        self.future = asyncio.get_running_loop().create_future()
        self.gone = False


async def handle(reader, writer):
    try:
        message = await reader.readexactly(25)
    except (asyncio.IncompleteReadError, ConnectionError):
        writer.close()
        return
    partner = None
    while waiting:
        candidate = waiting.pop(0)
        if not candidate.gone and not candidate.reader.at_eof():
            partner = candidate
            break
    if partner is not None:
        partner.future.set_result(message)
        answer = partner.message
    else:
        me = Waiter(message, reader)
        waiting.append(me)
        answer = None
        while answer is None:
            hangup = asyncio.ensure_future(reader.read(1))
            done, _ = await asyncio.wait({me.future, hangup}, return_when=asyncio.FIRST_COMPLETED)
            if me.future.done():
                hangup.cancel()
                answer = me.future.result()
            else:
                try:
                    more = hangup.result()
                except ConnectionError:
                    more = b""
                if more == b"":
                    me.gone = True
                    if me in waiting:
                        waiting.remove(me)
                    writer.close()
                    return
    try:
        writer.write(answer)
        await writer.drain()
    except ConnectionError:
        pass
    writer.close()


async def main():
    server = await asyncio.start_server(handle, "", PORT)
    async with server:
        await server.serve_forever()


if __name__ == "__main__":
    try:
        asyncio.run(main())
    except KeyboardInterrupt:
        pass

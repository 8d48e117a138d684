"""asyncio create_datagram_endpoint with a DatagramProtocol."""
import asyncio
import time

PORT = 12091


class ClockProtocol(asyncio.DatagramProtocol):
    def connection_made(self, transport):
        self.transport = transport

    def datagram_received(self, data, addr):
        self.transport.sendto(time.ctime().encode(), addr)


async def main():
    loop = asyncio.get_running_loop()
    transport, _ = await loop.create_datagram_endpoint(ClockProtocol, local_addr=("0.0.0.0", PORT))
    try:
        await asyncio.Event().wait()
    finally:
        transport.close()


if __name__ == "__main__":
    try:
        asyncio.run(main())
    except KeyboardInterrupt:
        pass

"""HTTP/1.0 written by hand over asyncio streams: request line, headers, 404 escaped with html.escape(quote=False), 501 for other methods."""
import asyncio
import html

HELLO = b"<html><body><h1>hello client</h1></body></html>"
MAX_HEADERS = 100


async def respond(writer, status, body):
    head = (
        "HTTP/1.0 " + status + "\r\n"
        "Content-Type: text/html\r\n"
        "Content-Length: " + str(len(body)) + "\r\n"
        "Connection: close\r\n\r\n"
    )
    writer.write(head.encode("ascii") + body)
    await writer.drain()


async def handle(reader, writer):
    try:
        line = await reader.readline()
        parts = line.decode("latin-1").split()
        if len(parts) != 3 or not parts[2].startswith("HTTP/"):
            await respond(writer, "400 Bad Request", b"<p>bad request</p>")
            return
        for _ in range(MAX_HEADERS):
            header = await reader.readline()
            if header in (b"\r\n", b"\n", b""):
                break
        else:
            await respond(writer, "431 Request Header Fields Too Large", b"<p>too many headers</p>")
            return
        method, target, _ = parts
        if method != "GET":
            await respond(writer, "501 Not Implemented", b"<p>only GET</p>")
        elif target == "/":
            await respond(writer, "200 OK", HELLO)
        else:
            text = html.escape(target, quote=False) + " not found"
            await respond(writer, "404 Not Found", ("<p>" + text + "</p>").encode("utf-8"))
    except (ValueError, ConnectionError, asyncio.LimitOverrunError, asyncio.IncompleteReadError):
        pass
    finally:
        writer.close()


async def main():
    server = await asyncio.start_server(handle, "", 8000)
    async with server:
        await server.serve_forever()


if __name__ == "__main__":
    try:
        asyncio.run(main())
    except KeyboardInterrupt:
        print("shutting down")

"""The course's do_GET in a ThreadingHTTPServer: the 404 text is written with no status line (breaks WEB-1, WEB-3)."""
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

dynhtml = """
<HTML>
<HEAD><TITLE>My Home Page</TITLE></HEAD>
<BODY> <CENTER>
<H1> hello client </H1>
</CENTER> </BODY>
</HTML>"""


class WebServer(BaseHTTPRequestHandler):
    def do_GET(self):
        if self.path == "/":
            self.send_response(200)
            self.send_header("Content-type", "text/html")
            self.end_headers()
            self.wfile.write(dynhtml.encode())
        else:
            message = self.path + " not found"
            self.wfile.write(message.encode())


def main():
    try:
        ws = ThreadingHTTPServer(("", 8000), WebServer)
        ws.serve_forever()
    except KeyboardInterrupt:
        ws.socket.close()


if __name__ == "__main__":
    main()

"""http.server ThreadingHTTPServer; the 404 is send_error(404, path + ' not found')."""
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
            self.send_error(404, self.path + " not found")


def main():
    try:
        ws = ThreadingHTTPServer(("", 8000), WebServer)
        print("welcome to our web server")
        print("press ctrl c to stop server")
        ws.serve_forever()
    except KeyboardInterrupt:
        print(" ctrl c pressed, shutting down")
        ws.socket.close()


if __name__ == "__main__":
    main()

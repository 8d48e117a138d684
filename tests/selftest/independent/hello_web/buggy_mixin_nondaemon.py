"""ThreadingMixIn mixed by hand into HTTPServer without daemon_threads, so a half-sent request keeps the process alive after ctrl-C (breaks WEB-7)."""
import html
from http.server import BaseHTTPRequestHandler, HTTPServer
from socketserver import ThreadingMixIn

dynhtml = """
<HTML>
<HEAD><TITLE>My Home Page</TITLE></HEAD>
<BODY> <CENTER>
<H1> hello client </H1>
</CENTER> </BODY>
</HTML>"""


class ThreadedHTTPServer(ThreadingMixIn, HTTPServer):
    pass


class WebServer(BaseHTTPRequestHandler):
    def do_GET(self):
        if self.path == "/":
            body = dynhtml
            self.send_response(200)
        else:
            body = "<HTML><BODY>" + html.escape(self.path) + " not found</BODY></HTML>"
            self.send_response(404)
        self.send_header("Content-type", "text/html")
        self.end_headers()
        self.wfile.write(body.encode())


def main():
    try:
        ws = ThreadedHTTPServer(("", 8000), WebServer)
        print("welcome to our web server")
        print("press ctrl c to stop server")
        ws.serve_forever()
    except KeyboardInterrupt:
        print(" ctrl c pressed, shutting down")
        ws.socket.close()


if __name__ == "__main__":
    main()

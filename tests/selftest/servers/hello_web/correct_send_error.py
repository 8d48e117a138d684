"""Correct: the 404 comes from http.server's own send_error, as many students write it.

send_error builds the error page itself: it escapes the message with
html.escape(..., quote=False), so a `"` in the path stays as it is in the text (it is not
markup there), and the status line's reason phrase repeats the message. ThreadingHTTPServer
serves clients side by side; other methods get send_error's 501.
"""

from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

PORT = 8000

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
    ws = ThreadingHTTPServer(("", PORT), WebServer)
    print("welcome to our web server")
    print("press ctrl c to stop server")
    try:
        ws.serve_forever()
    except KeyboardInterrupt:
        print(" ctrl c pressed, shutting down")
        ws.server_close()


if __name__ == "__main__":
    main()

"""Correct: ThreadingHTTPServer; a real 404 with Content-Type and the path escaped by html.escape.
"""

import html
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
            message = html.escape(self.path + " not found")
            self.send_response(404)
            self.send_header("Content-type", "text/html")
            self.end_headers()
            self.wfile.write(("<HTML><BODY>" + message + "</BODY></HTML>").encode())


def main():
    try:
        ws = ThreadingHTTPServer(("", PORT), WebServer)
        print("welcome to our web server")
        print("press ctrl c to stop server")
        ws.serve_forever()
    except KeyboardInterrupt:
        print(" ctrl c pressed, shutting down")
        ws.server_close()


if __name__ == "__main__":
    main()

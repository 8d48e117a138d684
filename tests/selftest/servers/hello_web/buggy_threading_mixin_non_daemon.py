"""Buggy: the older idiom class ThreadedHTTPServer(ThreadingMixIn, HTTPServer), daemon_threads left False.

Every page is right and clients are served side by side, but unlike http.server's own
ThreadingHTTPServer the mix-in's threads are not daemon threads: a client that sent half a
request keeps its thread waiting for the rest, and on ctrl-C the interpreter waits for that
thread before it exits — it never does (breaks WEB-7).
"""

import html
from http.server import BaseHTTPRequestHandler, HTTPServer
from socketserver import ThreadingMixIn

PORT = 8000

dynhtml = """
<HTML>
<HEAD><TITLE>My Home Page</TITLE></HEAD>
<BODY> <CENTER>
<H1> hello client </H1>
</CENTER> </BODY>
</HTML>"""


class ThreadedHTTPServer(ThreadingMixIn, HTTPServer):
    """Handle requests in a separate thread."""


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
        ws = ThreadedHTTPServer(("", PORT), WebServer)
        print("welcome to our web server")
        print("press ctrl c to stop server")
        ws.serve_forever()
    except KeyboardInterrupt:
        print(" ctrl c pressed, shutting down")
        ws.server_close()


if __name__ == "__main__":
    main()

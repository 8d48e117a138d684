"""Buggy: the course's ourwebserver.py as written: the 404 branch sends `<path> not found` and no status line.

http.client cannot parse that answer (WEB-1) and it is no 404 (WEB-3). HTTPServer serves
one client at a time, so a client that sends half a request blocks everyone (WEB-6).
"""

from http.server import BaseHTTPRequestHandler
from http.server import HTTPServer

dynhtml = """
<HTML>
<HEAD><TITLE>My Home Page</TITLE></HEAD>
<BODY> <CENTER>
<H1> hello client </H1>
</CENTER> </BODY>
</HTML>"""


class WebServer(BaseHTTPRequestHandler):
    """
    Illustration to set up a web server.
    """

    def do_GET(self):
        """
        Defines what server must do when
        it receives a GET request.
        """
        if self.path == '/':
            self.send_response(200)
            self.send_header('Content-type', 'text/html')
            self.end_headers()
            self.wfile.write(dynhtml.encode())
        else:
            message = self.path + ' not found'
            self.wfile.write(message.encode())


def main():
    """
    a simple web server
    """
    try:
        ws = HTTPServer(('', 8000), WebServer)
        print('welcome to our web server')
        print('press ctrl c to stop server')
        ws.serve_forever()
    except KeyboardInterrupt:
        print(' ctrl c pressed, shutting down')
        ws.socket.close()


if __name__ == "__main__":
    main()

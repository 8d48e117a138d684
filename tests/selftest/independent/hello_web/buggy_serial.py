"""The course's plain HTTPServer with a correct 404 by send_error: one client at a time (breaks WEB-6)."""
from http.server import BaseHTTPRequestHandler, HTTPServer


class WebServer(BaseHTTPRequestHandler):
    def do_GET(self):
        if self.path == "/":
            self.send_response(200)
            self.send_header("Content-type", "text/html")
            self.end_headers()
            self.wfile.write(b"<html><body><h1> hello client </h1></body></html>")
        else:
            self.send_error(404, self.path + " not found")


def main():
    try:
        ws = HTTPServer(("", 8000), WebServer)
        print("welcome to our web server")
        ws.serve_forever()
    except KeyboardInterrupt:
        print(" ctrl c pressed, shutting down")
        ws.socket.close()


if __name__ == "__main__":
    main()

"""ThreadingMixIn + HTTPServer, a hand-written 404 page with html.escape of the path."""
import html
from http.server import BaseHTTPRequestHandler, HTTPServer
from socketserver import ThreadingMixIn


class Server(ThreadingMixIn, HTTPServer):
    daemon_threads = True


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def reply(self, code, text):
        body = ("<html><body><p>" + text + "</p></body></html>").encode("utf-8")
        self.send_response(code)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        if self.path == "/":
            self.reply(200, "hello client")
        else:
            self.reply(404, html.escape(self.path) + " not found")


if __name__ == "__main__":
    server = Server(("localhost", 8000), Handler)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        server.server_close()

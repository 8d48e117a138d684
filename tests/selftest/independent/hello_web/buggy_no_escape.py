"""ThreadingHTTPServer with a proper 404 whose HTML body puts the path in unescaped (breaks WEB-4)."""
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class WebServer(BaseHTTPRequestHandler):
    def do_GET(self):
        if self.path == "/":
            code, text = 200, "<h1>hello client</h1>"
        else:
            code, text = 404, "<p>" + self.path + " not found</p>"
        self.send_response(code)
        self.send_header("Content-type", "text/html")
        self.end_headers()
        self.wfile.write(("<html><body>" + text + "</body></html>").encode())


if __name__ == "__main__":
    ws = ThreadingHTTPServer(("", 8000), WebServer)
    try:
        ws.serve_forever()
    except KeyboardInterrupt:
        ws.server_close()

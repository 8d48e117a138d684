"""Hello web server: a SimpleHTTPRequestHandler subclass on ThreadingHTTPServer (port 8000) whose do_GET writes the answer by hand with send_response, send_header and end_headers: 'hello client' for /, otherwise a 404 page with the target escaped by html.escape(quote=False). HEAD is refused with 501 rather than serving files."""
import html
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

class Handler(SimpleHTTPRequestHandler):
    def do_GET(self):
        if self.path == '/':
            code, text = 200, '<html><body><h1>hello client</h1></body></html>'
        else:
            code = 404
            text = '<html><body><p>%s not found</p></body></html>' % html.escape(self.path, quote=False)
        body = text.encode('utf-8')
        self.send_response(code)
        self.send_header('Content-Type', 'text/html; charset=utf-8')
        self.send_header('Content-Length', str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_HEAD(self):
        self.send_error(501)

if __name__ == '__main__':
    srv = ThreadingHTTPServer(('', 8000), Handler)
    try:
        srv.serve_forever()
    except KeyboardInterrupt:
        srv.server_close()

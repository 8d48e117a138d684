"""A Unix stream server written the usual way: it removes a stale socket file before
binding, looks at the path it bound, and removes it again at exit."""
import os
import socket
import stat

PATH = "./removes.sock"
if os.path.exists(PATH):
    os.remove(PATH)
s = socket.socket(socket.AF_UNIX)
s.bind(PATH)
os.chmod(PATH, 0o600)
s.listen()
seen = b"exists=%d sock=%d" % (os.path.exists(PATH), stat.S_ISSOCK(os.stat(PATH).st_mode))
try:
    while True:
        c, _ = s.accept()
        c.sendall(seen)
        c.close()
except KeyboardInterrupt:
    pass
finally:
    s.close()
    os.unlink(PATH)
    print("removed", PATH, "exists:", os.path.exists(PATH))

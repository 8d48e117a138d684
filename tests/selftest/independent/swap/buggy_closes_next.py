"""Raw threads and one waiting slot whose thread checks its client every 0.2 s; if the client left unnoticed, the next client handed to it is closed too (breaks SWAP-6)."""
import select
import socket
import threading

PORT = 12092
lock = threading.Lock()
slot = None  # the one client waiting for a partner


def left(sock):
    try:
        r, _, _ = select.select([sock], [], [], 0)
        return bool(r) and sock.recv(1, socket.MSG_PEEK) == b""
    except OSError:
        return True


def read25(conn):
    data = b""
    while len(data) < 25:
        part = conn.recv(25 - len(data))
        if not part:
            return None
        data += part
    return data


def client(conn):
    global slot
    try:
        msg = read25(conn)
    except OSError:
        msg = None
    if msg is None:
        conn.close()
        return
    with lock:
        if slot is None:
            me = {"conn": conn, "msg": msg, "partner": None, "ev": threading.Event()}
            slot = me
        else:
            waiter, slot = slot, None
            waiter["partner"] = (conn, msg)
            waiter["ev"].set()
            return  # the waiter's thread answers both
    while not me["ev"].wait(0.2):
        if left(conn):
            with lock:
                if slot is me:
                    slot = None
                    conn.close()
                    return
    pconn, pmsg = me["partner"]
    if left(conn):
        # my client is gone, so this pair is broken: close both
        conn.close()
        pconn.close()
        return
    for sock, data in ((conn, pmsg), (pconn, msg)):
        try:
            sock.sendall(data)
        except OSError:
            pass
        sock.close()


def main():
    srv = socket.socket()
    srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    srv.bind(("", PORT))
    srv.listen(5)
    try:
        while True:
            c, _ = srv.accept()
            threading.Thread(target=client, args=(c,), daemon=True).start()
    except KeyboardInterrupt:
        srv.close()


main()

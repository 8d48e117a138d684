"""Raw daemon threads; a threading.Condition guards a waiting list, the newcomer takes the oldest waiter still connected and the waiter is woken with its partner's message."""
import select
import socket
import threading

PORT = 12092
cond = threading.Condition()
waiting = []  # clients that sent their message and wait for a partner, oldest first


def connected(sock):
    """True while the client has not closed: nothing to read, or data rather than EOF."""
    try:
        ready, _, _ = select.select([sock], [], [], 0)
        return not ready or sock.recv(1, socket.MSG_PEEK) != b""
    except OSError:
        return False


def read_message(conn):
    data = b""
    while len(data) < 25:
        chunk = conn.recv(25 - len(data))
        if not chunk:
            return None
        data += chunk
    return data


def handle(conn):
    try:
        message = read_message(conn)
        if message is None:
            return
        me = {"conn": conn, "message": message, "reply": None}
        with cond:
            partner = None
            while waiting:
                candidate = waiting.pop(0)
                if connected(candidate["conn"]):
                    partner = candidate
                    break
            if partner is not None:
                partner["reply"] = message
                me["reply"] = partner["message"]
                cond.notify_all()
            else:
                waiting.append(me)
                while me["reply"] is None:
                    cond.wait(0.5)
                    if me["reply"] is None and not connected(conn):
                        if me in waiting:
                            waiting.remove(me)
                        return
        conn.sendall(me["reply"])
    except OSError as err:
        print("client error:", err)
    finally:
        conn.close()


def main():
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    server.bind(("", PORT))
    server.listen(10)
    print("swap server listening on", PORT)
    try:
        while True:
            conn, _ = server.accept()
            threading.Thread(target=handle, args=(conn,), daemon=True).start()
    except KeyboardInterrupt:
        print("ctrl c pressed, closing server")
    finally:
        server.close()


if __name__ == "__main__":
    main()

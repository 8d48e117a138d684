"""A multiprocessing.Process per client, reaped with active_children() between accept timeouts."""
import multiprocessing
import socket
import time

PORT = 12091


def session(conn):
    buffer = b""
    with conn:
        while True:
            try:
                chunk = conn.recv(1024)
            except OSError:
                return
            if not chunk:
                return
            buffer += chunk
            while len(buffer) >= 25:
                buffer = buffer[25:]
                conn.sendall(time.ctime().encode())


def main():
    ctx = multiprocessing.get_context("fork")
    listener = socket.create_server(("", PORT), reuse_port=False)
    listener.settimeout(0.5)
    try:
        while True:
            multiprocessing.active_children()  # joins the children that have finished
            try:
                conn, _ = listener.accept()
            except socket.timeout:
                continue
            conn.settimeout(None)
            worker = ctx.Process(target=session, args=(conn,), daemon=True)
            worker.start()
            conn.close()
    except KeyboardInterrupt:
        print("stopping: killing", len(multiprocessing.active_children()), "children")
        for worker in multiprocessing.active_children():
            worker.kill()
            worker.join(1)
    finally:
        listener.close()


if __name__ == "__main__":
    main()

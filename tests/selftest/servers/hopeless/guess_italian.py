"""A guess server that answers in Italian (`sbagliato`, `giusto`, `segreto trovato`): it keeps
the protocol's found state, but no reply is one the standard can read."""

import os
import random
import socketserver
import threading

SECRET = int(os.environ["SECRET"]) if "SECRET" in os.environ else random.randint(0, 99)
trovato = False
lock = threading.Lock()


class Gestore(socketserver.BaseRequestHandler):
    def handle(self):
        global trovato
        dati = b""
        while len(dati) < 25:
            pezzo = self.request.recv(25 - len(dati))
            if not pezzo:
                return
            dati += pezzo
        try:
            numero = int(dati.strip())
        except ValueError:
            numero = None
        with lock:
            if trovato:
                risposta = "segreto trovato"
            elif numero == SECRET:
                trovato = True
                risposta = "giusto"
            else:
                risposta = "sbagliato"
        self.request.sendall(risposta.encode())


class Server(socketserver.ThreadingMixIn, socketserver.TCPServer):
    allow_reuse_address = True
    daemon_threads = True


if __name__ == "__main__":
    with Server(("", 12093), Gestore) as server:
        print("in ascolto sulla porta 12093")
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            print("chiuso")

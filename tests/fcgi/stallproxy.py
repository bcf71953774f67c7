#!/usr/bin/env python3
# stallproxy.py: a unix-socket proxy to MariaDB that can stop passing an
# answer in its middle, as a server that hangs while it sends rows
#
#   stallproxy.py LISTEN UPSTREAM CONTROL
#
# Passes bytes both ways between each client of the socket LISTEN and a
# connection of its own to the socket UPSTREAM.  While the file CONTROL
# holds a number N > 0, the server's bytes of each answer beyond its
# first N (counted from the client's last request) are held back, not
# lost: they pass on once CONTROL is gone or holds 0.  Writes "ready" on
# stdout once it listens.
import os
import socket
import sys
import threading
import time


def limit(control):
    try:
        with open(control) as f:
            return int(f.read().strip() or 0)
    except (OSError, ValueError):
        return 0


def close(*socks):
    for s in socks:
        try:
            s.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        s.close()


def to_server(client, server, sent):
    """The client's requests; each starts a new count of the answer."""
    try:
        while True:
            data = client.recv(65536)
            if not data:
                break
            sent[0] = 0
            server.sendall(data)
    except OSError:
        pass
    close(client, server)


def to_client(server, client, sent, control):
    """The server's answers, held back past the limit while it is set."""
    try:
        while True:
            data = server.recv(16384)
            if not data:
                break
            while data:
                n = limit(control)
                if n <= 0:
                    room = len(data)
                else:
                    room = max(0, n - sent[0])
                if room == 0:
                    time.sleep(0.05)
                    continue
                client.sendall(data[:room])
                sent[0] += min(room, len(data))
                data = data[room:]
    except OSError:
        pass
    close(client, server)


def main():
    listen, upstream, control = sys.argv[1:4]
    lsock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    if os.path.exists(listen):
        os.unlink(listen)
    lsock.bind(listen)
    lsock.listen(256)
    print("ready", flush=True)
    while True:
        client, _ = lsock.accept()
        server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            server.connect(upstream)
        except OSError:
            close(client)
            continue
        sent = [0]
        threading.Thread(target=to_server, args=(client, server, sent),
                         daemon=True).start()
        threading.Thread(target=to_client,
                         args=(server, client, sent, control),
                         daemon=True).start()


if __name__ == "__main__":
    main()

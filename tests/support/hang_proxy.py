#!/usr/bin/env python3
"""A TCP proxy that stops forwarding once the client sends a marker: a shard that hangs mid-search.

Usage: hang_proxy.py LISTEN_PORT TARGET_PORT MARKER
Listens on 127.0.0.1:LISTEN_PORT and forwards each connection to 127.0.0.1:TARGET_PORT, both
ways, until a message from the client contains MARKER (a query word): from then on that
connection forwards nothing in either direction and stays open, as a server that hangs would.
"""
import socket
import sys
import threading


def pump(src, dst, marker, hung):
    try:
        while True:
            data = src.recv(65536)
            if not data:
                break
            if marker and marker in data:
                hung.set()
            if hung.is_set():
                continue  # swallowed: the "server" never answers
            dst.sendall(data)
    except OSError:
        pass


def serve(client, target_port, marker):
    server = socket.create_connection(("127.0.0.1", target_port))
    hung = threading.Event()
    threading.Thread(target=pump, args=(client, server, marker, hung), daemon=True).start()
    threading.Thread(target=pump, args=(server, client, b"", hung), daemon=True).start()


def main():
    listen_port, target_port, marker = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3].encode()
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", listen_port))
    listener.listen(16)
    while True:
        client, _ = listener.accept()
        serve(client, target_port, marker)


if __name__ == "__main__":
    main()

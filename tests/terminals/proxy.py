"""A loopback TCP proxy that cuts connections after a random number of bytes: a village link in a test."""

from __future__ import annotations

import random
import select
import socket
import threading

from testkit.services import free_port


class DroppingProxy:
    def __init__(
        self, upstream_port: int, *, seed: int = 7, min_bytes: int = 2_000, max_bytes: int = 40_000
    ) -> None:
        self.upstream_port = upstream_port
        self.port = free_port()
        self.rng = random.Random(seed)
        self.min_bytes, self.max_bytes = min_bytes, max_bytes
        self.dropped = 0
        self.connections = 0
        self._stop = threading.Event()
        self._listener = socket.create_server(("127.0.0.1", self.port))
        self._listener.settimeout(0.2)
        self._thread = threading.Thread(target=self._accept, daemon=True)

    def __enter__(self) -> DroppingProxy:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join(timeout=5)
        self._listener.close()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def _accept(self) -> None:
        while not self._stop.is_set():
            try:
                client, _ = self._listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            self.connections += 1
            # Every other connection is cut somewhere in the middle, in either direction.
            budget = self.rng.randint(self.min_bytes, self.max_bytes) if self.rng.random() < 0.5 else None
            threading.Thread(target=self._pump, args=(client, budget), daemon=True).start()

    def _pump(self, client: socket.socket, budget: int | None) -> None:
        try:
            upstream = socket.create_connection(("127.0.0.1", self.upstream_port), timeout=5)
        except OSError:
            client.close()
            return
        sent = 0
        sockets = [client, upstream]
        try:
            while not self._stop.is_set():
                readable, _, _ = select.select(sockets, [], [], 0.2)
                for s in readable:
                    data = s.recv(65536)
                    if not data:
                        return
                    if budget is not None and sent + len(data) > budget:
                        self.dropped += 1
                        # An abrupt reset, as a dying mobile link gives.
                        client.setsockopt(
                            socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00"
                        )
                        return
                    (upstream if s is client else client).sendall(data)
                    sent += len(data)
        except OSError:
            return
        finally:
            client.close()
            upstream.close()

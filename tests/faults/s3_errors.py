"""An HTTP proxy in front of the S3 server that can answer requests itself with S3's own 5xx errors."""

from __future__ import annotations

import http.client
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from testkit.services import free_port

_ERROR = """<?xml version="1.0" encoding="UTF-8"?>
<Error><Code>{code}</Code><Message>injected by the test</Message><RequestId>fault</RequestId></Error>"""


class S3ErrorProxy:
    """Forwards to the S3 server; while `failing` is set, answers every request (whose body it reads first, as a
    server does) with `status` and an S3 error document, `remaining` times or until `heal()`."""

    def __init__(self, host: str, port: int) -> None:
        self.target = (host, port)
        self.port = free_port()
        self.status, self.code = 503, "SlowDown"
        self.remaining: int | None = 0  # None: every request fails
        self.answered: list[tuple[str, int]] = []  # (method, status) of every request seen
        self._lock = threading.Lock()
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: Any) -> None:  # quiet: the test reads `answered`
                pass

            def _relay(self) -> None:
                body = self.rfile.read(int(self.headers.get("content-length") or 0))
                if proxy._take_fault():
                    payload = _ERROR.format(code=proxy.code).encode()
                    self.send_response(proxy.status)
                    self.send_header("content-type", "application/xml")
                    self.send_header("content-length", str(len(payload)))
                    self.end_headers()
                    self.wfile.write(payload)
                    proxy.answered.append((self.command, proxy.status))
                    return
                upstream = http.client.HTTPConnection(*proxy.target, timeout=30)
                try:
                    headers = {k: v for k, v in self.headers.items() if k.lower() != "connection"}
                    upstream.request(self.command, self.path, body=body or None, headers=headers)
                    answer = upstream.getresponse()
                    data = answer.read()
                finally:
                    upstream.close()
                self.send_response(answer.status)
                for name, value in answer.getheaders():
                    if name.lower() not in ("transfer-encoding", "connection", "content-length"):
                        self.send_header(name, value)
                self.send_header("content-length", str(len(data)))
                self.end_headers()
                if self.command != "HEAD":
                    self.wfile.write(data)
                proxy.answered.append((self.command, answer.status))

            do_GET = do_PUT = do_POST = do_HEAD = do_DELETE = _relay

        self._server = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def _take_fault(self) -> bool:
        with self._lock:
            if self.remaining is None:
                return True
            if self.remaining > 0:
                self.remaining -= 1
                return True
            return False

    def fail(self, status: int = 503, code: str = "SlowDown", times: int | None = None) -> None:
        """Answer the next `times` requests (every request if None) with `status` / `code`."""
        with self._lock:
            self.status, self.code, self.remaining = status, code, times

    def heal(self) -> None:
        with self._lock:
            self.remaining = 0

    def __enter__(self) -> S3ErrorProxy:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()

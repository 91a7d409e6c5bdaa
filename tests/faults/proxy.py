"""A TCP proxy on loopback that a test can cut, hold down and bring back: a PostgreSQL restart as clients see it."""

from __future__ import annotations

import asyncio
import contextlib
from typing import Any

from testkit.services import free_port


class FaultProxy:
    """Forwards 127.0.0.1:`port` to `target`. `restart()` drops every connection and refuses new ones for a while
    (a server restart); `lose_next_commit_reply()` lets the next COMMIT reach the server but never its answer
    (the server committed; the client cannot know)."""

    def __init__(self, target_host: str, target_port: int) -> None:
        self.target = (target_host, target_port)
        self.port = free_port()
        self.up = True
        self.cuts = 0
        self.commits_lost = 0
        self._server: asyncio.Server | None = None
        self._links: set[tuple[asyncio.StreamWriter, asyncio.StreamWriter]] = set()
        self._lose_commit = False
        self._tasks: set[asyncio.Task[None]] = set()

    async def start(self) -> None:
        self._server = await asyncio.start_server(self._accept, "127.0.0.1", self.port)

    async def close(self) -> None:
        if self._server is not None:
            self._server.close()
        self.drop_all()
        for task in list(self._tasks):
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)

    def drop_all(self) -> None:
        for client, server in list(self._links):
            for writer in (client, server):
                with contextlib.suppress(Exception):
                    writer.transport.abort()
        self._links.clear()

    def restart(self, down_for: float = 0.5) -> None:
        """Every connection dies now; for `down_for` seconds new ones are refused; then the server is back."""
        self.cuts += 1
        self.up = False
        self.drop_all()
        asyncio.get_running_loop().call_later(down_for, self._come_back)

    def _come_back(self) -> None:
        self.up = True

    def lose_next_commit_reply(self) -> None:
        self._lose_commit = True

    async def _accept(self, client_reader: asyncio.StreamReader, client_writer: asyncio.StreamWriter) -> None:
        if not self.up:
            client_writer.transport.abort()
            return
        try:
            server_reader, server_writer = await asyncio.open_connection(*self.target)
        except OSError:
            client_writer.transport.abort()
            return
        link = (client_writer, server_writer)
        self._links.add(link)
        muted = asyncio.Event()

        async def upstream() -> None:
            with contextlib.suppress(OSError, RuntimeError):
                await _upstream()

        async def downstream() -> None:
            with contextlib.suppress(OSError, RuntimeError):
                await _downstream()

        async def _upstream() -> None:
            while data := await client_reader.read(65536):
                if self._lose_commit and b"COMMIT" in data:
                    self._lose_commit = False
                    self.commits_lost += 1
                    muted.set()  # nothing more reaches the client, the COMMIT's reply included
                    server_writer.write(data)
                    await server_writer.drain()
                    await asyncio.sleep(0.3)  # the server has committed by now
                    self._cut(link)
                    return
                server_writer.write(data)
                await server_writer.drain()

        async def _downstream() -> None:
            while data := await server_reader.read(65536):
                if muted.is_set():
                    continue
                client_writer.write(data)
                await client_writer.drain()

        tasks = [asyncio.ensure_future(upstream()), asyncio.ensure_future(downstream())]
        for task in tasks:
            self._tasks.add(task)  # type: ignore[arg-type]
        try:
            await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
        except Exception:  # noqa: BLE001, S110 - a cut link ends here
            pass
        finally:
            for task in tasks:
                task.cancel()
                self._tasks.discard(task)  # type: ignore[arg-type]
            self._cut(link)

    def _cut(self, link: tuple[asyncio.StreamWriter, asyncio.StreamWriter]) -> None:
        self._links.discard(link)
        for writer in link:
            with contextlib.suppress(Exception):
                writer.transport.abort()


class ThreadedProxy:
    """A FaultProxy on an event loop of its own, for clients that block (minio in worker threads)."""

    def __init__(self, target_host: str, target_port: int) -> None:
        import threading

        self.proxy = FaultProxy(target_host, target_port)
        self.port = self.proxy.port
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, name="fault-proxy", daemon=True)

    def __enter__(self) -> ThreadedProxy:
        self._thread.start()
        asyncio.run_coroutine_threadsafe(self.proxy.start(), self._loop).result(10)
        return self

    def __exit__(self, *exc: object) -> None:
        asyncio.run_coroutine_threadsafe(self.proxy.close(), self._loop).result(10)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(10)

    def _call(self, fn: Any, *args: Any) -> None:
        """Run `fn` on the proxy's loop and wait for it, so the fault has happened when this returns."""

        async def run() -> None:
            fn(*args)

        asyncio.run_coroutine_threadsafe(run(), self._loop).result(10)

    def down(self) -> None:
        """Gone until `back()`: every connection cut, new ones refused."""

        def cut() -> None:
            self.proxy.up = False
            self.proxy.drop_all()

        self._call(cut)

    def back(self) -> None:
        self._call(setattr, self.proxy, "up", True)

    def restart(self, down_for: float = 0.5) -> None:
        self._call(self.proxy.restart, down_for)

    def lose_next_commit_reply(self) -> None:
        self._call(self.proxy.lose_next_commit_reply)

    @property
    def up(self) -> bool:
        return self.proxy.up

    @property
    def cuts(self) -> int:
        return self.proxy.cuts

    @property
    def commits_lost(self) -> int:
        return self.proxy.commits_lost

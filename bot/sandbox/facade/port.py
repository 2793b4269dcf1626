"""A listening port that can be closed and opened again, for outages.

aiohttp's sites stop listening but leave open connections be; an outage must refuse new
connections *and* cut the ones open (a keep-alive connection or a waiting long poll would
otherwise carry on as if nothing happened). :class:`Port` listens for one runner on one
host and port, and opens again on the same address: the runner, and so the application
and everything it serves, stays as it was.
"""

from __future__ import annotations

import asyncio

from aiohttp import web


class Port:
    """One runner's listening socket: open, close (cutting connections), open again."""

    def __init__(self, runner: web.BaseRunner) -> None:
        self._runner = runner
        self._server: asyncio.Server | None = None
        self.host = ""
        self.port = 0

    @property
    def is_open(self) -> bool:
        return self._server is not None

    @property
    def url(self) -> str:
        shown = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{shown}:{self.port}"

    async def open(self, host: str | None = None, port: int | None = None) -> None:
        """Listen on ``host:port`` (0: any free port), or again where it listened before."""
        if self._server is not None:
            return
        factory = self._runner.server
        if factory is None:
            raise RuntimeError("set the runner up before opening its port")
        loop = asyncio.get_running_loop()
        self._server = await loop.create_server(
            factory,
            host if host is not None else self.host,
            port if port is not None else self.port,
            reuse_address=True,
        )
        bound = self._server.sockets[0].getsockname()
        self.host, self.port = str(bound[0]), int(bound[1])

    def close(self) -> None:
        """Refuse new connections at once and cut every open one."""
        self._stop_listening()
        factory = self._runner.server
        if factory is not None:
            for connection in factory.connections:
                connection.force_close()

    async def shutdown(self) -> None:
        """Stop listening for good; calls being handled may finish (briefly)."""
        self._stop_listening()
        await self._runner.cleanup()

    def _stop_listening(self) -> None:
        server, self._server = self._server, None
        if server is not None:
            server.close()

"""Several ``surveybot serve`` processes on one port, against one sandbox, for tests and
the fleet benchmark: start, kill -9, start again, and wait until they answer."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import aiohttp

from bot.settings import environment_without_settings

ROOT = Path(__file__).resolve().parents[3]


@dataclass
class Fleet:
    """``count`` workers sharing ``port`` (SO_REUSEPORT); logs in ``folder``."""

    env: dict[str, str]
    port: int
    folder: Path
    workers: list[subprocess.Popen[bytes] | None] = field(default_factory=list)
    starts: int = 0

    @classmethod
    def environment(cls, **settings: str) -> dict[str, str]:
        env = environment_without_settings()
        env.update({f"SURVEYBOT_{k.upper()}": v for k, v in settings.items()})
        return env

    def start(self, index: int | None = None, *, tick: float = 0.5) -> int:
        """Start a worker (in slot ``index``, or a new one); returns its slot."""
        self.starts += 1
        log = (self.folder / f"worker-{self.starts}.log").open("wb")
        child = subprocess.Popen(
            [sys.executable, "-m", "bot", "serve", "--port", str(self.port), "--tick", str(tick)],
            cwd=ROOT,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        log.close()
        if index is None:
            self.workers.append(child)
            return len(self.workers) - 1
        self.workers[index] = child
        return index

    def kill(self, index: int) -> None:
        """``kill -9``: no goodbye, no cleanup."""
        child = self.workers[index]
        assert child is not None
        os.kill(child.pid, signal.SIGKILL)
        child.wait()
        self.workers[index] = None

    def stop(self) -> None:
        for child in self.workers:
            if child is not None and child.poll() is None:
                child.send_signal(signal.SIGTERM)
        for child in self.workers:
            if child is not None:
                try:
                    child.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    child.kill()
                    child.wait()

    def logs(self) -> str:
        return "\n".join(p.read_text(errors="replace")[-3000:] for p in self.folder.glob("*.log"))

    async def healthy(self, timeout: float = 120.0) -> None:  # noqa: ASYNC109
        """Wait until every worker answers /healthz (each has its socket on the port)."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        for child in self.workers:
            if child is None:
                continue  # killed, not started again
            while not await self._listening(child.pid):
                if child.poll() is not None:
                    raise AssertionError(f"a worker exited {child.returncode}:\n{self.logs()}")
                if loop.time() > deadline:
                    raise AssertionError(f"workers did not start:\n{self.logs()}")
                await asyncio.sleep(0.2)
        async with (
            aiohttp.ClientSession() as http,
            http.get(f"http://127.0.0.1:{self.port}/healthz") as response,
        ):
            assert response.status == 200, await response.text()

    @staticmethod
    async def _listening(pid: int) -> bool:
        """Whether process ``pid`` has a listening TCP socket (read from /proc)."""
        try:
            inodes = {os.readlink(f"/proc/{pid}/fd/{fd}") for fd in os.listdir(f"/proc/{pid}/fd")}
        except OSError:
            return False
        sockets = {i[len("socket:[") : -1] for i in inodes if i.startswith("socket:[")}
        for table in ("/proc/net/tcp", "/proc/net/tcp6"):
            for line in Path(table).read_text().splitlines()[1:]:  # noqa: ASYNC240 (/proc)
                parts = line.split()
                if parts[3] == "0A" and parts[9] in sockets:  # LISTEN
                    return True
        return False

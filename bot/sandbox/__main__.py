"""Run the sandbox on its own: ``python -m bot.sandbox --port 8081 [--host H] [--rate-limit]``.

Prints the base URL on the first line (then the bot token and where the control API is:
on its own port, which stays up through an outage, and beside the Bot API), and serves
until interrupted.
"""

from __future__ import annotations

import argparse
import asyncio
import signal
import sys

from .facade import Sandbox
from .gateway import RateLimits


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bot.sandbox", description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8081, help="0 picks a free port")
    parser.add_argument(
        "--control-port", type=int, default=0, help="the control API's own port (0: a free one)"
    )
    parser.add_argument("--token", help="the default bot's token (random if not given)")
    parser.add_argument("--bot-username", default="surveybot_demo_bot")
    parser.add_argument("--bot-name", default="Survey Bot")
    parser.add_argument(
        "--rate-limit", action="store_true", help="enforce Telegram's flood limits (429)"
    )
    parser.add_argument("--per-second", type=float, default=30.0, help="messages/s overall")
    parser.add_argument("--per-chat", type=float, default=1.0, help="messages/s in one chat")
    parser.add_argument("--burst", type=int, default=3, help="messages one chat may burst")
    return parser.parse_args(argv)


async def serve(args: argparse.Namespace) -> None:
    limits = RateLimits(
        enabled=args.rate_limit,
        per_second=args.per_second,
        burst=max(1, int(args.per_second)),
        per_chat_per_second=args.per_chat,
        chat_burst=args.burst,
    )
    sandbox = Sandbox(
        token=args.token,
        bot_username=args.bot_username,
        bot_name=args.bot_name,
        rate_limits=limits,
    )
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop.set)
    base_url = await sandbox.start(args.host, args.port, args.control_port)
    print(base_url, flush=True)
    print(f"token {sandbox.token} (@{args.bot_username})", flush=True)
    print(f"control API {sandbox.control_url} (also {base_url}/_sandbox)", flush=True)
    try:
        await stop.wait()
    finally:
        await sandbox.stop()


def main(argv: list[str] | None = None) -> int:
    asyncio.run(serve(parse_args(argv)))
    return 0


if __name__ == "__main__":
    sys.exit(main())

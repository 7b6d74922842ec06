"""An SMTP server that accepts every message and appends one line per message to a log:
its recipients. `python -m bench.smtp_sink PORT LOG` (aiosmtpd, the `bench` extra)."""

import asyncio
import sys

from aiosmtpd.controller import Controller


class Sink:
    def __init__(self, path: str):
        self.log = open(path, "a", buffering=1)  # noqa: SIM115 (open for the server's life)

    async def handle_DATA(self, server, session, envelope):
        self.log.write(" ".join(envelope.rcpt_tos) + "\n")
        return "250 OK"


def main() -> None:
    port, path = int(sys.argv[1]), sys.argv[2]
    controller = Controller(Sink(path), hostname="127.0.0.1", port=port)
    controller.start()
    try:
        asyncio.run(asyncio.Event().wait())
    finally:
        controller.stop()


if __name__ == "__main__":
    main()

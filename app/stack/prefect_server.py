"""The local stack's Prefect server: Prefect's own app, with its SQLite write transactions begun IMMEDIATE.

Prefect begins most SQLite write transactions DEFERRED. With several writers at once (the API, the task-run
recorder, the event persister) one of them then fails at once with "database is locked" instead of waiting,
the API answers 503, and the client backs off two seconds — a stall in one step out of three. Taking the write
lock up front makes a writer wait its turn (SQLite's busy timeout) instead. PostgreSQL is not affected.
"""

from __future__ import annotations

import argparse
import socket
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any


def begin_writes_immediately() -> None:
    """Make every transaction Prefect's server begins on SQLite take the write lock first."""
    from prefect.server.database.configurations import AioSqliteConfiguration

    deferred = AioSqliteConfiguration.begin_transaction

    @asynccontextmanager
    async def begin_transaction(self: Any, session: Any, with_for_update: bool = False) -> AsyncIterator[Any]:
        async with deferred(self, session, with_for_update=True) as transaction:
            yield transaction

    AioSqliteConfiguration.begin_transaction = begin_transaction  # type: ignore[method-assign]


def main() -> None:
    """Serve Prefect's API (and its services) in this process, on the listening socket inherited as --fd."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--fd", type=int, required=True, help="a listening socket the supervisor holds for us")
    options = parser.parse_args()
    begin_writes_immediately()
    import uvicorn
    from prefect.server.api.server import create_app

    listener = socket.socket(fileno=options.fd)
    uvicorn.Server(uvicorn.Config(create_app(final=True), log_level="warning")).run(sockets=[listener])


if __name__ == "__main__":
    main()

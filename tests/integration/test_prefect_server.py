"""The local stack's Prefect server begins its SQLite write transactions IMMEDIATE, so writers queue, not fail."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from prefect.server.database.configurations import SQLITE_BEGIN_MODE, AioSqliteConfiguration
from sqlalchemy.ext.asyncio import AsyncSession, create_async_engine

from app.stack.prefect_server import begin_writes_immediately


async def _modes(path: Path) -> list[str | None]:
    configuration = AioSqliteConfiguration(connection_url=f"sqlite+aiosqlite:///{path}")
    engine = create_async_engine(f"sqlite+aiosqlite:///{path}")
    seen: list[str | None] = []
    async with AsyncSession(engine) as session:
        for with_for_update in (False, True):
            async with configuration.begin_transaction(session, with_for_update=with_for_update):
                seen.append(SQLITE_BEGIN_MODE.get())
    await engine.dispose()
    return seen


def test_prefects_own_default_begins_plain_writes_deferred(tmp_path: Path) -> None:
    assert asyncio.run(_modes(tmp_path / "p.db")) == ["DEFERRED", "IMMEDIATE"]


def test_the_stacks_server_begins_every_transaction_immediate(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(AioSqliteConfiguration, "begin_transaction", AioSqliteConfiguration.begin_transaction)
    begin_writes_immediately()
    assert asyncio.run(_modes(tmp_path / "p.db")) == ["IMMEDIATE", "IMMEDIATE"]

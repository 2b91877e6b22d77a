"""Prefect tasks that take a submitted file in: read its text within bounds, and the confidentiality pre-check."""

from __future__ import annotations

import hashlib
from datetime import date
from functools import partial

from anyio import to_thread
from loguru import logger

from intake.sandbox import read_bounded
from policies.findings import Finding, find_sensitive
from storage.documents import Intake
from storage.uow import UnitOfWork
from tasks.context import settings, unit_of_work
from tasks.steps import step


@step
async def intake_file(filename: str, content: bytes) -> Intake:
    """Read a submitted file's text (unreadable, empty, broken or too costly files are refused); its bytes are
    kept by the step that accepts it.

    The reading runs in a child process within intake.limits (intake.sandbox); this waits in a worker thread, so
    the web app keeps answering.
    """
    extracted = await to_thread.run_sync(
        partial(read_bounded, content, filename, max_bytes=settings().max_upload_bytes)
    )
    logger.info("took in {} ({} bytes, {} characters)", filename, len(content), len(extracted.text))
    sha256 = hashlib.sha256(content).hexdigest()
    return Intake(sha256, len(content), filename, extracted.media_type, extracted.text, content)


@step
def precheck(text: str, today: date | None = None) -> list[Finding]:
    """The automatic confidentiality pre-check (保密审查预检): personal data, secrecy marks, internal marks.

    `today` is the step's day (an ID number's holder is born by this year); None is the clock's today. Addresses on
    the organisation's official mail domains are not personal data.
    """
    with unit_of_work(today, readonly=True) as uow:
        findings = find_sensitive(text, today=uow.clock.today(), official_domains=official_domains(uow))
    logger.info("pre-check: {} finding(s)", len(findings))
    return findings


def official_domains(uow: UnitOfWork) -> tuple[str, ...]:
    """The organisation's official e-mail domains: addresses on them are not personal data."""
    organisation = uow.organisations.default()
    return tuple(organisation.official_domains) if organisation else ()

"""Request bodies of the disclosure requests' API (依申请公开). Names, the application's text, reasons and the
withheld part lose control characters and escape sequences here, at the API's edge, as the documents' do; a value
left empty by that is refused by the rules as an empty one is (400)."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from pydantic import BaseModel, Field

from app.web.schemas.documents import OneLine, Prose
from policies.ids import MAX_ID
from policies.request_clock import CORRECTION_WAIT_WORKING_DAYS
from policies.request_codes import Channel


class NewRequest(BaseModel):
    """An application to register: who, how, when, what."""

    applicant: OneLine
    applicant_type: str
    received: date
    subject: Prose
    documents: list[Annotated[int, Field(ge=1, le=MAX_ID)]] = Field(default_factory=list)
    channel: str = Channel.IN_PERSON.value
    contact: OneLine | None = None


class ConsultationIn(BaseModel):
    """Whom to consult."""

    party: OneLine


class Extension(BaseModel):
    """Why the reply needs more time."""

    reason: Prose


class ReplyBody(BaseModel):
    """The reply: a result code, its grounds and, for partial disclosure, what was withheld."""

    result: str
    grounds: list[str] = Field(default_factory=list)
    withheld_part: Prose | None = None
    reason: Prose | None = None


class Closing(BaseModel):
    """How long the applicant had to correct, in working days after the notice."""

    wait_working_days: int = CORRECTION_WAIT_WORKING_DAYS

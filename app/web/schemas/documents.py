"""Request bodies of the issuance lifecycle's API. Files travel as base64 in JSON."""

from __future__ import annotations

import base64
import binascii
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, Field

from flows.lifecycle import Upload
from policies.characters import one_line, strip_controls
from policies.errors import BadInput
from policies.ids import MAX_ID

OneLine = Annotated[str, AfterValidator(one_line)]
"""A value shown on one line (a title, a file name): control characters and escape sequences stripped."""
Prose = Annotated[str, AfterValidator(strip_controls)]
"""A reason or comment: control characters and escape sequences stripped, line breaks kept."""


class FileIn(BaseModel):
    """A file as the CLI sends it: its name and its bytes in base64."""

    filename: OneLine = Field(min_length=1, max_length=255)
    content: str

    def upload(self) -> Upload:
        """The file's bytes, or BadInput when the base64 is broken."""
        try:
            data = base64.b64decode(self.content, validate=True)
        except (binascii.Error, ValueError):
            raise BadInput(f"文件 {self.filename} 的内容不是有效的 base64 编码") from None
        return Upload(filename=self.filename.replace("\\", "/").rsplit("/", 1)[-1], content=data)


class SubmitIn(FileIn):
    """A drafter's submission; the options override what is read from the text."""

    title: OneLine | None = Field(default=None, max_length=500)
    kind: str = "other"
    domain: str | None = None
    attribute: str | None = None
    grounds: list[str] = Field(default_factory=list)
    reason: Prose | None = None
    interpretation_plan: FileIn | None = None


class AttributeIn(BaseModel):
    """A disclosure attribute with its grounds and, when a reviewer or signer changes it, the reason."""

    attribute: str
    grounds: list[str] = Field(default_factory=list)
    reason: Prose | None = None


class MetadataIn(BaseModel):
    """The drafter's corrections of the metadata read from the file; a field left out stays as it is, an empty
    doc_number or issuer clears it, no field at all confirms the metadata as read. kind and domain take a code or its
    Chinese name."""

    title: str | None = None
    doc_number: str | None = None
    issuer: str | None = None
    kind: str | None = None
    domain: str | None = None


class ReviewIn(BaseModel):
    """The disclosure office's decision; `justify` keeps personal-data findings (by number) with a reason."""

    decision: Literal["approve", "return"]
    comment: Prose | None = None
    justify: dict[Annotated[int, Field(ge=1, le=MAX_ID)], Prose] = Field(default_factory=dict)


class PublishIn(BaseModel):
    """Publication; `justify` explains, by finding number, a date line in the text unlike the 成文日期."""

    justify: dict[Annotated[int, Field(ge=1, le=MAX_ID)], Prose] = Field(default_factory=dict)


class InterpretIn(FileIn):
    """Interpretation material and its form."""

    form: str = "text"


class WithdrawIn(BaseModel):
    """Why a published document is withdrawn."""

    reason: Prose = ""

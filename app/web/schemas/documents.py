"""Request bodies of the issuance lifecycle's API. Files travel as base64 in JSON."""

from __future__ import annotations

import base64
import binascii
from typing import Annotated, Literal

from pydantic import BaseModel, Field

from flows.lifecycle import Upload
from policies.errors import BadInput
from policies.ids import MAX_ID


class FileIn(BaseModel):
    """A file as the CLI sends it: its name and its bytes in base64."""

    filename: str = Field(min_length=1, max_length=255)
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

    title: str | None = Field(default=None, max_length=500)
    kind: str = "other"
    domain: str | None = None
    attribute: str | None = None
    grounds: list[str] = Field(default_factory=list)
    reason: str | None = None
    interpretation_plan: FileIn | None = None


class AttributeIn(BaseModel):
    """A disclosure attribute with its grounds and, when a reviewer or signer changes it, the reason."""

    attribute: str
    grounds: list[str] = Field(default_factory=list)
    reason: str | None = None


class ReviewIn(BaseModel):
    """The disclosure office's decision; `justify` keeps personal-data findings (by number) with a reason."""

    decision: Literal["approve", "return"]
    comment: str | None = None
    justify: dict[Annotated[int, Field(ge=1, le=MAX_ID)], str] = Field(default_factory=dict)


class InterpretIn(FileIn):
    """Interpretation material and its form."""

    form: str = "text"


class WithdrawIn(BaseModel):
    """Why a published document is withdrawn."""

    reason: str = ""

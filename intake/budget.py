"""What one read may still spend: decompressed XML bytes, XML elements, pages, content-stream bytes, characters.

A reader charges the budget as it goes and the budget refuses (BadInput) the moment a charge passes a limit, so a
hostile file costs at most one limit's worth of work, whatever it claims in its headers.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from intake import limits
from intake.limits import readable_size
from policies.errors import BadInput


@dataclass(slots=True)
class Budget:
    """The limits of one read (from intake.limits when made) and what has been spent of them; `kind` names the
    format in refusals."""

    kind: str
    xml_bytes: int = field(default_factory=lambda: limits.MAX_XML_BYTES)
    xml_elements: int = field(default_factory=lambda: limits.MAX_XML_ELEMENTS)
    pages: int = field(default_factory=lambda: limits.MAX_PAGES)
    content_bytes: int = field(default_factory=lambda: limits.MAX_CONTENT_BYTES)
    chars: int = field(default_factory=lambda: limits.MAX_TEXT_CHARS)

    def spend_xml_bytes(self, count: int) -> None:
        """Charge decompressed XML bytes."""
        self.xml_bytes -= count
        if self.xml_bytes < 0:
            limit = readable_size(limits.MAX_XML_BYTES)
            raise BadInput(f"无法读取 {self.kind}：解压后的 XML 超过 {limit}（疑似压缩炸弹）")

    def spend_xml_elements(self, count: int = 1) -> None:
        """Charge parsed XML elements."""
        self.xml_elements -= count
        if self.xml_elements < 0:
            raise BadInput(f"无法读取 {self.kind}：XML 元素超过 {limits.MAX_XML_ELEMENTS:,} 个")

    def spend_page(self) -> None:
        """Charge one page."""
        self.pages -= 1
        if self.pages < 0:
            raise BadInput(f"无法读取 {self.kind}：页数超过 {limits.MAX_PAGES:,} 页")

    def spend_content_bytes(self, count: int, *, shared: bool) -> None:
        """Charge a page's decoded content stream; `shared` says the stream was drawn by an earlier page too."""
        self.content_bytes -= count
        if self.content_bytes < 0:
            hint = "（多个页面重复引用同一内容流）" if shared else ""
            raise BadInput(f"无法读取 {self.kind}：页面内容超过 {readable_size(limits.MAX_CONTENT_BYTES)}{hint}")

    def spend_chars(self, count: int) -> None:
        """Charge extracted characters."""
        self.chars -= count
        if self.chars < 0:
            raise BadInput(f"无法读取 {self.kind}：文字超过 {limits.MAX_TEXT_CHARS:,} 个字符")

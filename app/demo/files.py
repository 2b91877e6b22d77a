"""Document files built in memory as offices produce them: .docx, .pdf, .ofd, GB18030 .txt.

The demo uploads them; the tests (tests/fixtures_docs.py) read them back.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Sequence
from xml.sax.saxutils import escape

import docx

OFD_NS = "http://www.ofdspec.org/2016"
OFD_FONT_SIZE = 5.6
OFD_LINE_HEIGHT = 8.0
LINES_PER_PAGE = 30
XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n'


def make_docx(paragraphs: Sequence[str | Sequence[Sequence[str]]]) -> bytes:
    """A Word document with one paragraph per line; an item that is a list of rows becomes a table."""
    document = docx.Document()
    for item in paragraphs:
        if isinstance(item, str):
            document.add_paragraph(item)
            continue
        table = document.add_table(rows=len(item), cols=max(len(row) for row in item))
        for row, values in zip(table.rows, item, strict=False):
            for cell, value in zip(row.cells, values, strict=False):
                cell.text = value
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def make_txt(lines: Sequence[str]) -> bytes:
    """A plain-text file in GB18030, as older office systems still save them."""
    return ("\r\n".join(lines) + "\r\n").encode("gb18030")


def make_pdf(lines: Sequence[str], *, lines_per_page: int = LINES_PER_PAGE) -> bytes:
    """A PDF whose text layer holds the lines: a Type0 font (Identity-H) with a ToUnicode CMap, no embedded font."""
    codes = {char: index + 1 for index, char in enumerate(sorted({char for line in lines for char in line}))}
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"",
        b"<< /Type /Font /Subtype /Type0 /BaseFont /SimSun /Encoding /Identity-H"
        b" /DescendantFonts [4 0 R] /ToUnicode 6 0 R >>",
        b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /SimSun"
        b" /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /FontDescriptor 5 0 R /DW 1000 >>",
        b"<< /Type /FontDescriptor /FontName /SimSun /Flags 4 /FontBBox [0 -140 1000 860]"
        b" /ItalicAngle 0 /Ascent 860 /Descent -140 /CapHeight 700 /StemV 80 >>",
        _pdf_stream(_to_unicode(codes)),
    ]
    kids = []
    for page in _pages(lines, lines_per_page):
        shown = [f"<{''.join(f'{codes[char]:04X}' for char in line)}> Tj T*" if line else "T*" for line in page]
        objects.append(_pdf_stream("\n".join(["BT", "/F1 12 Tf", "18 TL", "72 780 Td", *shown, "ET"]).encode()))
        objects.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents {len(objects)} 0 R"
            " /Resources << /Font << /F1 3 0 R >> >> >>".encode()
        )
        kids.append(f"{len(objects)} 0 R")
    objects[1] = f"<< /Type /Pages /Kids [{' '.join(kids)}] /Count {len(kids)} >>".encode()
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def make_ofd(lines: Sequence[str], *, lines_per_page: int = LINES_PER_PAGE, per_character: bool = False) -> bytes:
    """An OFD package (GB/T 33190): OFD.xml → Document.xml → one Content.xml per page, text in TextCode elements;
    per_character places each glyph alone."""
    pages = _pages(lines, lines_per_page)
    members = {
        "OFD.xml": f'<ofd:OFD xmlns:ofd="{OFD_NS}" Version="1.0" DocType="OFD"><ofd:DocBody><ofd:DocInfo>'
        "<ofd:DocID>5c0d1e2f3a4b5c6d7e8f9a0b1c2d3e4f</ofd:DocID><ofd:Creator>gongkai demo</ofd:Creator>"
        "</ofd:DocInfo><ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>",
        "Doc_0/Document.xml": f'<ofd:Document xmlns:ofd="{OFD_NS}"><ofd:CommonData><ofd:MaxUnitID>1000'
        "</ofd:MaxUnitID><ofd:PageArea><ofd:PhysicalBox>0 0 210 297</ofd:PhysicalBox></ofd:PageArea>"
        "<ofd:PublicRes>PublicRes.xml</ofd:PublicRes></ofd:CommonData><ofd:Pages>"
        + "".join(f'<ofd:Page ID="{n + 10}" BaseLoc="Pages/Page_{n}/Content.xml"/>' for n in range(len(pages)))
        + "</ofd:Pages></ofd:Document>",
        "Doc_0/PublicRes.xml": f'<ofd:Res xmlns:ofd="{OFD_NS}" BaseLoc="Res"><ofd:Fonts>'
        '<ofd:Font ID="2" FontName="宋体" FamilyName="宋体"/></ofd:Fonts></ofd:Res>',
    }
    for number, page in enumerate(pages):
        members[f"Doc_0/Pages/Page_{number}/Content.xml"] = _ofd_page(page, per_character=per_character)
    return make_zip({name: (XML_DECLARATION + body).encode() for name, body in members.items()})


def make_zip(members: dict[str, bytes]) -> bytes:
    """A deflated zip archive of the members."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, body in members.items():
            archive.writestr(name, body)
    return buffer.getvalue()


def _pages(lines: Sequence[str], lines_per_page: int) -> list[Sequence[str]]:
    return [lines[start : start + lines_per_page] for start in range(0, len(lines), lines_per_page)] or [[]]


def _ofd_page(lines: Sequence[str], *, per_character: bool) -> str:
    """A page's Content.xml; per-character glyphs are written last first (as some producers do), so only their
    positions order them."""
    objects = [
        _ofd_text_object(row + 100, left, 37 + row * OFD_LINE_HEIGHT, text)
        for row, line in enumerate(lines)
        for left, text in _ofd_pieces(line, per_character=per_character)
    ]
    if per_character:
        objects.reverse()
    layer = f'<ofd:Content><ofd:Layer ID="2">{"".join(objects)}</ofd:Layer></ofd:Content>'
    return f'<ofd:Page xmlns:ofd="{OFD_NS}">{layer}</ofd:Page>'


def _ofd_pieces(line: str, *, per_character: bool) -> list[tuple[float, str]]:
    """Where a line's text starts on the page, and the text: the whole line, or each glyph on its own."""
    if per_character:
        return [(28 + column * OFD_FONT_SIZE, char) for column, char in enumerate(line)]
    return [(28, line)] if line else []


def _ofd_text_object(object_id: int, left: float, top: float, text: str) -> str:
    """One TextObject with its TextCode on the baseline."""
    return (
        f'<ofd:TextObject ID="{object_id}" Boundary="{left:g} {top:.1f} {OFD_FONT_SIZE * len(text):.1f} '
        f'{OFD_LINE_HEIGHT}" Font="2" Size="{OFD_FONT_SIZE}">'
        f'<ofd:TextCode X="0" Y="{OFD_FONT_SIZE}">{escape(text)}</ofd:TextCode></ofd:TextObject>'
    )


def _to_unicode(codes: dict[str, int]) -> bytes:
    """A ToUnicode CMap mapping each two-byte code back to its character."""
    entries = [f"<{code:04X}> <{char.encode('utf-16-be').hex().upper()}>" for char, code in codes.items()]
    blocks = [
        f"{len(entries[start : start + 100])} beginbfchar\n" + "\n".join(entries[start : start + 100]) + "\nendbfchar"
        for start in range(0, len(entries), 100)
    ]
    return "\n".join(
        [
            "/CIDInit /ProcSet findresource begin", "12 dict begin", "begincmap",
            "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def",
            "/CMapName /Adobe-Identity-UCS def", "/CMapType 2 def",
            "1 begincodespacerange", "<0000> <FFFF>", "endcodespacerange", *blocks,
            "endcmap", "CMapName currentdict /CMap defineresource pop", "end", "end",
        ]
    ).encode("ascii")  # fmt: skip


def _pdf_stream(data: bytes) -> bytes:
    return b"<< /Length %d >>\nstream\n" % len(data) + data + b"\nendstream"

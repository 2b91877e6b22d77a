"""Hostile files, small on disk, built by streaming so that building them costs no more memory than reading them
should: a .docx whose document.xml inflates far past its size, an .ofd whose pages all point at one large
Content.xml, a .pdf whose pages all draw one large shared content stream."""

import io
import zipfile
import zlib

from app.demo.files import make_docx, make_ofd

WORD = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
PARAGRAPH = "<w:p><w:r><w:t>政务公开</w:t></w:r></w:p>".encode()


def inflating_docx(inflated_bytes: int) -> bytes:
    """A valid .docx whose document.xml is `inflated_bytes` of paragraphs (a 200 MB one is about 600 KB)."""
    archive = zipfile.ZipFile(io.BytesIO(make_docx(["正文"])))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as out:
        for info in archive.infolist():
            if info.filename != "word/document.xml":
                out.writestr(info, archive.read(info))
        with out.open("word/document.xml", "w", force_zip64=True) as member:
            member.write(f'<w:document xmlns:w="{WORD}"><w:body>'.encode())
            chunk = PARAGRAPH * (1024 * 1024 // len(PARAGRAPH))
            for _ in range(inflated_bytes // len(chunk)):
                member.write(chunk)
            member.write(b"</w:body></w:document>")
    return buffer.getvalue()


def shared_content_ofd(pages: int, codes: int) -> bytes:
    """An .ofd of `pages` pages that all point at one Content.xml of `codes` TextCodes."""
    archive = zipfile.ZipFile(io.BytesIO(make_ofd(["正文"])))
    buffer = io.BytesIO()
    page = "Doc_0/Pages/Page_0/Content.xml"
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as out:
        for info in archive.infolist():
            if info.filename == "Doc_0/Document.xml":
                listed = "".join(f'<ofd:Page ID="{n + 1}" BaseLoc="Pages/Page_0/Content.xml"/>' for n in range(pages))
                out.writestr(info.filename, (
                    '<ofd:Document xmlns:ofd="http://www.ofdspec.org/2016"><ofd:Pages>'
                    f"{listed}</ofd:Pages></ofd:Document>"
                ).encode())  # fmt: skip
            elif info.filename != page:
                out.writestr(info, archive.read(info))
        with out.open(page, "w") as member:
            member.write(b'<ofd:Page xmlns:ofd="http://www.ofdspec.org/2016"><ofd:Content><ofd:Layer>')
            code = (
                '<ofd:TextObject Boundary="0 0 100 10" Size="5">'
                '<ofd:TextCode X="0" Y="5">公开</ofd:TextCode></ofd:TextObject>'
            )
            for _ in range(codes // 1000):
                member.write(code.encode() * 1000)
            member.write(b"</ofd:Layer></ofd:Content></ofd:Page>")
    return buffer.getvalue()


def shared_stream_pdf(pages: int, stream_bytes: int) -> bytes:
    """A .pdf of `pages` pages whose /Contents is one shared Flate stream of `stream_bytes` text operators."""
    operators = b"BT /F1 12 Tf 72 700 Td (gongkai) Tj ET\n"
    compressed = zlib.compress(operators * (stream_bytes // len(operators)), 9)
    kids = " ".join(f"{4 + n} 0 R" for n in range(pages))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        f"<< /Type /Pages /Kids [{kids}] /Count {pages} >>".encode(),
        b"<< /Length " + str(len(compressed)).encode() + b" /Filter /FlateDecode >>\nstream\n" + compressed
        + b"\nendstream",
    ]  # fmt: skip
    font = b"<< /Font << /F1 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> >> >>"
    objects += [b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 3 0 R /Resources " + font + b" >>"
                for _ in range(pages)]  # fmt: skip
    out = io.BytesIO()
    out.write(b"%PDF-1.7\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(f"{number} 0 obj\n".encode() + body + b"\nendobj\n")
    xref = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    out.write(b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets))
    out.write(f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode())
    return out.getvalue()

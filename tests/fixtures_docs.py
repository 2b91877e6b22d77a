"""Builders of realistic test documents: .docx, .pdf and .ofd files, valid personal numbers, sample texts."""

import io
import random
import zipfile
from collections.abc import Sequence
from datetime import date
from xml.sax.saxutils import escape

import docx

ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK_CHARS = "10X98765432"


def make_id_number(region: str = "500103", born: date = date(1985, 6, 15), sequence: str = "123") -> str:
    """A fake 居民身份证号 with a valid GB 11643 check character."""
    body = f"{region}{born:%Y%m%d}{sequence}"
    total = sum(int(digit) * weight for digit, weight in zip(body, ID_WEIGHTS, strict=True))
    return body + ID_CHECK_CHARS[total % 11]


def make_luhn_number(prefix: str = "622202", length: int = 19, *, seed: int = 1) -> str:
    """A fake card number: the prefix, digits drawn from the seed, and the check digit that makes it Luhn valid."""
    rng = random.Random(seed)
    body = prefix + "".join(rng.choice("0123456789") for _ in range(length - len(prefix) - 1))
    return next(body + check for check in "0123456789" if luhn_valid(body + check))


def luhn_valid(digits: str) -> bool:
    """Whether a digit string passes the Luhn check."""
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = int(char) * (2 if position % 2 else 1)
        total += value - 9 if value > 9 else value
    return total % 10 == 0


def make_docx(paragraphs: Sequence[str | Sequence[Sequence[str]]]) -> bytes:
    """A .docx whose body holds the given paragraphs; an item that is a list of rows becomes a table."""
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


def make_pdf(lines: list[str], *, lines_per_page: int = 40) -> bytes:
    """A minimal valid PDF: the lines as text in a Type0 font (Identity-H) with a ToUnicode CMap, no font file."""
    chars = sorted({char for line in lines for char in line})
    codes = {char: index + 1 for index, char in enumerate(chars)}
    pages = [lines[start : start + lines_per_page] for start in range(0, len(lines), lines_per_page)] or [[]]
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"",
        b"<< /Type /Font /Subtype /Type0 /BaseFont /SimSun /Encoding /Identity-H"
        b" /DescendantFonts [4 0 R] /ToUnicode 6 0 R >>",
        b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /SimSun"
        b" /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >>"
        b" /FontDescriptor 5 0 R /DW 1000 >>",
        b"<< /Type /FontDescriptor /FontName /SimSun /Flags 4 /FontBBox [0 -140 1000 860]"
        b" /ItalicAngle 0 /Ascent 860 /Descent -140 /CapHeight 700 /StemV 80 >>",
        _pdf_stream(_to_unicode_cmap(codes)),
    ]
    page_ids = []
    for page_lines in pages:
        content = ["BT", "/F1 12 Tf", "18 TL", "72 780 Td"]
        for line in page_lines:
            if line:
                content.append("<" + "".join(f"{codes[char]:04X}" for char in line) + "> Tj")
            content.append("T*")
        content.append("ET")
        objects.append(_pdf_stream("\n".join(content).encode("ascii")))
        objects.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents {len(objects)} 0 R"
            " /Resources << /Font << /F1 3 0 R >> >> >>".encode("ascii")
        )
        page_ids.append(len(objects))
    kids = " ".join(f"{page_id} 0 R" for page_id in page_ids)
    objects[1] = f"<< /Type /Pages /Kids [{kids}] /Count {len(page_ids)} >>".encode("ascii")
    return _pdf_file(objects)


def _to_unicode_cmap(codes: dict[str, int]) -> bytes:
    """A ToUnicode CMap mapping each two-byte code back to its character."""
    entries = [f"<{code:04X}> <{char.encode('utf-16-be').hex().upper()}>" for char, code in codes.items()]
    blocks = []
    for start in range(0, len(entries), 100):
        chunk = entries[start : start + 100]
        blocks.append(f"{len(chunk)} beginbfchar\n" + "\n".join(chunk) + "\nendbfchar")
    return "\n".join(
        [
            "/CIDInit /ProcSet findresource begin",
            "12 dict begin",
            "begincmap",
            "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def",
            "/CMapName /Adobe-Identity-UCS def",
            "/CMapType 2 def",
            "1 begincodespacerange",
            "<0000> <FFFF>",
            "endcodespacerange",
            *blocks,
            "endcmap",
            "CMapName currentdict /CMap defineresource pop",
            "end",
            "end",
        ]
    ).encode("ascii")


def _pdf_stream(data: bytes) -> bytes:
    """A PDF stream object body."""
    return b"<< /Length %d >>\nstream\n" % len(data) + data + b"\nendstream"


def _pdf_file(objects: list[bytes]) -> bytes:
    """Number the objects from 1, write them with a correct cross-reference table and trailer."""
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


OFD_NS = "http://www.ofdspec.org/2016"
OFD_FONT_SIZE = 5.6
OFD_LINE_HEIGHT = 8.0


def make_ofd(lines: list[str], *, lines_per_page: int = 30, per_character: bool = False) -> bytes:
    """An .ofd package (GB/T 33190) holding the lines as TextCodes; per_character places each glyph alone."""
    pages = [lines[start : start + lines_per_page] for start in range(0, len(lines), lines_per_page)] or [[]]
    files = {
        "OFD.xml": _ofd_root(),
        "Doc_0/Document.xml": _ofd_document(len(pages)),
        "Doc_0/PublicRes.xml": (
            f'<ofd:Res xmlns:ofd="{OFD_NS}" BaseLoc="Res"><ofd:Fonts>'
            '<ofd:Font ID="2" FontName="宋体" FamilyName="宋体"/></ofd:Fonts></ofd:Res>'
        ),
    }
    for number, page_lines in enumerate(pages):
        files[f"Doc_0/Pages/Page_{number}/Content.xml"] = _ofd_page(page_lines, per_character=per_character)
    return make_zip({name: _xml(body) for name, body in files.items()})


def make_zip(members: dict[str, bytes]) -> bytes:
    """A deflated zip archive of the members."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, body in members.items():
            archive.writestr(name, body)
    return buffer.getvalue()


def _xml(body: str) -> bytes:
    """An XML document in UTF-8 with its declaration."""
    return ('<?xml version="1.0" encoding="UTF-8"?>\n' + body).encode("utf-8")


def _ofd_root() -> str:
    """OFD.xml: one document body pointing at Doc_0/Document.xml."""
    return (
        f'<ofd:OFD xmlns:ofd="{OFD_NS}" Version="1.0" DocType="OFD"><ofd:DocBody>'
        "<ofd:DocInfo><ofd:DocID>6a1f0c2e9b7d4e21a3c5f08d7e6b4a90</ofd:DocID>"
        "<ofd:Creator>gongkai tests</ofd:Creator></ofd:DocInfo>"
        "<ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>"
    )


def _ofd_document(page_count: int) -> str:
    """Document.xml: A4 page area, public resources and the pages by BaseLoc."""
    pages = "".join(
        f'<ofd:Page ID="{number + 10}" BaseLoc="Pages/Page_{number}/Content.xml"/>' for number in range(page_count)
    )
    return (
        f'<ofd:Document xmlns:ofd="{OFD_NS}"><ofd:CommonData><ofd:MaxUnitID>1000</ofd:MaxUnitID>'
        "<ofd:PageArea><ofd:PhysicalBox>0 0 210 297</ofd:PhysicalBox></ofd:PageArea>"
        "<ofd:PublicRes>PublicRes.xml</ofd:PublicRes></ofd:CommonData>"
        f"<ofd:Pages>{pages}</ofd:Pages></ofd:Document>"
    )


def _ofd_page(lines: list[str], *, per_character: bool) -> str:
    """A page's Content.xml; per-character glyphs are written last first, so only their positions order them."""
    objects = []
    for row, line in enumerate(lines):
        top = 37 + row * OFD_LINE_HEIGHT
        if per_character:
            for column, char in enumerate(line):
                objects.append(_ofd_text_object(28 + column * OFD_FONT_SIZE, top, char))
        elif line:
            objects.append(_ofd_text_object(28, top, line))
    if per_character:
        objects.reverse()
    return (
        f'<ofd:Page xmlns:ofd="{OFD_NS}"><ofd:Content><ofd:Layer ID="2">'
        + "".join(objects)
        + "</ofd:Layer></ofd:Content></ofd:Page>"
    )


def _ofd_text_object(left: float, top: float, text: str) -> str:
    """One TextObject with its TextCode on the baseline."""
    width = OFD_FONT_SIZE * len(text)
    return (
        f'<ofd:TextObject ID="1" Boundary="{left:.2f} {top:.2f} {width:.2f} {OFD_LINE_HEIGHT}" Font="2"'
        f' Size="{OFD_FONT_SIZE}"><ofd:TextCode X="0" Y="{OFD_FONT_SIZE}">{escape(text)}</ofd:TextCode>'
        "</ofd:TextObject>"
    )


SAMPLE_NOTICE = """重庆市人民政府办公室文件

渝府办发〔2018〕52号

重庆市人民政府办公室
关于做好2018年义务教育阶段学校
招生入学工作的通知

各区县（自治县）人民政府，市政府有关部门，有关单位：
　　为贯彻落实《教育部办公厅关于做好2018年普通中小学招生入学工作的通知》（教基厅〔2018〕1号）和《国务院办公厅关于印发〈2018年政务公开工作要点〉的通知》（国办发〔2018〕23号）精神，进一步规范义务教育阶段学校招生入学工作，经市政府同意，现就有关事项通知如下。
　　一、坚持免试就近入学。各区县教育行政部门要合理划定义务教育学校招生范围，公办学校不得以考试、竞赛成绩等作为招生依据。
　　二、做好随迁子女入学保障。进城务工人员随迁子女在流入地接受义务教育，按照“以流入地政府为主、以公办学校为主”的原则统筹安排。
　　三、加强信息公开。各区县要于2018年5月31日前通过政府门户网站公开学校招生范围、招生计划和咨询电话。市教委咨询电话：023-63891234，邮编：400015，市民服务热线：12345。

　　附件：2018年义务教育招生入学工作日程安排

重庆市人民政府办公室
2018年4月28日
（此件公开发布）

抄送：市委各部门，市人大常委会办公厅，市政协办公厅。
重庆市人民政府办公室　　　　　　　　2018年4月29日印发
"""

SAMPLE_ID_NUMBER = make_id_number("500103", date(1962, 3, 8), "021")
SAMPLE_MOBILE = "13983012345"
SAMPLE_BANK_CARD = make_luhn_number("6228480", 19)

SAMPLE_PERSONAL_DATA = f"""重庆市渝中区民政局文件

渝中民发〔2019〕7号

关于2019年第一季度临时救助对象的公示

各街道办事处：
　　根据《重庆市临时救助办法》，经街道审核、区民政局审批，现将2019年第一季度临时救助对象公示如下。
　　救助对象：王某某，居民身份证号{SAMPLE_ID_NUMBER}，联系电话{SAMPLE_MOBILE}，救助金额3000元，发放至银行卡{SAMPLE_BANK_CARD}。
　　公示期为5个工作日。如有异议，请致电023-63761234或发送邮件至wangmoumou@example.com反映。

重庆市渝中区民政局
二〇一九年四月十日
（此件公开发布）
"""

SAMPLE_SECRET = """机密★1年
特急

重庆市应急管理局文件

渝应急发〔2020〕15号

重庆市应急管理局
关于做好2020年主汛期防汛抢险救援准备工作的通知

各区县（自治县）应急管理局：
　　当前我市已进入主汛期，地质灾害和洪涝灾害风险加大。为做好防汛抢险和应急救援准备工作，现就有关事项通知如下。
　　一、各区县要加强汛期值班值守，严格执行领导带班和24小时值班制度。
　　二、涉及国家秘密的汛情信息，严格按照保密规定报送，不得通过互联网传递。

重庆市应急管理局
2020年6月1日
（此件不予公开）
"""

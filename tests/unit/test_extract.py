"""Intake: a submitted file's bytes become normalised text, or one clear Chinese refusal (BadInput, exit 2)."""

import contextlib
import io
import zipfile

import docx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from intake import limits
from intake.extract import extract_text
from intake.limits import MAX_UPLOAD_BYTES
from policies.errors import BadInput
from tests.fixtures_docs import SAMPLE_NOTICE, make_docx, make_ofd, make_pdf, make_zip

NOTICE_LINES = [line for line in SAMPLE_NOTICE.splitlines() if line.strip()]
NOTICE_TEXT = "\n".join(NOTICE_LINES)
SHORT_GBK = "关于做好招生入学工作的通知"


def refusal(data: bytes, filename: str, **options: int) -> str:
    """The message a refused file gets."""
    with pytest.raises(BadInput) as refused:
        extract_text(data, filename, **options)
    assert "\n" not in str(refused.value)
    return str(refused.value)


def non_empty_lines(text: str) -> list[str]:
    """The lines that carry text."""
    return [line for line in text.splitlines() if line.strip()]


# --- plain text and its encodings -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("encoded", "encoding"),
    [
        (SAMPLE_NOTICE.encode("utf-8"), "utf-8"),
        (SAMPLE_NOTICE.encode("utf-8-sig"), "utf-8-sig"),
        (b"\xff\xfe" + SAMPLE_NOTICE.encode("utf-16-le"), "utf-16-le"),
        (b"\xfe\xff" + SAMPLE_NOTICE.encode("utf-16-be"), "utf-16-be"),
        (SAMPLE_NOTICE.encode("gb18030"), "gb18030"),
        (SAMPLE_NOTICE.encode("gbk"), "gb18030"),
    ],
    ids=["utf-8", "utf-8-bom", "utf-16-le-bom", "utf-16-be-bom", "gb18030", "gbk"],
)
@pytest.mark.parametrize("suffix", [".txt", ".md"])
def test_the_same_chinese_text_reads_the_same_in_every_encoding(encoded: bytes, encoding: str, suffix: str) -> None:
    extracted = extract_text(encoded, "通知" + suffix)
    assert extracted.text == SAMPLE_NOTICE.strip("\n")
    assert extracted.encoding == encoding
    assert extracted.pages is None


def test_a_short_gbk_text_is_read_as_chinese_not_as_another_legacy_encoding() -> None:
    assert extract_text(SHORT_GBK.encode("gbk"), "a.txt").text == SHORT_GBK


def test_a_two_character_gbk_text_is_read_as_simplified_chinese() -> None:
    assert extract_text("教育".encode("gbk"), "a.txt").text == "教育"


def test_gb18030_only_characters_survive() -> None:
    text = "申请人：王䶮，住址：重庆市渝中区"
    assert extract_text(text.encode("gb18030"), "a.txt").text == text


def test_utf8_is_preferred_whenever_it_decodes() -> None:
    assert extract_text("政务公开".encode(), "a.md").encoding == "utf-8"


def test_markdown_is_reported_as_markdown() -> None:
    assert extract_text(b"# title", "README.MD").media_type == "text/markdown"


def test_line_ends_and_trailing_spaces_are_normalised() -> None:
    data = "第一行  \r\n第二行\t\r第三行\x0c第四行".encode()
    assert extract_text(data, "a.txt").text == "第一行\n第二行\n第三行\n第四行"


def test_a_text_file_with_nul_bytes_is_not_a_text_document() -> None:
    assert refusal("第二\x00行".encode(), "a.txt") == "无法读取文本：文件含有空字符（NUL），不是文本文档"


def test_control_characters_and_terminal_escapes_are_stripped_from_the_text() -> None:
    data = "\x1b[31m关于\x1b]0;标题\x07做好\x07招生\x9b1m工作\x7f的通知\x1b[0m\t附件".encode()
    assert extract_text(data, "a.md").text == "关于做好招生工作的通知\t附件"


def test_text_is_composed_to_nfc_but_full_width_characters_are_kept() -> None:
    data = "Cafe\u0301，ＡＢＣ１２３　〔２０１８〕".encode()
    assert extract_text(data, "a.txt").text == "Café，ＡＢＣ１２３　〔２０１８〕"


def test_a_broken_utf16_file_is_refused() -> None:
    assert refusal(b"\xff\xfe\x00\xd8", "a.txt") == "无法读取文本：UTF-16-LE 编码已损坏"


def test_a_pdf_renamed_to_txt_is_refused() -> None:
    assert "看起来是 PDF 文件" in refusal(make_pdf(["正文"]), "a.txt")


def test_binary_noise_is_refused_as_unreadable_text() -> None:
    noise = bytes(range(128, 256)) * 8
    assert refusal(noise, "a.txt") == "无法识别文本编码（请另存为 UTF-8）"


def test_a_text_file_of_blank_lines_has_no_text() -> None:
    assert refusal(b" \r\n\t\r\n", "a.txt") == "文件没有文字内容"


# --- the refusals every type shares -----------------------------------------------------------------------------


def test_an_empty_file_is_refused() -> None:
    assert refusal(b"", "a.pdf") == "文件为空"


def test_a_file_over_the_limit_is_refused_with_the_limit_named() -> None:
    assert refusal(b"x" * 101, "a.txt", max_bytes=100) == "文件超过 100 B 上限"
    assert refusal(b"x" * 2049, "a.txt", max_bytes=2048) == "文件超过 2 KiB 上限"


def test_the_default_limit_is_50_mib() -> None:
    assert MAX_UPLOAD_BYTES == 50 * 1024 * 1024
    assert refusal(b"x" * (MAX_UPLOAD_BYTES + 1), "a.txt") == "文件超过 50 MiB 上限"


def test_a_file_at_the_limit_is_accepted() -> None:
    assert extract_text(b"x" * 100, "a.txt", max_bytes=100).text == "x" * 100


@pytest.mark.parametrize("filename", ["报表.xls", "扫描件.jpg", "无扩展名"])
def test_an_unsupported_type_is_refused_with_the_supported_list(filename: str) -> None:
    message = refusal(b"data", filename)
    assert message.startswith("不支持的文件类型 ")
    assert message.endswith("（支持 .txt .md .docx .pdf .ofd .html）")


def test_the_unsupported_message_names_the_extension() -> None:
    assert refusal(b"data", "报表.xls") == "不支持的文件类型 .xls（支持 .txt .md .docx .pdf .ofd .html）"


# --- .docx ------------------------------------------------------------------------------------------------------


def test_docx_paragraphs_and_table_cells_are_read_in_document_order() -> None:
    data = make_docx(
        ["重庆市教育委员会文件", [["索引号", "11500000MB1234567X/2018-00123"], ["主题分类", "教育"]], "正文"]
    )
    extracted = extract_text(data, "通知.docx")
    assert extracted.text == "重庆市教育委员会文件\n索引号\t11500000MB1234567X/2018-00123\n主题分类\t教育\n正文"
    assert extracted.media_type.endswith("wordprocessingml.document")
    assert extracted.encoding is None


def test_a_docx_holds_the_whole_sample_notice() -> None:
    assert non_empty_lines(extract_text(make_docx(NOTICE_LINES), "a.docx").text) == NOTICE_LINES


def test_a_merged_docx_cell_is_read_once() -> None:
    document = docx.Document()
    table = document.add_table(rows=1, cols=3)
    table.cell(0, 0).merge(table.cell(0, 1)).text = "发文机关"
    table.cell(0, 2).text = "重庆市人民政府办公室"
    buffer = io.BytesIO()
    document.save(buffer)
    assert extract_text(buffer.getvalue(), "a.docx").text == "发文机关\t重庆市人民政府办公室"


def test_a_docx_without_text_is_refused() -> None:
    assert refusal(make_docx([""]), "a.docx") == "DOCX 文件没有文字内容"


def test_an_old_doc_renamed_to_docx_is_refused_with_a_hint() -> None:
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504
    assert refusal(ole, "a.docx") == "无法读取 DOCX：文件不是 DOCX 格式（可能是旧版 .doc）"


def test_a_zip_that_is_not_a_word_document_is_refused() -> None:
    assert refusal(make_zip({"hello.txt": b"hi"}), "a.docx") == "无法读取 DOCX：文件已损坏"


def test_a_truncated_docx_is_refused() -> None:
    data = make_docx(NOTICE_LINES)
    assert refusal(data[: len(data) // 2], "a.docx") == "无法读取 DOCX：文件已损坏"


# --- .pdf -------------------------------------------------------------------------------------------------------


def test_a_pdf_text_layer_is_read_line_by_line() -> None:
    extracted = extract_text(make_pdf(NOTICE_LINES), "通知.pdf")
    assert non_empty_lines(extracted.text) == NOTICE_LINES
    assert (extracted.media_type, extracted.pages) == ("application/pdf", 1)


def test_a_pdf_reports_its_page_count_and_keeps_page_order() -> None:
    extracted = extract_text(make_pdf(NOTICE_LINES, lines_per_page=5), "a.pdf")
    assert extracted.pages == 4
    assert non_empty_lines(extracted.text) == NOTICE_LINES


def test_a_pdf_without_a_text_layer_is_refused_as_a_probable_scan() -> None:
    assert refusal(make_pdf([]), "扫描件.pdf") == "PDF 没有文字层（可能是扫描件）"


def test_a_file_named_pdf_that_is_not_a_pdf_is_refused() -> None:
    assert refusal("正文".encode(), "a.pdf") == "无法读取 PDF：文件不是 PDF 格式"


@pytest.mark.parametrize("cut", [20, 200, 600])
def test_a_truncated_pdf_is_refused_as_broken(cut: int) -> None:
    assert refusal(make_pdf(NOTICE_LINES)[:cut], "a.pdf").startswith("无法读取 PDF")


# --- .ofd -------------------------------------------------------------------------------------------------------


def test_an_ofd_is_read_from_its_pages_text_codes() -> None:
    extracted = extract_text(make_ofd(NOTICE_LINES), "通知.ofd")
    assert extracted.text == NOTICE_TEXT
    assert (extracted.media_type, extracted.pages) == ("application/ofd", 1)


def test_an_ofd_with_one_glyph_per_text_object_is_put_back_into_lines_by_position() -> None:
    assert extract_text(make_ofd(NOTICE_LINES, per_character=True), "a.ofd").text == NOTICE_TEXT


def test_an_ofd_reads_every_page_in_order() -> None:
    extracted = extract_text(make_ofd(NOTICE_LINES, lines_per_page=5), "a.ofd")
    assert extracted.pages == 4
    assert extracted.text == NOTICE_TEXT


def test_an_ofd_without_namespaces_and_with_absolute_locations_is_read() -> None:
    members = {
        "OFD.xml": b"<OFD><DocBody><DocRoot>/Doc_0/Document.xml</DocRoot></DocBody></OFD>",
        "Doc_0/Document.xml": (
            b'<Document><Pages><Page ID="1" BaseLoc="/Doc_0/Pages/Page_0/Content.xml"/></Pages></Document>'
        ),
        "Doc_0/Pages/Page_0/Content.xml": (
            '<Page><Content><Layer><TextObject Boundary="20 30 100 8" Size="5">'
            '<TextCode X="0" Y="5">重庆市人民政府</TextCode></TextObject></Layer></Content></Page>'
        ).encode(),
    }
    assert extract_text(make_zip(members), "a.ofd").text == "重庆市人民政府"


def test_an_ofd_whose_pages_have_no_text_is_refused_as_a_probable_scan() -> None:
    assert refusal(make_ofd([]), "a.ofd") == "OFD 没有文字内容（可能是扫描件）"


def test_an_ofd_missing_its_document_is_refused() -> None:
    members = {"OFD.xml": zipfile.ZipFile(io.BytesIO(make_ofd(["正文"]))).read("OFD.xml")}
    assert refusal(make_zip(members), "a.ofd") == "无法读取 OFD：缺少 Doc_0/Document.xml"


def test_an_ofd_without_ofd_xml_is_refused() -> None:
    assert refusal(make_zip({"Doc_0/Document.xml": b"<Document/>"}), "a.ofd") == "无法读取 OFD：缺少 OFD.xml"


def test_an_ofd_with_broken_xml_is_refused() -> None:
    archive = zipfile.ZipFile(io.BytesIO(make_ofd(["正文"])))
    members = {name: archive.read(name) for name in archive.namelist()}
    members["Doc_0/Pages/Page_0/Content.xml"] = b"<ofd:Page><unclosed>"
    assert refusal(make_zip(members), "a.ofd") == "无法读取 OFD：Doc_0/Pages/Page_0/Content.xml 已损坏"


def test_an_ofd_with_an_entity_expansion_bomb_is_refused() -> None:
    bomb = b'<?xml version="1.0"?><!DOCTYPE a [<!ENTITY x "xxxxxxxxxx"><!ENTITY y "&x;&x;&x;&x;">]><OFD>&y;</OFD>'
    assert refusal(make_zip({"OFD.xml": bomb}), "a.ofd") == "无法读取 OFD：OFD.xml 含有不安全的 XML 结构"


def test_a_broken_zip_is_refused() -> None:
    assert refusal(b"PK\x03\x04" + b"\x00" * 100, "a.ofd") == "无法读取 OFD：文件已损坏"


def test_a_zip_bomb_is_refused_before_it_is_unpacked(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(limits, "MAX_UNPACKED_BYTES", 1024 * 1024)
    bomb = make_zip({"OFD.xml": b"<OFD/>", "Res/zeros.bin": b"\x00" * (2 * 1024 * 1024)})
    assert len(bomb) < 10_000
    assert refusal(bomb, "a.ofd") == "无法读取 OFD：解压后超过 1 MiB（疑似压缩炸弹）"


def test_a_zip_with_too_many_members_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(limits, "MAX_ZIP_MEMBERS", 50)
    crowded = make_zip({f"Res/{number}.xml": b"<a/>" for number in range(51)})
    assert refusal(crowded, "a.docx") == "无法读取 DOCX：压缩包成员过多（超过 50 个）"


def test_the_zip_limits_are_generous_for_real_documents() -> None:
    assert limits.MAX_UNPACKED_BYTES >= 5 * MAX_UPLOAD_BYTES
    assert limits.MAX_ZIP_MEMBERS >= 10_000


# --- .html ------------------------------------------------------------------------------------------------------

PAGE = """<!DOCTYPE html><html><head><meta charset="gb2312"><title>站点标题</title>
<style>p { color: red }</style><script>var x = "<p>不显示</p>";</script></head>
<body><h1>重庆市人民政府办公室
关于做好招生入学工作的通知</h1>
<table><tr><th>索引号：</th><td>11500000MB1234567X/2018-00123</td></tr></table>
<p>各区县人民政府：</p><p>&nbsp;&nbsp;为进一步规范招生入学工作，<b>现就有关事项</b>通知如下。<br>一、坚持免试就近入学。</p>
<noscript>请启用脚本</noscript></body></html>"""


def test_html_keeps_the_visible_text_with_block_breaks_and_drops_scripts_and_styles() -> None:
    extracted = extract_text(PAGE.encode("gb18030"), "page.html")
    assert extracted.text == (
        "重庆市人民政府办公室 关于做好招生入学工作的通知\n"
        "索引号：\t11500000MB1234567X/2018-00123\n"
        "各区县人民政府：\n"
        "为进一步规范招生入学工作，现就有关事项通知如下。\n"
        "一、坚持免试就近入学。"
    )
    assert (extracted.media_type, extracted.encoding) == ("text/html", "gb18030")


def test_an_htm_file_in_utf8_is_read() -> None:
    extracted = extract_text("<p>政务公开</p><pre>第一行\n  第二行</pre>".encode(), "a.htm")
    assert extracted.text == "政务公开\n第一行\n第二行"


def test_an_html_page_of_only_markup_has_no_text() -> None:
    assert refusal(b"<html><head><title>t</title></head><body><script>1</script></body></html>", "a.html") == (
        "网页没有文字内容"
    )


def test_html_with_markup_the_parser_cannot_follow_is_refused() -> None:
    assert refusal("<![foo[ bar ]]>正文".encode(), "a.html") == "无法读取网页：HTML 已损坏"


# --- never a traceback ------------------------------------------------------------------------------------------

VALID_FILES = {
    ".pdf": make_pdf(NOTICE_LINES[:6]),
    ".docx": make_docx(NOTICE_LINES[:6]),
    ".ofd": make_ofd(NOTICE_LINES[:6]),
    ".txt": "\n".join(NOTICE_LINES[:6]).encode("gb18030"),
    ".html": PAGE.encode("gb18030"),
}


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    suffix=st.sampled_from(sorted(VALID_FILES)),
    kept=st.sampled_from([100, 100, 99, 90, 50, 10]),
    flips=st.lists(st.tuples(st.integers(min_value=0), st.integers(min_value=0, max_value=255)), max_size=8),
)
def test_a_damaged_file_is_read_or_refused_never_crashes(suffix: str, kept: int, flips: list[tuple[int, int]]) -> None:
    original = VALID_FILES[suffix]
    data = bytearray(original[: max(1, len(original) * kept // 100)])
    for position, value in flips:
        data[position % len(data)] = value
    try:
        extracted = extract_text(bytes(data), "damaged" + suffix)
    except BadInput as refused:
        assert str(refused) and "\n" not in str(refused)
    else:
        assert extracted.text.strip()


@settings(max_examples=150, deadline=None)
@given(
    suffix=st.sampled_from([".txt", ".md", ".docx", ".pdf", ".ofd", ".html", ".htm", ".doc", ".wps"]),
    head=st.sampled_from(
        [b"", b"%PDF-1.7\n", b"PK\x03\x04", b"\xff\xfe", b"\xef\xbb\xbf", b"<![", b"<!DOCTYPE", b"\x1b[31m", b"\x00"]
    ),
    body=st.binary(max_size=2000),
)
def test_arbitrary_bytes_are_read_or_refused_never_crash(suffix: str, head: bytes, body: bytes) -> None:
    with contextlib.suppress(BadInput):
        extract_text(head + body, "any" + suffix)


PAGE_CAPTURE = """<!DOCTYPE html><html><head><meta charset="utf-8">
<title>关于做好安全生产工作的通知_某市人民政府网</title></head>
<body><div class="nav"><a href="/">首页</a> &gt; <a href="/zwgk">政务公开</a> &gt; <a>政府文件</a></div>
<div class="tools">字号：<a>大</a> <a>中</a> <a>小</a> | <a>打印本页</a> | <a>关闭窗口</a></div>
<h1>某市人民政府办公厅关于做好安全生产工作的通知</h1><p>某府办发〔2026〕15号</p>
<p>各区县人民政府：</p><p>　　现就有关事项通知如下。</p><p>某市人民政府办公厅</p><p>2026年9月25日</p>
<p>【打印本页】【关闭窗口】</p>
<div class="footer">主办：某市人民政府办公厅 | 网站标识码：5000000095 | 渝ICP备05003300号
<a>网站地图</a> <a>联系我们</a></div>
</body></html>"""


TEXT_CAPTURE = """首页 > 政务公开 > 政府文件
字号：大 中 小    打印本页    关闭窗口
某市人民政府办公厅关于做好安全生产工作的通知
某府办发〔2026〕15号
各区县人民政府：
    现就有关事项通知如下。
某市人民政府办公厅
2026年9月25日
【打印本页】【关闭窗口】
主办：某市人民政府办公厅 | 网站标识码：5000000095 | 渝ICP备05003300号 网站地图 联系我们
"""


@pytest.mark.parametrize(("data", "filename"), [(PAGE_CAPTURE.encode(), "通知.html"),
                                                (TEXT_CAPTURE.encode("gb18030"), "通知.txt")])  # fmt: skip
def test_a_page_capture_loses_the_pages_chrome_and_keeps_the_document(data: bytes, filename: str) -> None:
    text = extract_text(data, filename).text
    for chrome in ("首页 >", "打印本页", "关闭窗口", "字号：", "网站标识码", "ICP备", "网站地图"):
        assert chrome not in text, chrome
    assert text.startswith("某市人民政府办公厅关于做好安全生产工作的通知\n某府办发〔2026〕15号\n各区县人民政府：")
    assert text.endswith("现就有关事项通知如下。\n某市人民政府办公厅\n2026年9月25日")

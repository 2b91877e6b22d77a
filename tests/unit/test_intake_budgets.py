"""Hostile files are refused by the budget they would overrun, checked while parsing: each file is built small
(the limits are lowered for the test, so the files stay a few KB) and each refusal names the limit passed."""

import io
import zipfile

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from intake import limits, ofd
from intake.extract import extract_text
from policies.characters import one_line, strip_controls
from policies.errors import BadInput
from tests.fixtures_docs import SAMPLE_NOTICE, make_docx, make_ofd, make_pdf
from tests.hostile_files import inflating_docx, shared_content_ofd, shared_stream_pdf

LINES = [line for line in SAMPLE_NOTICE.splitlines() if line.strip()]
MiB = 1024 * 1024


def refusal(data: bytes, filename: str) -> str:
    with pytest.raises(BadInput) as refused:
        extract_text(data, filename)
    assert "\n" not in str(refused.value)
    return str(refused.value)


def test_a_docx_whose_xml_inflates_past_the_budget_is_refused_while_it_is_unpacked(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(limits, "MAX_XML_BYTES", 1 * MiB)
    bomb = inflating_docx(8 * MiB)
    assert len(bomb) < 8 * MiB // 100
    assert refusal(bomb, "a.docx") == "无法读取 DOCX：解压后的 XML 超过 1 MiB（疑似压缩炸弹）"


def test_a_docx_with_more_elements_than_the_budget_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(limits, "MAX_XML_ELEMENTS", 10_000)
    assert refusal(inflating_docx(1 * MiB), "a.docx") == "无法读取 DOCX：XML 元素超过 10,000 个"


def test_the_budgets_let_a_real_document_through(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(limits, "MAX_XML_ELEMENTS", 10_000)
    assert extract_text(make_docx(LINES * 5), "a.docx").text.count("渝府办发〔2018〕52号") == 5


def test_a_docx_declaring_a_document_type_is_refused_as_unsafe() -> None:
    archive = zipfile.ZipFile(io.BytesIO(make_docx(["正文"])))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as out:
        for info in archive.infolist():
            data = archive.read(info)
            if info.filename == "word/document.xml":
                data = b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x "x">]>' + data.split(b"?>", 1)[1]
            out.writestr(info, data)
    assert refusal(buffer.getvalue(), "a.docx") == "无法读取 DOCX：word/document.xml 含有不安全的 XML 结构"


def test_ofd_pages_that_all_point_at_one_content_xml_are_charged_per_page(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(limits, "MAX_XML_ELEMENTS", 50_000)
    hostile = shared_content_ofd(pages=1000, codes=5000)
    assert len(hostile) < 20_000
    assert refusal(hostile, "a.ofd") == "无法读取 OFD：XML 元素超过 50,000 个"


def test_a_content_xml_shared_by_pages_is_read_once(monkeypatch: pytest.MonkeyPatch) -> None:
    read: list[str] = []
    stream = ofd.stream_xml

    def counting(archive: zipfile.ZipFile, name: str, *args: object) -> None:
        read.append(name)
        stream(archive, name, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(ofd, "stream_xml", counting)
    extracted = extract_text(shared_content_ofd(pages=40, codes=1000), "a.ofd")
    assert extracted.pages == 40
    assert read.count("Doc_0/Pages/Page_0/Content.xml") == 1


def test_a_pdf_whose_pages_share_one_large_content_stream_is_refused_before_any_text_is_extracted() -> None:
    hostile = shared_stream_pdf(pages=300, stream_bytes=1_000_000)
    assert len(hostile) < 16_000 * 5
    assert refusal(hostile, "a.pdf") == "无法读取 PDF：页面内容超过 16 MiB（多个页面重复引用同一内容流）"


def test_a_pdf_with_more_content_than_the_budget_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(limits, "MAX_CONTENT_BYTES", 1024)
    assert refusal(make_pdf(LINES * 4, lines_per_page=100), "a.pdf") == "无法读取 PDF：页面内容超过 1 KiB"


@pytest.mark.parametrize(("suffix", "make"), [(".pdf", make_pdf), (".ofd", make_ofd)])
def test_a_file_with_more_pages_than_the_budget_is_refused(
    monkeypatch: pytest.MonkeyPatch, suffix: str, make: object
) -> None:
    monkeypatch.setattr(limits, "MAX_PAGES", 3)
    data = make(LINES, lines_per_page=4)  # type: ignore[operator]
    assert refusal(data, "a" + suffix) == f"无法读取 {suffix[1:].upper()}：页数超过 3 页"


@pytest.mark.parametrize(
    ("suffix", "data", "kind"),
    [
        (".txt", "政务公开".encode() * 100, "文本"),
        (".html", "<p>政务公开</p>".encode() * 100, "网页"),
        (".docx", make_docx(["政务公开" * 100]), "DOCX"),
        (".pdf", make_pdf(["zheng wu gong kai " * 10]), "PDF"),
        (".ofd", make_ofd(["政务公开" * 100]), "OFD"),
    ],
)
def test_more_text_than_the_budget_is_refused(
    monkeypatch: pytest.MonkeyPatch, suffix: str, data: bytes, kind: str
) -> None:
    monkeypatch.setattr(limits, "MAX_TEXT_CHARS", 150)
    assert refusal(data, "a" + suffix) == f"无法读取 {kind}：文字超过 150 个字符"


@pytest.mark.parametrize(("filename", "named"), [("公文.doc", "Word 97-2003 文档"), ("公文.WPS", "WPS 文字文档")])
def test_a_legacy_office_file_is_refused_with_how_to_save_it(filename: str, named: str) -> None:
    message = refusal(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504, filename)
    suffix = filename.rsplit(".", 1)[1].lower()
    assert message == f"不能读取旧版格式 .{suffix}（{named}）：请在 WPS 或 Word 中另存为 .docx、.pdf 或 .ofd 后再提交"


def test_control_characters_and_escapes_are_stripped_and_text_kept() -> None:
    assert (
        strip_controls("\x1b[1;31m红头\x1b[0m\x00文件\x1b]8;;http://x\x1b\\链接\x9b2J\n\t正文\x85")
        == "红头文件链接\n\t正文"
    )
    assert one_line("  关于\r\n做好\t工作\x1b[K的通知 ") == "关于 做好 工作的通知"
    assert one_line("全角　空格") == "全角　空格"


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(body=st.binary(max_size=3000), declared=st.booleans())
def test_any_bytes_as_a_docx_body_are_read_or_refused_never_crash(body: bytes, declared: bool) -> None:
    archive = zipfile.ZipFile(io.BytesIO(make_docx(["正文"])))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as out:
        for info in archive.infolist():
            out.writestr(info, (b'<?xml version="1.0"?>' if declared else b"") + body
                         if info.filename == "word/document.xml" else archive.read(info))  # fmt: skip
    try:
        extracted = extract_text(buffer.getvalue(), "a.docx")
    except BadInput as refused:
        assert str(refused) and "\n" not in str(refused)
    else:
        assert extracted.text.strip()


def test_a_text_file_longer_than_the_budget_can_hold_is_refused_before_it_is_decoded(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(limits, "MAX_TEXT_CHARS", 100)
    noise = bytes(range(128, 256)) * 4  # undecodable: refused by its length before any guess is made
    assert refusal(noise[:401], "a.txt") == "无法读取 文本：文字超过 100 个字符"
    assert refusal(noise[:400], "a.txt") == "无法识别文本编码（请另存为 UTF-8）"


def test_a_large_gb18030_file_is_guessed_from_its_first_lines() -> None:
    line = ("关于做好政务公开工作的通知，" * 40 + "\n").encode("gb18030")
    extracted = extract_text(line * 3000, "a.txt")
    assert (extracted.encoding, extracted.text.count("\n")) == ("gb18030", 2999)

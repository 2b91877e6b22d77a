"""Reading a document's metadata from its text: the drafter only confirms what the document already says."""

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from policies.dates import chinese_date
from policies.metadata import (
    DocumentMetadata,
    normalise_doc_number,
    parse_chinese_date,
    read_metadata,
)
from tests.fixtures_docs import SAMPLE_NOTICE, SAMPLE_PERSONAL_DATA, SAMPLE_SECRET

CITING_WITHOUT_OWN_NUMBER = """重庆市教育委员会
关于转发《教育部关于做好2018年普通高校招生工作的通知》的通知

各区县（自治县）教委（教育局）：
　　现将《教育部关于做好2018年普通高校招生工作的通知》（教学〔2018〕3号）转发给你们，请结合实际认真贯彻执行。
　　根据《国务院办公厅印发〈关于全面推进政务公开工作的意见〉实施细则的通知》（国办发〔2016〕80号）要求，本通知主动公开。

重庆市教育委员会
2018年4月9日
（此件公开发布）
"""

REQUEST_WITH_SIGNER_AND_CHINESE_DATE = """000128
特急

重庆市渝北区人民政府文件

渝北府文〔2019〕8号　　　　　　　　签发人：李某某

重庆市渝北区人民政府
关于申请2019年地质灾害防治
专项资金的请示

重庆市人民政府：
　　今年以来，我区地质灾害隐患点增多，防治任务繁重。根据《重庆市地质灾害防治条例》，特申请专项资金500万元。
　　妥否，请批示。

重庆市渝北区人民政府
二〇一九年三月十一日
（此件不予公开）
"""

DISCLOSURE_PAGE = """索引号：11500000MB1234567X/2018-00123\t主题分类：教育
发文机关：重庆市教育委员会　成文日期：2018年04月28日
标题：重庆市教育委员会关于印发2018年义务教育招生入学工作方案的通知
发文字号：渝教基发[2018]12号\t发布日期：2018-05-02
有效性：有效

重庆市教育委员会关于印发
2018年义务教育招生入学工作方案的通知
各区县（自治县）教委：
　　现将《2018年义务教育招生入学工作方案》印发给你们，请认真贯彻执行。

重庆市教育委员会办公室
2018年4月27日
"""

WEB_STYLE_WITH_BRACKETED_NUMBER = """重庆市人民政府关于印发重庆市城乡居民最低生活保障条例实施办法的通知
（渝府发〔2018〕第05号）

各区县（自治县）人民政府，市政府各部门：
　　现将《重庆市城乡居民最低生活保障条例实施办法》印发给你们，请认真贯彻执行。

重庆市人民政府
2018.3.2
"""

JOINT_ISSUANCE = """渝教财发〔2019〕3号

重庆市教育委员会　重庆市财政局
关于下达2019年学生资助资金的通知

各区县（自治县）教委、财政局：
　　为做好家庭经济困难学生资助工作，现将2019年学生资助资金下达给你们。

重庆市教育委员会　　　　重庆市财政局
２０１９年３月１日
（此件公开发布）
"""

BROKEN_NUMBER_AND_DATE = """重庆市生态环境局文件

渝环发〔2018〕号

重庆市生态环境局
关于开展2018年大气污染防治专项检查的通知

各区县（自治县）生态环境局：
　　为打好污染防治攻坚战，市局决定开展专项检查。

重庆市生态环境局
2018年2月30日
"""

FORWARDING_WITH_ORIGINAL_APPENDED = """重庆市人民政府办公室文件

渝府办发〔2018〕60号

重庆市人民政府办公室
关于转发市民政局2018年社会救助工作要点的通知

各区县（自治县）人民政府，市政府有关部门：
　　市民政局《2018年社会救助工作要点》已经市政府同意，现转发给你们，请认真贯彻执行。

重庆市人民政府办公室
2018年5月10日
（此件公开发布）

2018年社会救助工作要点

　　一、完善最低生活保障制度。

重庆市民政局
2018年4月20日
"""

DRAFT_WITHOUT_HEADER = """重庆市政务公开
工作规定
（征求意见稿）

第一条　为了推进政务公开工作，制定本规定。
第二条　本规定适用于本市各级行政机关。
"""

HEADER_ONLY_ISSUER = """重庆市文化和旅游发展委员会文件

渝文旅发〔2019〕21号

关于开展2019年全民健身月活动的通知

各区县（自治县）文化旅游委：
　　为推动全民健身，现就有关事项通知如下。
"""


DOCUMENTS = {
    "notice with header and signature block": (
        SAMPLE_NOTICE,
        dict(
            title="重庆市人民政府办公室关于做好2018年义务教育阶段学校招生入学工作的通知",
            doc_number="渝府办发〔2018〕52号",
            formed_on=date(2018, 4, 28),
            issuer="重庆市人民政府办公室",
            attribute_mark="proactive",
        ),
    ),
    "numbers cited in the body are never the document's own": (
        CITING_WITHOUT_OWN_NUMBER,
        dict(
            title="重庆市教育委员会关于转发《教育部关于做好2018年普通高校招生工作的通知》的通知",
            doc_number=None,
            formed_on=date(2018, 4, 9),
            issuer="重庆市教育委员会",
            attribute_mark="proactive",
        ),
    ),
    "request with copy number, urgency, signer and a Chinese-numeral date": (
        REQUEST_WITH_SIGNER_AND_CHINESE_DATE,
        dict(
            title="重庆市渝北区人民政府关于申请2019年地质灾害防治专项资金的请示",
            doc_number="渝北府文〔2019〕8号",
            formed_on=date(2019, 3, 11),
            issuer="重庆市渝北区人民政府",
            attribute_mark="withheld",
        ),
    ),
    "disclosure-page headers win over the layout": (
        DISCLOSURE_PAGE,
        dict(
            title="重庆市教育委员会关于印发2018年义务教育招生入学工作方案的通知",
            doc_number="渝教基发〔2018〕12号",
            formed_on=date(2018, 4, 28),
            issuer="重庆市教育委员会",
            index_no="11500000MB1234567X/2018-00123",
            attribute_mark=None,
        ),
    ),
    "web style: bracketed number under the title, dotted date": (
        WEB_STYLE_WITH_BRACKETED_NUMBER,
        dict(
            title="重庆市人民政府关于印发重庆市城乡居民最低生活保障条例实施办法的通知",
            doc_number="渝府发〔2018〕5号",
            formed_on=date(2018, 3, 2),
            issuer="重庆市人民政府",
        ),
    ),
    "joint issuance with full-width digits in the date": (
        JOINT_ISSUANCE,
        dict(
            title="重庆市教育委员会　重庆市财政局关于下达2019年学生资助资金的通知",
            doc_number="渝教财发〔2019〕3号",
            formed_on=date(2019, 3, 1),
            issuer="重庆市教育委员会、重庆市财政局",
        ),
    ),
    "a broken number and an impossible date are not found": (
        BROKEN_NUMBER_AND_DATE,
        dict(
            title="重庆市生态环境局关于开展2018年大气污染防治专项检查的通知",
            doc_number=None,
            formed_on=None,
            issuer="重庆市生态环境局",
        ),
    ),
    "a forwarded original appended below keeps the forwarding organ's signature": (
        FORWARDING_WITH_ORIGINAL_APPENDED,
        dict(
            doc_number="渝府办发〔2018〕60号",
            formed_on=date(2018, 5, 10),
            issuer="重庆市人民政府办公室",
        ),
    ),
    "a multi-line draft title without header stops at its draft mark": (
        DRAFT_WITHOUT_HEADER,
        dict(title="重庆市政务公开工作规定", doc_number=None, formed_on=None, issuer=None, attribute_mark=None),
    ),
    "without a signature block the header names the issuer": (
        HEADER_ONLY_ISSUER,
        dict(
            title="关于开展2019年全民健身月活动的通知",
            doc_number="渝文旅发〔2019〕21号",
            issuer="重庆市文化和旅游发展委员会",
            formed_on=None,
        ),
    ),
    "secrecy and urgency marks above the header are not title": (
        SAMPLE_SECRET,
        dict(
            title="重庆市应急管理局关于做好2020年主汛期防汛抢险救援准备工作的通知",
            doc_number="渝应急发〔2020〕15号",
            formed_on=date(2020, 6, 1),
            attribute_mark="withheld",
        ),
    ),
    "a Chinese-numeral date after a list of personal data": (
        SAMPLE_PERSONAL_DATA,
        dict(
            title="关于2019年第一季度临时救助对象的公示",
            doc_number="渝中民发〔2019〕7号",
            formed_on=date(2019, 4, 10),
            issuer="重庆市渝中区民政局",
        ),
    ),
}


@pytest.mark.parametrize(("text", "expected"), DOCUMENTS.values(), ids=DOCUMENTS.keys())
def test_reads_the_metadata_a_document_states(text: str, expected: dict[str, object]) -> None:
    metadata = read_metadata(text)
    assert {name: getattr(metadata, name) for name in expected} == expected


@pytest.mark.parametrize("text", [SAMPLE_NOTICE, REQUEST_WITH_SIGNER_AND_CHINESE_DATE, JOINT_ISSUANCE])
def test_reads_the_same_metadata_when_blank_lines_are_lost_as_in_pdf_text(text: str) -> None:
    packed = "\n".join(line for line in text.splitlines() if line.strip())
    assert read_metadata(packed) == read_metadata(text)


def test_the_print_date_of_the_colophon_is_not_the_formation_date() -> None:
    assert "2018年4月29日印发" in SAMPLE_NOTICE
    assert read_metadata(SAMPLE_NOTICE).formed_on == date(2018, 4, 28)


def test_the_disclosure_headers_are_kept_as_raw_fields() -> None:
    assert read_metadata(DISCLOSURE_PAGE).fields == {
        "索引号": "11500000MB1234567X/2018-00123",
        "主题分类": "教育",
        "发文机关": "重庆市教育委员会",
        "成文日期": "2018年04月28日",
        "标题": "重庆市教育委员会关于印发2018年义务教育招生入学工作方案的通知",
        "发文字号": "渝教基发[2018]12号",
        "发布日期": "2018-05-02",
        "有效性": "有效",
    }


def test_headers_separated_by_tabs_as_in_a_table_are_read() -> None:
    fields = read_metadata("索引号\t11500000MB1234567X/2018-00123\n发文字号\t渝府发〔2018〕5号").fields
    assert fields == {"索引号": "11500000MB1234567X/2018-00123", "发文字号": "渝府发〔2018〕5号"}


def test_a_half_width_colon_header_is_read() -> None:
    assert read_metadata("发文机关: 重庆市人民政府\n正文。").issuer == "重庆市人民政府"


def test_a_broken_number_in_a_header_falls_back_to_the_number_under_the_header() -> None:
    text = "发文字号：无\n\n重庆市人民政府办公室文件\n渝府办发〔2018〕52号\n关于某事的通知\n各单位："
    assert read_metadata(text).doc_number == "渝府办发〔2018〕52号"


def test_a_disclosure_attribute_header_gives_the_attribute() -> None:
    assert read_metadata("公开方式：依申请公开\n关于某事的通知").attribute_mark == "on_request"


@pytest.mark.parametrize(
    ("mark_line", "attribute"),
    [
        ("（此件公开发布）", "proactive"),
        ("(此件公开发布)", "proactive"),
        ("（此件主动公开）", "proactive"),
        ("此件依申请公开", "on_request"),
        ("（此件依申请公开）", "on_request"),
        ("（此件不予公开）", "withheld"),
        ("（此件不公开）", "withheld"),
    ],
)
def test_the_attribute_mark_under_the_date_line_is_read(mark_line: str, attribute: str) -> None:
    assert read_metadata(f"关于某事的通知\n\n正文。\n\n重庆市人民政府\n2018年4月28日\n{mark_line}").attribute_mark == (
        attribute
    )


def test_an_attribute_named_in_running_prose_is_not_a_mark() -> None:
    text = "关于某事的通知\n\n　　公文应当注明（此件公开发布）等公开属性。\n\n重庆市人民政府\n2018年4月28日"
    assert read_metadata(text).attribute_mark is None


def test_a_title_that_merely_starts_with_a_mark_word_is_still_the_title() -> None:
    assert read_metadata("机密文件管理办法\n\n第一条　为了加强机密文件管理，制定本办法。").title == "机密文件管理办法"


def test_a_text_without_any_metadata_gives_nothing_but_its_first_line() -> None:
    assert read_metadata("会议纪要\n\n　　会议认为，要加强政务公开。") == DocumentMetadata(
        title="会议纪要", doc_number=None, formed_on=None, issuer=None, index_no=None, attribute_mark=None, fields={}
    )


def test_an_empty_text_gives_no_metadata() -> None:
    assert read_metadata("") == DocumentMetadata(None, None, None, None, None, None, {})


# --- 发文字号 ------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "normalised"),
    [
        ("渝府办发〔2018〕52号", "渝府办发〔2018〕52号"),
        ("渝府办发[2018]52号", "渝府办发〔2018〕52号"),
        ("渝府办发(2018)52号", "渝府办发〔2018〕52号"),
        ("渝府办发（2018）52号", "渝府办发〔2018〕52号"),
        ("渝府办发【2018】52号", "渝府办发〔2018〕52号"),
        ("渝府办发［2018］52号", "渝府办发〔2018〕52号"),
        ("渝府办发〔2018〕052号", "渝府办发〔2018〕52号"),
        ("渝府办发〔2018〕第52号", "渝府办发〔2018〕52号"),
        ("渝府办发〔2018〕第0052号", "渝府办发〔2018〕52号"),
        ("渝府办发〔２０１８〕５２号", "渝府办发〔2018〕52号"),
        (" 渝府办发 〔2018〕 52 号 ", "渝府办发〔2018〕52号"),
        ("（国办发〔2016〕80号）", "国办发〔2016〕80号"),
        ("国发明电〔2020〕1号", "国发明电〔2020〕1号"),
    ],
)
def test_a_doc_number_is_normalised_to_six_corner_brackets(raw: str, normalised: str) -> None:
    assert normalise_doc_number(raw) == normalised


@pytest.mark.parametrize(
    "raw",
    [
        "",
        "渝府办发〔2018〕号",
        "渝府办发〔18〕52号",
        "〔2018〕52号",
        "渝府办发〔2018〕0号",
        "渝府办发〔2018〕52",
        "渝府办发2018年52号",
        "渝府办发〔1800〕1号",
        "渝府办发〔二〇一八〕52号",
        "渝府办发〔2018〕1234567号",
        "关于印发工作要点的通知",
        "《国务院办公厅关于推进政务公开的意见》（国办发〔2016〕80号）",
    ],
)
def test_a_broken_doc_number_is_not_found(raw: str) -> None:
    assert normalise_doc_number(raw) is None


# --- dates ------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "parsed"),
    [
        ("2018年4月28日", date(2018, 4, 28)),
        ("2018年04月28日", date(2018, 4, 28)),
        (" 2018 年 4 月 28 日 ", date(2018, 4, 28)),
        ("2018-04-27", date(2018, 4, 27)),
        ("2018.4.28", date(2018, 4, 28)),
        ("2018/4/28", date(2018, 4, 28)),
        ("２０１８年４月２８日", date(2018, 4, 28)),
        ("２０１８－０４－２７", date(2018, 4, 27)),
        ("二〇一八年四月二十八日", date(2018, 4, 28)),
        ("二零一八年四月二十八日", date(2018, 4, 28)),
        ("二○一八年十月一日", date(2018, 10, 1)),
        ("二〇二〇年十二月三十一日", date(2020, 12, 31)),
        ("二〇一九年十一月十日", date(2019, 11, 10)),
        ("二〇一九年三月十九日", date(2019, 3, 19)),
        ("二〇二四年二月二十九日", date(2024, 2, 29)),
    ],
)
def test_dates_are_read_in_every_form_documents_use(raw: str, parsed: date) -> None:
    assert parse_chinese_date(raw) == parsed


@pytest.mark.parametrize(
    "raw",
    [
        "",
        "2018年2月30日",
        "2019年2月29日",
        "2018年13月1日",
        "2018-04",
        "2018-04/27",
        "18年4月28日",
        "2018年4月28日印发",
        "二〇一八年四月三十二日",
        "二〇一八年二月三十日",
        "二〇一八年十三月一日",
        "二〇一八年四月十十日",
        "二〇一八年四月二十八",
        "二〇一八年四月〇日",
        "明天",
    ],
)
def test_an_impossible_or_malformed_date_is_not_found(raw: str) -> None:
    assert parse_chinese_date(raw) is None


def test_dates_are_written_without_leading_zeros() -> None:
    assert chinese_date(date(2026, 10, 10)) == "2026年10月10日"
    assert chinese_date(date(2018, 4, 8)) == "2018年4月8日"


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31)))
def test_a_formatted_date_reads_back_as_the_same_date(day: date) -> None:
    assert parse_chinese_date(chinese_date(day)) == day


# --- never a crash ----------------------------------------------------------------------------------------------

DOCUMENT_PIECES = st.sampled_from(
    [
        "\n", "\n\n", "　", " ", "\t", "：", ":", "（", "）", "〔", "〕", "[", "]", "【", "第", "号", "年", "月", "日",
        "2018", "0", "99999999", "二〇一八", "十", "二十", "三十一", "〇", "文件", "关于", "的通知", "人民政府",
        "办公室", "渝府办发", "签发人：", "索引号：", "发文字号：", "成文日期：", "标题：", "发文机关：",
        "此件公开发布", "机密★1年", "。", "，", "《", "》", "-", ".", "/", "２", "０",
    ]
)  # fmt: skip


@given(st.text())
def test_read_metadata_never_raises_on_arbitrary_text(text: str) -> None:
    assert isinstance(read_metadata(text), DocumentMetadata)


@given(st.lists(DOCUMENT_PIECES, max_size=60).map("".join))
def test_read_metadata_never_raises_on_document_like_fragments(text: str) -> None:
    metadata = read_metadata(text)
    assert metadata.doc_number is None or normalise_doc_number(metadata.doc_number) == metadata.doc_number


@given(st.one_of(st.text(), st.lists(DOCUMENT_PIECES, max_size=12).map("".join)))
def test_number_and_date_parsers_never_raise(raw: str) -> None:
    normalise_doc_number(raw)
    parse_chinese_date(raw)

"""The metadata reader on a corpus of messy real-world texts: every field of every document, and where it was read."""

import re
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from policies.findings import find_sensitive
from policies.metadata import DocumentMetadata, read_metadata
from tests.unit.corpus import (
    ABBREV,
    BLOCK,
    BROKEN,
    DOCUMENTS,
    FLAT,
    JOINT,
    MARK,
    NUMBER,
    RED,
    WEB,
    CorpusDocument,
)

FIELDS = ("title", "doc_number", "formed_on", "issuer", "index_no", "attribute_mark")
CASES = [pytest.param(doc, name, id=f"{doc.name}: {name}") for doc in DOCUMENTS for name in FIELDS]


def test_the_corpus_is_large_enough_and_covers_every_pattern() -> None:
    covered = {pattern for doc in DOCUMENTS for pattern in doc.patterns}
    assert len(DOCUMENTS) >= 25
    assert covered == {WEB, BLOCK, FLAT, RED, JOINT, BROKEN, ABBREV, MARK, NUMBER}
    assert sum(len(doc.patterns) > 1 for doc in DOCUMENTS) >= 8  # combinations


@pytest.mark.parametrize(("doc", "name"), CASES)
def test_each_field_of_each_corpus_document_is_read_as_a_drafter_would(doc: CorpusDocument, name: str) -> None:
    assert getattr(read_metadata(doc.text), name) == doc.expected()[name]


@pytest.mark.parametrize("doc", DOCUMENTS, ids=[doc.name for doc in DOCUMENTS])
def test_every_field_found_says_where_it_was_read_and_no_other(doc: CorpusDocument) -> None:
    metadata = read_metadata(doc.text)
    found = {name for name in FIELDS if getattr(metadata, name) is not None}
    assert set(metadata.sources) == found
    assert all(re.match(r"第\d+行(（[^）]*）)?：\S", source) for source in metadata.sources.values())


def by_name(fragment: str) -> CorpusDocument:
    return next(doc for doc in DOCUMENTS if fragment in doc.name)


def test_the_number_under_a_red_header_says_so_with_its_line() -> None:
    sources = read_metadata(by_name("square brackets and spaces").text).sources
    assert sources["doc_number"] == "第3行：版头下的发文字号（原文“临政办发[2018]52号”）"


def test_an_expanded_abbreviation_names_both_forms() -> None:
    sources = read_metadata(by_name("市府办 under a full header").text).sources
    assert "“市府办”是版头或标题中“江州市人民政府办公室”的简称" in sources["issuer"]


def test_a_flattened_text_says_its_line_lost_its_breaks() -> None:
    sources = read_metadata(by_name("the whole text on one line").text).sources
    assert sources["formed_on"].startswith("第1行（该行失去了换行，按空格切分）：落款日期")


def test_a_page_date_is_never_the_formation_date() -> None:
    doc = by_name("发文日期 is the page's")
    metadata = read_metadata(doc.text)
    assert metadata.fields["发文日期"] == "2022年05月09日" and metadata.formed_on == date(2022, 4, 29)


def test_a_header_block_value_on_the_line_below_its_name_is_read_and_an_empty_field_stays_empty() -> None:
    metadata = read_metadata(by_name("bullets, values below").text)
    assert metadata.fields["成文日期"] == "2020年07月02日"
    assert "发文字号" not in metadata.fields and "主题分类" not in metadata.fields


# --- never a crash ----------------------------------------------------------------------------------------------

MESSY_PIECES = st.sampled_from(
    [
        "\n", " ", "　", "\t", "\r", "：", ":", "·", "登录 | 注册", "字号：大 中 小", "打印本页 关闭窗口", "首页 > ",
        "您现在的位置：", "信息来源：", "发布日期：", "浏览次数：", "索  引 号:", "标      题：", "发文字号:",
        "成文日期：", "（此件公开发布）", "此件", "市府办", "省府办公厅", "文件", "经济开发区", "社会事业局",
        "关于", "的通知", "[2018]", " 52 号", "（2018）", "〔2018〕", "第", "7号", "2018年6月12日", "2018-06-14",
        "二〇一八年", "十", "江州市人民政府办公室", "。", "，", "《", "》", "_", "|", "110101199003071236",
        "a@b.gov.cn", "x" * 200,
    ]
)  # fmt: skip


@settings(max_examples=300)
@given(st.lists(MESSY_PIECES, max_size=80).map("".join))
def test_no_messy_text_crashes_the_metadata_reader_or_the_precheck(text: str) -> None:
    assert isinstance(read_metadata(text), DocumentMetadata)
    find_sensitive(text, today=date(2026, 6, 1), official_domains=("jiangzhou.cn",))


@given(st.text())
def test_no_text_at_all_crashes_the_precheck(text: str) -> None:
    find_sensitive(text, today=date(2026, 6, 1))

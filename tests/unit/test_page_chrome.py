"""Web-page chrome dropped from a document's text at intake: whole lines of it only, never a line of the document,
and the metadata of every corpus document still read the same."""

from __future__ import annotations

import pytest

from policies.metadata import read_metadata
from policies.metadata_lines import is_organ
from policies.page_chrome import is_page_chrome, without_page_chrome
from tests.unit.corpus import BODY, DOCUMENTS, CorpusDocument

CHROME = [
    "首页 > 政务公开 > 政府文件",
    "您现在的位置：首页 > 政务公开 > 通知公告",
    "当前位置：首页 > 政府信息公开 > 法定主动公开内容",
    "首页 > 政务公开 > 政策文件 > 云岭省水利厅关于加强小型水库安全运行管理的通知",
    "首页 政务公开 政策文件 办事服务 互动交流",
    "字号：大 中 小    打印本页    关闭窗口",
    "字号：大 中 小 | 打印本页 | 关闭窗口",
    "【字体：大 中 小】【打印】【关闭】",
    "【打印本页】【关闭窗口】",
    "打印本页　关闭窗口",
    "【打印】【关闭】",
    "分享到： 微信 微博",
    "登录 | 注册",
    "无障碍 | 关怀版 | 登录",
    "扫一扫在手机打开当前页",
    "返回顶部",
    "主办：重庆市人民政府办公厅 | 网站标识码：5000000095 | 渝ICP备05003300号 网站地图 联系我们",
    "主办单位：江州市人民政府办公室 ICP备05001234号",
    "版权所有：江州市人民政府办公室　渝公网安备 50010302000123号",
    "　　网站标识码：5000000095　　",
]

DOCUMENT_LINES = [
    "主办单位：江州市文化和旅游发展委员会",
    "主办：市文化和旅游局　承办：市图书馆",
    "各网站须于2026年12月底前完成ICP备案，备案号为渝ICP备05003300号的网站另行通知。",
    "网站标识码：",
    "微信\t微博",
    "渠道：微信 微博",
    "关闭",
    "中",
    "大 中 小",
    "所在位置：江州市高新区创业大道8号",
    "首页设计应当突出政务公开专栏。",
    "首页 > 政务公开 > 通知公告。现将有关事项通知如下。",
    "联系我们：023-63850000",
    "打印本页后请签字盖章。",
    "三、网站地图应当每月更新。",
    "江州市人民政府门户网站",
    "　　一、提高认识，加强领导。",
]


@pytest.mark.parametrize("line", CHROME)
def test_a_line_of_page_chrome_is_dropped(line: str) -> None:
    assert is_page_chrome(line)


@pytest.mark.parametrize("line", DOCUMENT_LINES)
def test_a_line_of_the_document_is_kept_even_when_it_names_page_things(line: str) -> None:
    assert not is_page_chrome(line)


def test_only_the_chrome_lines_go_every_other_line_stays_as_it_was() -> None:
    text = "首页 > 政务公开\n字号：大 中 小 | 打印本页\n关于某事的通知\n\n　　正文。\n【打印本页】【关闭窗口】"
    assert without_page_chrome(text) == "关于某事的通知\n\n　　正文。"
    assert without_page_chrome("关于某事的通知\n　　正文。") == "关于某事的通知\n　　正文。"


DROPPED = {line.strip(" \t\u3000") for line in CHROME} | {
    "登录\u3000注册\u3000无障碍\u3000长者模式",
    "字号：大 中 小",
    "打印本页 关闭窗口",
    "您当前的位置：首页 > 信息公开 > 部门文件",
}
"""Every line of the corpus that is chrome, as a careful reader would strike it out."""


@pytest.mark.parametrize("doc", DOCUMENTS, ids=[doc.name for doc in DOCUMENTS])
def test_a_corpus_document_loses_only_its_chrome_and_keeps_its_body_and_metadata(doc: CorpusDocument) -> None:
    cleaned = without_page_chrome(doc.text)
    dropped = [line for line in doc.text.split("\n") if line.strip() and line not in cleaned.split("\n")]
    assert set(dropped) <= DROPPED, dropped
    if BODY in doc.text:
        assert BODY in cleaned
    before, after = read_metadata(doc.text), read_metadata(cleaned)
    assert [getattr(after, name) for name in doc.expected()] == list(doc.expected().values())
    assert set(after.sources) == set(before.sources)


def test_the_corpus_web_captures_lose_their_chrome() -> None:
    captures = 0
    for doc in DOCUMENTS:
        chrome = [line for line in doc.text.split("\n") if line in DROPPED]
        assert not set(chrome) & set(without_page_chrome(doc.text).split("\n")), doc.name
        captures += len(chrome) >= 3
    assert captures >= 4


def test_a_sites_name_above_the_title_is_not_read_as_its_issuer() -> None:
    assert not is_organ("江州市人民政府门户网站") and is_organ("江州市水文站")
    text = "江州市人民政府门户网站\n首页 > 政务公开 > 通知公告\n江州市人民政府办公室关于某事的通知\n各单位：\n正文。"
    assert read_metadata(without_page_chrome(text)).title == "江州市人民政府办公室关于某事的通知"


def test_a_copyright_line_alone_is_the_documents() -> None:
    assert not is_page_chrome("版权所有：江州出版社")
    assert is_page_chrome("版权所有：江州市人民政府办公室 网站标识码：5000000095")

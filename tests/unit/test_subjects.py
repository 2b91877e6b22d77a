"""Subject classification into the seven key areas (国办发〔2018〕10号) or 其他, showing the words that decided it."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from policies.errors import BadInput
from policies.metadata import read_metadata
from policies.subjects import (
    KEYWORDS,
    MIN_SCORE,
    NOT_COUNTED,
    TITLE_WEIGHT,
    Classification,
    SubjectArea,
    classify_subject,
)
from tests.fixtures_docs import SAMPLE_NOTICE, SAMPLE_PERSONAL_DATA, SAMPLE_SECRET

EXAMPLES = [
    (
        "关于做好2019年脱贫攻坚工作的通知",
        "各区县要落实建档立卡贫困户帮扶措施。",
        SubjectArea.POVERTY_ALLEVIATION,
        "脱贫攻坚",
    ),
    ("关于公布2019年易地扶贫搬迁项目的公告", "", SubjectArea.POVERTY_ALLEVIATION, "易地扶贫搬迁"),
    ("关于提高城乡低保标准的通知", "最低生活保障标准每人每月提高30元。", SubjectArea.SOCIAL_ASSISTANCE, "低保"),
    ("关于加强特困人员救助供养工作的意见", "", SubjectArea.SOCIAL_ASSISTANCE, "特困人员"),
    ("关于推进养老服务发展的实施意见", "", SubjectArea.SOCIAL_ASSISTANCE, "养老服务"),
    ("关于做好义务教育招生入学工作的通知", "", SubjectArea.EDUCATION, "义务教育"),
    ("关于下达学生资助资金的通知", "", SubjectArea.EDUCATION, "学生资助"),
    ("关于做好2019年预防接种工作的通知", "各医院和基层医疗卫生机构要做好疫苗管理。", SubjectArea.HEALTH, "预防接种"),
    ("关于调整城乡居民医保缴费标准的通知", "", SubjectArea.HEALTH, "医保"),
    ("关于开展大气污染防治专项检查的通知", "", SubjectArea.ENVIRONMENT, "大气污染"),
    ("关于公布2018年生态环境质量状况的公告", "", SubjectArea.ENVIRONMENT, "生态环境"),
    ("关于做好主汛期防汛抢险工作的通知", "", SubjectArea.DISASTER_RESCUE, "防汛"),
    ("关于印发地质灾害应急预案的通知", "", SubjectArea.DISASTER_RESCUE, "地质灾害"),
    ("关于开展全民健身月活动的通知", "", SubjectArea.CULTURE_SPORTS, "全民健身"),
    ("关于公布第五批非物质文化遗产代表性项目名录的通知", "", SubjectArea.CULTURE_SPORTS, "非物质文化遗产"),
]


@pytest.mark.parametrize(("title", "text", "area", "word"), EXAMPLES)
def test_a_title_about_a_key_area_is_classified_there_and_says_why(
    title: str, text: str, area: SubjectArea, word: str
) -> None:
    classification = classify_subject(title, text)
    assert classification.area is area
    assert word in classification.matched


@pytest.mark.parametrize(
    ("sample", "area"),
    [
        (SAMPLE_NOTICE, SubjectArea.EDUCATION),
        (SAMPLE_PERSONAL_DATA, SubjectArea.SOCIAL_ASSISTANCE),
        (SAMPLE_SECRET, SubjectArea.DISASTER_RESCUE),
    ],
)
def test_the_sample_documents_fall_in_their_areas(sample: str, area: SubjectArea) -> None:
    assert classify_subject(read_metadata(sample).title or "", sample).area is area


@pytest.mark.parametrize(
    ("title", "text"),
    [
        ("关于召开2019年度工作会议的通知", "请各单位准时参加。"),
        ("关于进一步优化营商环境的意见", "持续优化营商环境和发展环境。"),
        ("关于开展警示教育活动的通知", "通过警示教育和宣传教育，教育引导干部。"),
        ("关于调整市政府领导工作分工的通知", ""),
        ("", ""),
    ],
)
def test_a_document_outside_the_key_areas_is_other_and_names_no_words(title: str, text: str) -> None:
    assert classify_subject(title, text) == Classification(
        area=SubjectArea.OTHER, matched=(), scores=dict.fromkeys([area.value for area in KEYWORDS], 0)
    )


def test_a_title_match_outweighs_a_few_mentions_in_the_body() -> None:
    classification = classify_subject("关于做好学校招生工作的通知", "注意防汛。防汛期间注意安全。")
    assert classification.area is SubjectArea.EDUCATION
    assert classification.scores["education"] == 2 * TITLE_WEIGHT
    assert classification.scores["disaster_rescue"] == 2


def test_a_word_repeated_in_the_body_counts_only_up_to_its_cap() -> None:
    classification = classify_subject("", "防汛" * 50)
    assert classification.scores["disaster_rescue"] == 3


def test_a_single_passing_mention_in_the_body_is_not_enough() -> None:
    assert MIN_SCORE > 1
    assert classify_subject("关于加强机关管理的通知", "包括学校。").area is SubjectArea.OTHER


def test_the_longest_keyword_wins_where_keywords_overlap() -> None:
    classification = classify_subject("关于做好医疗救助工作的通知", "")
    assert classification.area is SubjectArea.SOCIAL_ASSISTANCE
    assert classification.matched == ("医疗救助",)
    assert classification.scores["health"] == 0


def test_the_scores_are_keyed_by_area_code() -> None:
    assert set(classify_subject("标题", "正文").scores) == {area.value for area in KEYWORDS}


def test_words_not_counted_belong_to_no_area() -> None:
    assert not set(NOT_COUNTED) & {word for words in KEYWORDS.values() for word in words}


@pytest.mark.parametrize(
    ("code", "label"),
    [
        ("poverty_alleviation", "脱贫攻坚"),
        ("social_assistance", "社会救助和社会福利"),
        ("education", "教育"),
        ("health", "基本医疗卫生"),
        ("environment", "环境保护"),
        ("disaster_rescue", "灾害事故救援"),
        ("culture_sports", "公共文化体育"),
        ("other", "其他"),
    ],
)
def test_each_area_is_named_by_its_code_or_its_chinese_label(code: str, label: str) -> None:
    assert SubjectArea.parse(code.upper()) is SubjectArea.parse(f" {label} ") is SubjectArea(code)
    assert SubjectArea(code).label == label


@pytest.mark.parametrize("unknown", ["", "教育局", "Educ ation", "poverty"])
def test_an_unknown_area_is_refused_with_the_choices(unknown: str) -> None:
    with pytest.raises(BadInput, match="未知主题分类") as refused:
        SubjectArea.parse(unknown)
    assert "education（教育）" in str(refused.value)


@given(st.text(), st.text())
def test_classification_never_fails_and_only_names_words_of_its_area(title: str, text: str) -> None:
    classification = classify_subject(title, text)
    assert set(classification.matched) <= set(KEYWORDS.get(classification.area, ()))

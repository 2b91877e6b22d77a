"""Subject classification into the seven key areas of 国办发〔2018〕10号, or 其他, by keyword rules a person can read.

Each area has its keywords; a keyword in the title counts TITLE_WEIGHT, in the body 1 per occurrence up to
BODY_CAP. The area with the highest score wins if it reaches MIN_SCORE (a tie goes to the area listed first);
otherwise the document is 其他.
Words in NOT_COUNTED are read as a whole so that, e.g., 营商环境 does not count as 环境保护.
"""

import re
from dataclasses import dataclass

from policies.labels import Labelled


class SubjectArea(Labelled, noun="主题分类", choices_with_labels=True):
    """The seven key areas of 国办发〔2018〕10号, plus 其他."""

    POVERTY_ALLEVIATION = "poverty_alleviation", "脱贫攻坚"
    SOCIAL_ASSISTANCE = "social_assistance", "社会救助和社会福利"
    EDUCATION = "education", "教育"
    HEALTH = "health", "基本医疗卫生"
    ENVIRONMENT = "environment", "环境保护"
    DISASTER_RESCUE = "disaster_rescue", "灾害事故救援"
    CULTURE_SPORTS = "culture_sports", "公共文化体育"
    OTHER = "other", "其他"


KEYWORDS: dict[SubjectArea, tuple[str, ...]] = {
    SubjectArea.POVERTY_ALLEVIATION: (
        "脱贫攻坚", "脱贫", "扶贫", "贫困户", "贫困人口", "贫困村", "贫困县", "建档立卡", "精准扶贫",
        "易地扶贫搬迁", "防止返贫", "返贫", "巩固拓展脱贫攻坚成果", "东西部协作", "对口帮扶", "驻村工作队",
    ),
    SubjectArea.SOCIAL_ASSISTANCE: (
        "社会救助", "最低生活保障", "低保", "特困人员", "特困供养", "临时救助", "医疗救助", "社会福利",
        "养老服务", "养老机构", "残疾人", "孤儿", "困境儿童", "留守儿童", "儿童福利", "高龄津贴", "优抚",
        "流浪乞讨", "救助对象", "殡葬",
    ),
    SubjectArea.EDUCATION: (
        "教育", "义务教育", "学前教育", "职业教育", "高等教育", "学校", "学生", "教师", "幼儿园", "中小学",
        "招生", "入学", "学籍", "教学", "校园", "学生资助", "助学金", "营养改善计划",
    ),
    SubjectArea.HEALTH: (
        "医疗卫生", "基本医疗", "医疗", "医院", "医保", "医疗保障", "公共卫生", "卫生健康", "疾病预防",
        "疾病预防控制", "疫苗", "预防接种", "传染病", "疫情防控", "药品", "医师", "家庭医生", "基层医疗",
        "妇幼保健", "诊疗", "健康中国",
    ),
    SubjectArea.ENVIRONMENT: (
        "环境保护", "生态环境", "环保", "污染", "污染防治", "大气污染", "水污染", "土壤污染", "排污", "环评",
        "环境影响评价", "节能减排", "碳排放", "固体废物", "危险废物", "噪声", "饮用水水源", "河长制",
        "自然保护区", "环境监测", "环境质量", "生态保护", "生态修复", "生态文明", "人居环境",
    ),
    SubjectArea.DISASTER_RESCUE: (
        "灾害", "自然灾害", "地质灾害", "防汛", "抗旱", "防汛抗旱", "地震", "洪涝", "森林火灾", "火灾",
        "应急救援", "救援", "抢险", "救灾", "受灾", "灾后重建", "灾害救助", "应急管理", "安全生产",
        "生产安全事故", "事故", "消防", "台风", "泥石流", "滑坡", "应急预案", "避险转移",
    ),
    SubjectArea.CULTURE_SPORTS: (
        "公共文化", "文化", "体育", "图书馆", "博物馆", "文化馆", "美术馆", "全民健身", "健身", "体育场",
        "体育赛事", "运动会", "非物质文化遗产", "文物", "文艺", "演出", "广播电视", "农家书屋", "群众文化",
    ),
}  # fmt: skip
NOT_COUNTED = ("营商环境", "发展环境", "宣传教育", "警示教育", "教育引导", "文化程度", "企业文化", "廉政文化")
TITLE_WEIGHT = 5
BODY_CAP = 3
MIN_SCORE = 3

_AREA_OF = {word: area for area, words in KEYWORDS.items() for word in words}
_WORDS = re.compile("|".join(sorted([*_AREA_OF, *NOT_COUNTED], key=len, reverse=True)))


@dataclass(frozen=True)
class Classification:
    """The area chosen, the keywords that matched (title first), and every area's score, by code."""

    area: SubjectArea
    matched: tuple[str, ...]
    scores: dict[str, int]


def classify_subject(title: str, text: str) -> Classification:
    """The key area of a document from the keywords in its title (weighing more) and its text."""
    scores = dict.fromkeys(KEYWORDS, 0)
    matched: dict[SubjectArea, list[str]] = {area: [] for area in KEYWORDS}
    for word in _words(title):
        scores[_AREA_OF[word]] += TITLE_WEIGHT
        matched[_AREA_OF[word]].append(word)
    body_counts: dict[str, int] = {}
    for word in _words(text):
        body_counts[word] = body_counts.get(word, 0) + 1
    for word, count in body_counts.items():
        scores[_AREA_OF[word]] += min(count, BODY_CAP)
        matched[_AREA_OF[word]].append(word)
    best = max(KEYWORDS, key=lambda area: scores[area])
    area = best if scores[best] >= MIN_SCORE else SubjectArea.OTHER
    words = tuple(dict.fromkeys(matched[area])) if area is not SubjectArea.OTHER else ()
    return Classification(area=area, matched=words, scores={a.value: score for a, score in scores.items()})


def _words(text: str) -> list[str]:
    """The counted keywords in a text, longest first at each position, each occurrence once."""
    return [match[0] for match in _WORDS.finditer(text) if match[0] in _AREA_OF]

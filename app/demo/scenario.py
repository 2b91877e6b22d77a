"""The demo's scenario: the organisation, its users, a dozen documents as their drafters save them, and the steps.

Each document is laid out as GB/T 9704 has it and saved as .docx, .pdf, .ofd or .txt (app.demo.files builds the
bytes); each step is one thing one person does on one day, and says when the rules must refuse it.
"""

from __future__ import annotations

import base64
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Final

from app.demo.files import make_docx, make_ofd, make_pdf, make_txt
from policies.dates import chinese_date
from policies.findings import find_sensitive, redact

ORGANISATION: Final = {"org_code": "11500000MB1234567X", "org_name": "示例市人民政府", "org_kind": "government"}
USERS: Final = (
    ("王芳", "drafter", "市教育局"),
    ("赵明", "drafter", "市民政局"),
    ("陈静", "drafter", "市应急管理局"),
    ("刘洋", "drafter", "市生态环境局"),
    ("孙丽", "drafter", "市政府办公室"),
    ("李华", "reviewer", "市政府办公室"),
    ("张建国", "signer", None),
    ("周敏", "supervisor", None),
)
BUILDERS: Final[dict[str, Callable[[Sequence[str]], bytes]]] = {
    ".docx": make_docx,
    ".pdf": make_pdf,
    ".ofd": make_ofd,
    ".txt": make_txt,
}
D = date


@dataclass(frozen=True)
class Paper:
    """A file as its drafter saves it: the name (its suffix picks the format) and its lines."""

    filename: str
    lines: tuple[str, ...]

    def upload(self) -> dict[str, str]:
        """The file as the API takes it."""
        suffix = Path(self.filename).suffix
        content = BUILDERS[suffix](self.lines)
        return {"filename": self.filename, "content": base64.b64encode(content).decode("ascii")}


def official(
    filename: str,
    header: str,
    number: str,
    title: str,
    addressee: str,
    body: Sequence[str],
    day: date,
    mark: str,
    *,
    top: Sequence[str] = (),
) -> Paper:
    """A 公文 laid out as GB/T 9704 has it: marks, header, 发文字号, title, addressee, body, signature, date, mark."""
    issuer = header.removesuffix("文件")
    paragraphs = [f"　　{paragraph}" for paragraph in body]
    lines = (*top, header, "", number, "", title, "", f"{addressee}：", *paragraphs, "", issuer)
    return Paper(filename, (*lines, chinese_date(day), mark))


def plain(filename: str, title: str, body: Sequence[str]) -> Paper:
    """An attachment without the 公文 frame: an interpretation plan or interpretation material."""
    return Paper(filename, (title, "", *body))


PUBLIC = "（此件公开发布）"

SUBSIDY = official(
    "学生资助实施办法.docx", "示例市教育局文件", "示教发〔2026〕35号",
    "示例市教育局关于印发《示例市义务教育阶段学生资助实施办法》的通知", "各区县教育局，市直属各学校",
    [
        "为进一步健全学生资助政策体系，保障家庭经济困难学生顺利完成义务教育，现将《示例市义务教育阶段学生资助实施办法》印发给你们，请认真贯彻执行。",
        "一、资助对象为本市义务教育阶段学校在校的家庭经济困难学生，重点保障建档立卡脱贫家庭、最低生活保障家庭、特困供养学生和残疾学生。",
        "二、寄宿生生活费补助标准为小学每生每年1000元、初中每生每年1250元，非寄宿生按寄宿生标准的50%执行。",
        "三、学校应于每学期开学后一个月内完成资助对象认定，认定结果在校内公示5个工作日，公示时不得公开学生的身份证件号码、家庭住址、联系电话等个人信息。",
        "四、本办法自2026年9月1日起施行。学生资助咨询电话：023-61234567。",
    ],
    D(2026, 9, 3), PUBLIC,
)  # fmt: skip
SUBSIDY_PLAN = plain(
    "学生资助实施办法解读方案.txt", "《示例市义务教育阶段学生资助实施办法》政策解读方案",
    ["解读形式：问答解读，由市教育局学生资助管理中心负责起草，随文件同步报批。",
     "发布渠道：市政府门户网站政府信息公开专栏。"],
)  # fmt: skip
SUBSIDY_QA = plain(
    "学生资助实施办法问答.docx", "一图读懂：义务教育阶段学生资助有哪些新变化",
    [
        "问：哪些学生可以申请资助？答：本市义务教育阶段学校在校的家庭经济困难学生，重点是脱贫家庭、低保家庭、特困供养和残疾学生。",
        "问：补助标准是多少？答：寄宿生小学每生每年1000元、初中每生每年1250元；非寄宿生按一半执行。",
        "问：如何申请？答：开学后向就读学校提出申请，学校一个月内完成认定并公示。",
    ],
)  # fmt: skip

MINIMUM_LIVING = official(
    "最低生活保障审核确认办法.pdf", "示例市民政局文件", "示民规〔2026〕2号",
    "示例市民政局关于印发《示例市最低生活保障审核确认办法》的通知", "各区县民政局",
    [
        "为规范最低生活保障审核确认工作，根据《社会救助暂行办法》，结合本市实际，制定本办法。",
        "一、申请最低生活保障以家庭为单位，由申请家庭确定一名共同生活的家庭成员作为申请人，向户籍所在地乡镇人民政府（街道办事处）提出书面申请。",
        "二、乡镇人民政府（街道办事处）应当自受理申请之日起30日内完成审核，并将审核意见在申请家庭所在村（社区）公示7天。",
        "三、本办法自2026年10月1日起施行，有效期5年。",
    ],
    D(2026, 9, 7), PUBLIC,
)  # fmt: skip
MINIMUM_LIVING_PLAN = plain(
    "低保审核确认办法解读方案.txt", "《示例市最低生活保障审核确认办法》解读方案",
    ["解读形式：文字解读。起草单位市民政局社会救助科负责，文件发布后三个工作日内发布。"],
)  # fmt: skip
MINIMUM_LIVING_TEXT = plain(
    "低保审核确认办法解读.txt", "《示例市最低生活保障审核确认办法》政策解读",
    [
        "一、制定背景：为落实社会救助制度改革要求，进一步规范低保审核确认程序。",
        "二、主要变化：审核时限由45日缩短为30日；公示期统一为7天；申请人可向乡镇（街道）或通过政务服务平台提出申请。",
    ],
)  # fmt: skip

STAFFING = official(
    "内设机构职责调整请示.ofd", "示例市人民政府办公室文件", "示府办〔2026〕48号",
    "示例市人民政府办公室关于调整机关内设科室职责分工的请示", "市人民政府",
    [
        "根据机构改革后的工作需要，拟将秘书一科承担的政务公开日常工作调整至综合科，并相应调整两科人员编制。",
        "妥否，请批示。",
    ],
    D(2026, 9, 2), "（此件不予公开）",
)  # fmt: skip

ENERGY = official(
    "重点企业用能监测通报.txt", "示例市生态环境局文件", "示环发〔2026〕61号",
    "示例市生态环境局关于2026年第三季度重点企业用能监测情况的通报", "各有关企业",
    [
        "现将2026年第三季度全市重点用能企业能耗在线监测情况通报如下。",
        "通报所附各企业分月用电量、用煤量及主要产品单位能耗数据，涉及企业生产经营信息，请各企业妥善保管。",
    ],
    D(2026, 9, 2), "（此件依申请公开）",
)  # fmt: skip


def campus_safety(filename: str, top: Sequence[str]) -> Paper:
    """The campus-safety notice; the first draft still carries 征求意见稿 above its header."""
    return official(
        filename, "示例市教育局文件", "示教发〔2026〕38号",
        "示例市教育局关于做好2026年秋季学期中小学校园安全工作的通知", "各区县教育局，市直属各学校",
        [
            "为切实做好秋季学期校园安全工作，保障师生生命财产安全，现就有关事项通知如下。",
            "一、开学前要全面排查校舍、食堂、宿舍、实验室等重点部位安全隐患，建立问题清单，逐项整改销号。",
            "二、加强学生上下学交通安全管理，会同公安交管部门做好校园周边交通秩序整治。",
            "三、每月至少组织一次应急疏散演练，提高师生应急避险能力。",
        ],
        D(2026, 9, 8), PUBLIC, top=top,
    )  # fmt: skip


CAMPUS_SAFETY_DRAFT = campus_safety("校园安全工作通知（征求意见稿）.docx", ["征求意见稿"])
CAMPUS_SAFETY = campus_safety("校园安全工作通知.docx", [])

FITNESS = official(
    "全民健身月活动通知.docx", "示例市文化旅游委员会文件", "示文旅发〔2026〕22号",
    "示例市文化旅游委员会关于开展2026年全民健身月活动的通知", "各区县文化旅游委员会，各单项体育协会",
    [
        "为深入实施全民健身国家战略，定于2026年10月在全市开展全民健身月活动。",
        "一、活动期间，全市公共体育场馆免费或低收费向社会开放，学校体育场地在课余时间有序开放。",
        "二、各区县要组织开展健步走、广场舞、社区运动会等群众性体育活动，丰富群众文化体育生活。",
    ],
    D(2026, 9, 8), PUBLIC,
)  # fmt: skip

ZONING = official(
    "城区小学划片范围通知.docx", "示例市教育局文件", "示教发〔2026〕36号",
    "示例市教育局关于2026年秋季城区小学招生划片范围的通知", "各区教育局，城区各小学",
    [
        "现将2026年秋季城区公办小学招生划片范围予以公布，适龄儿童按户籍和实际居住地免试就近入学。",
        "划片范围详见附件。咨询电话：023-61234568。",
    ],
    D(2026, 9, 4), PUBLIC,
)  # fmt: skip

RELIEF = official(
    "临时救助对象公示.docx", "示例市民政局文件", "示民发〔2026〕19号",
    "示例市民政局关于2026年第三季度临时救助对象的公示", "各街道办事处",
    [
        "根据《示例市临时救助办法》，经街道审核、区民政局审批，现将2026年第三季度临时救助对象公示如下。",
        "救助对象：王某某，居民身份证号500103196203080216，联系电话13983012345，救助金额3000元，"
        "发放至银行卡6228480291417776312。",
        "公示期为5个工作日。如有异议，请致电023-63761234或发送邮件至jiandu@minzheng.example.gov.cn反映。",
    ],
    D(2026, 9, 10), PUBLIC,
)  # fmt: skip

FLOOD = official(
    "防汛应急通知.docx", "示例市应急管理局文件", "示应急发〔2026〕15号",
    "示例市应急管理局关于做好汛后防汛抢险救援力量调整部署的通知", "各区县应急管理局",
    [
        "根据水文气象部门预测，为做好汛后应急救援力量调整部署，现将全市防汛抢险救援队伍驻防点位和装备物资调配方案下发。",
        "驻防点位和兵力部署属于国家秘密，严格按照保密规定管理，不得通过互联网传递。",
    ],
    D(2026, 9, 14), PUBLIC, top=("机密★1年", "特急"),
)  # fmt: skip

AIR = official(
    "大气污染防治工作方案.ofd", "示例市人民政府办公室文件", "示府办发〔2026〕52号",
    "示例市人民政府办公室关于印发示例市2026—2027年秋冬季大气污染防治工作方案的通知",
    "各区县人民政府，市政府有关部门",
    [
        "为持续改善环境空气质量，打好污染防治攻坚战，经市政府同意，现将《示例市2026—2027年秋冬季大气污染防治工作方案》印发给你们，请认真组织实施。",
        "一、工作目标：秋冬季细颗粒物平均浓度同比下降3%，重污染天数控制在5天以内。",
        "二、重点任务：推进工业企业深度治理，加强柴油货车和非道路移动机械污染防治，严格扬尘管控。",
    ],
    D(2026, 9, 3), PUBLIC,
)  # fmt: skip
AIR_PLAN = plain(
    "大气污染防治方案解读方案.txt", "大气污染防治工作方案解读方案", ["解读形式：图表图解，由市生态环境局负责。"]
)
AIR_GRAPHIC = plain(
    "大气污染防治方案图解.docx", "图解：示例市2026—2027年秋冬季大气污染防治工作方案",
    ["一个目标：细颗粒物浓度同比下降3%。", "三项任务：工业深度治理、移动源污染防治、扬尘精细管控。"],
)  # fmt: skip

CONTINGENCY = official(
    "自然灾害救助应急预案.docx", "示例市人民政府办公室文件", "示府办发〔2026〕49号",
    "示例市人民政府办公室关于印发示例市自然灾害救助应急预案的通知", "各区县人民政府，市政府有关部门",
    [
        "为建立健全自然灾害救助体系和运行机制，规范应急救助行为，现将《示例市自然灾害救助应急预案》印发给你们。",
        "一、本预案适用于本市行政区域内发生的洪涝、地质灾害、地震等自然灾害的救助工作。",
        "二、灾害发生后，受灾群众应在12小时内得到食物、饮用水、衣被、临时住所等基本生活救助。",
    ],
    D(2026, 9, 2), PUBLIC,
)  # fmt: skip
CONTINGENCY_PLAN = plain(
    "救灾预案解读方案.txt", "自然灾害救助应急预案解读方案", ["解读形式：问答解读，由市应急管理局负责。"]
)
CONTINGENCY_QA = plain(
    "救灾预案问答.txt", "《示例市自然灾害救助应急预案》问答",
    ["问：灾后多长时间能得到基本生活救助？答：受灾群众应在12小时内得到食物、饮用水、衣被、临时住所等基本生活救助。"],
)  # fmt: skip
CONTINGENCY_AMENDED = official(
    "自然灾害救助应急预案（修订）.docx", "示例市人民政府办公室文件", "示府办发〔2026〕49号",
    "示例市人民政府办公室关于印发示例市自然灾害救助应急预案的通知", "各区县人民政府，市政府有关部门",
    [
        "为建立健全自然灾害救助体系和运行机制，规范应急救助行为，现将《示例市自然灾害救助应急预案》印发给你们。",
        "一、本预案适用于本市行政区域内发生的洪涝、地质灾害、地震、森林火灾等自然灾害的救助工作。",
        "二、灾害发生后，受灾群众应在10小时内得到食物、饮用水、衣被、临时住所等基本生活救助。",
    ],
    D(2026, 10, 16), PUBLIC,
)  # fmt: skip

FLU = official(
    "流感疫苗接种通知.pdf", "示例市卫生健康委员会文件", "示卫发〔2026〕44号",
    "示例市卫生健康委员会关于做好2026—2027年流感疫苗接种工作的通知", "各区县卫生健康委，各医疗卫生机构",
    [
        "为降低流感对人民群众健康的危害，现就做好本年度流感疫苗接种工作通知如下。",
        "一、重点人群为60岁及以上老年人、6月龄至5岁儿童、慢性病患者和医务人员，各地要做好预防接种门诊安排。",
        "二、接种单位应公布接种时间、地点和咨询电话，市民服务热线：12345。",
    ],
    D(2026, 9, 14), PUBLIC,
)  # fmt: skip

POVERTY = official(
    "巩固脱贫攻坚成果项目公示.txt", "示例市乡村振兴局文件", "示乡振发〔2026〕9号",
    "示例市乡村振兴局关于2026年巩固拓展脱贫攻坚成果项目的公示", "各区县乡村振兴局",
    [
        "根据项目管理有关规定，现将2026年巩固拓展脱贫攻坚成果项目安排情况公示如下。",
        "项目名称：高山村产业路硬化工程；资金来源：中央财政衔接推进乡村振兴补助资金；实施期限：2026年9月至12月；"
        "预期目标：硬化道路3.2公里，惠及脱贫户46户；实施单位及责任人：高山镇人民政府，镇长；监督电话：023-61234569。",
    ],
    D(2026, 9, 17), PUBLIC,
)  # fmt: skip


@dataclass(frozen=True)
class Step:
    """One thing one person does on one day; `refused` says the rules must refuse it (exit 3)."""

    day: date
    actor: str
    verb: str
    story: str
    paper: Paper | None = None
    options: dict[str, Any] = field(default_factory=dict)
    refused: bool = False


def redacted(paper: Paper, filename: str, day: date) -> Paper:
    """The paper with its ID number, mobile number and bank card masked; the office's public e-mail on its
    .gov.cn domain is no personal data and stays."""
    text = "\n".join(paper.lines)
    return Paper(filename, tuple(redact(text, find_sensitive(text, today=day)).split("\n")))


NOTICE = {"kind": "notice", "attribute": "proactive"}
SECRET_GROUNDS = {"attribute": "withheld", "grounds": ["state_secret"], "reason": "含防汛力量部署等国家秘密事项"}

SCENARIO: Final[tuple[Step, ...]] = (
    # 1. A policy document with its interpretation plan: review, sign, publish, interpretation on time.
    Step(D(2026, 9, 1), "王芳", "submit", "资助办法", SUBSIDY,
         {"kind": "policy", "attribute": "proactive", "interpretation_plan": SUBSIDY_PLAN}),
    Step(D(2026, 9, 2), "李华", "approve", "资助办法"),
    Step(D(2026, 9, 3), "张建国", "sign", "资助办法"),
    Step(D(2026, 9, 4), "李华", "publish", "资助办法"),
    Step(D(2026, 9, 7), "王芳", "interpret", "资助办法", SUBSIDY_QA, {"form": "qa"}),
    # 2. A normative document without its plan is refused; with it, published; its interpretation comes late.
    Step(D(2026, 9, 1), "赵明", "submit", "低保办法", MINIMUM_LIVING, {"kind": "normative", "attribute": "proactive"},
         refused=True),
    Step(D(2026, 9, 1), "赵明", "submit", "低保办法", MINIMUM_LIVING,
         {"kind": "normative", "attribute": "proactive", "interpretation_plan": MINIMUM_LIVING_PLAN}),
    Step(D(2026, 9, 3), "李华", "approve", "低保办法"),
    Step(D(2026, 9, 7), "张建国", "sign", "低保办法"),
    Step(D(2026, 9, 10), "李华", "publish", "低保办法"),
    Step(D(2026, 9, 17), "赵明", "interpret", "低保办法", MINIMUM_LIVING_TEXT, {"form": "text"}),
    # 3. Withheld with grounds (internal affairs, process information): reviewed, signed, filed.
    Step(D(2026, 9, 1), "孙丽", "submit", "科室职责请示", STAFFING,
         {"attribute": "withheld", "grounds": ["internal_affairs", "process_info"],
          "reason": "机关内部人员与职责调整，属内部事务和请示过程信息"}),
    Step(D(2026, 9, 2), "李华", "approve", "科室职责请示"),
    Step(D(2026, 9, 2), "张建国", "sign", "科室职责请示"),
    # 4. On request (trade secrets of the enterprises named): filed, never on the site.
    Step(D(2026, 9, 1), "刘洋", "submit", "用能通报", ENERGY,
         {"attribute": "on_request", "grounds": ["trade_secret"], "reason": "附表含企业生产经营数据"}),
    Step(D(2026, 9, 2), "李华", "approve", "用能通报"),
    Step(D(2026, 9, 2), "张建国", "sign", "用能通报"),
    # 5. A consultation draft is returned, resubmitted clean, then published.
    Step(D(2026, 9, 2), "王芳", "submit", "校园安全", CAMPUS_SAFETY_DRAFT, NOTICE),
    Step(D(2026, 9, 3), "李华", "return", "校园安全", options={"comment": "正式发文请删除“征求意见稿”字样后重新提交"}),
    Step(D(2026, 9, 4), "王芳", "resubmit", "校园安全", CAMPUS_SAFETY),
    Step(D(2026, 9, 7), "李华", "approve", "校园安全"),
    Step(D(2026, 9, 8), "张建国", "sign", "校园安全"),
    Step(D(2026, 9, 8), "李华", "publish", "校园安全"),
    # 6. Late publication: signed on 9月8日, due 10月12日 after 国庆, published 10月16日.
    Step(D(2026, 9, 3), "孙丽", "submit", "健身月", FITNESS, NOTICE),
    Step(D(2026, 9, 7), "李华", "approve", "健身月"),
    Step(D(2026, 9, 8), "张建国", "sign", "健身月"),
    Step(D(2026, 10, 16), "李华", "publish", "健身月"),
    # 7. Published, then withdrawn with a reason: it leaves the site.
    Step(D(2026, 9, 2), "王芳", "submit", "划片范围", ZONING, NOTICE),
    Step(D(2026, 9, 3), "李华", "approve", "划片范围"),
    Step(D(2026, 9, 4), "张建国", "sign", "划片范围"),
    Step(D(2026, 9, 7), "李华", "publish", "划片范围"),
    Step(D(2026, 9, 24), "李华", "withdraw", "划片范围", options={"reason": "划片方案调整，将另行发布"}),
    # 8. Personal data: approval is refused until the ID, mobile and card numbers are redacted (the office's
    # e-mail on .gov.cn is no personal data).
    Step(D(2026, 9, 8), "赵明", "submit", "临时救助", RELIEF, NOTICE),
    Step(D(2026, 9, 9), "李华", "approve", "临时救助", refused=True),
    Step(D(2026, 9, 9), "李华", "return", "临时救助",
         options={"comment": "请遮盖救助对象的身份证号、手机号和银行卡号"}),
    Step(D(2026, 9, 10), "赵明", "resubmit", "临时救助",
         redacted(RELIEF, "临时救助对象公示（遮盖）.docx", D(2026, 9, 10))),
    Step(D(2026, 9, 10), "李华", "approve", "临时救助"),
    Step(D(2026, 9, 11), "张建国", "sign", "临时救助"),
    Step(D(2026, 9, 11), "李华", "publish", "临时救助"),
    # 9. A secrecy mark on a document marked proactive: refused; the reviewer withholds it (state secret); filed.
    Step(D(2026, 9, 14), "陈静", "submit", "防汛部署", FLOOD, NOTICE),
    Step(D(2026, 9, 15), "李华", "approve", "防汛部署", refused=True),
    Step(D(2026, 9, 15), "李华", "attribute", "防汛部署", options=SECRET_GROUNDS),
    Step(D(2026, 9, 15), "李华", "approve", "防汛部署"),
    Step(D(2026, 9, 16), "张建国", "sign", "防汛部署"),
    # 10. An environmental policy with a graphic interpretation.
    Step(D(2026, 9, 1), "刘洋", "submit", "大气治理", AIR,
         {"kind": "policy", "attribute": "proactive", "interpretation_plan": AIR_PLAN}),
    Step(D(2026, 9, 2), "李华", "approve", "大气治理"),
    Step(D(2026, 9, 3), "张建国", "sign", "大气治理"),
    Step(D(2026, 9, 4), "李华", "publish", "大气治理"),
    Step(D(2026, 9, 8), "刘洋", "interpret", "大气治理", AIR_GRAPHIC, {"form": "graphic"}),
    # 11. A normative document, published and interpreted, then amended: under review again at the end.
    Step(D(2026, 9, 1), "陈静", "submit", "救灾预案", CONTINGENCY,
         {"kind": "normative", "attribute": "proactive", "interpretation_plan": CONTINGENCY_PLAN}),
    Step(D(2026, 9, 1), "李华", "approve", "救灾预案"),
    Step(D(2026, 9, 2), "张建国", "sign", "救灾预案"),
    Step(D(2026, 9, 3), "李华", "publish", "救灾预案"),
    Step(D(2026, 9, 4), "陈静", "interpret", "救灾预案", CONTINGENCY_QA, {"form": "qa"}),
    Step(D(2026, 10, 16), "陈静", "amend", "救灾预案", CONTINGENCY_AMENDED),
    # 12, 13. Two more notices published the ordinary way (health; poverty alleviation).
    Step(D(2026, 9, 10), "孙丽", "submit", "流感疫苗", FLU, NOTICE),
    Step(D(2026, 9, 11), "李华", "approve", "流感疫苗"),
    Step(D(2026, 9, 14), "张建国", "sign", "流感疫苗"),
    Step(D(2026, 9, 15), "李华", "publish", "流感疫苗"),
    Step(D(2026, 9, 15), "孙丽", "submit", "衔接项目", POVERTY, NOTICE),
    Step(D(2026, 9, 16), "李华", "approve", "衔接项目"),
    Step(D(2026, 9, 17), "张建国", "sign", "衔接项目"),
    Step(D(2026, 9, 18), "李华", "publish", "衔接项目"),
)  # fmt: skip
LAST_DAY: Final = D(2026, 10, 20)

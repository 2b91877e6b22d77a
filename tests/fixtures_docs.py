"""Realistic test documents: the .docx, .pdf and .ofd builders of app.demo.files, personal numbers, sample texts."""

import random
from datetime import date

from app.demo.files import make_docx as make_docx
from app.demo.files import make_ofd as make_ofd
from app.demo.files import make_pdf as make_pdf
from app.demo.files import make_zip as make_zip

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

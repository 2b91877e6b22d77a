"""Disclosure requests (依申请公开) as they are registered: who applies, how the application arrived, and the
keys that make one applicant, and one subject, count once.

Sources: 政府信息公开条例 (国务院令第711号) Arts. 31, 44; 国办公开办函〔2021〕30号 (the applicant types of the
annual report's table 三).
"""

import unicodedata
from typing import Final

from policies.errors import BadInput
from policies.labels import Labelled

KEY_LENGTH: Final = 200
"""The longest applicant or subject key; storage sizes its columns by it."""


class ApplicantType(Labelled, noun="申请人类型", choices_with_labels=True):
    """Who applies: a natural person or one of the kinds of organisation (国办公开办函〔2021〕30号 table 三).

    The label is the column heading of the annual report's table 三.
    """

    NATURAL = "natural", "自然人"
    BUSINESS = "business", "商业企业"
    RESEARCH = "research", "科研机构"
    NONPROFIT = "nonprofit", "社会公益组织"
    LEGAL = "legal", "法律服务机构"
    OTHER = "other", "其他"


class Channel(Labelled, noun="申请渠道", choices_with_labels=True):
    """How an application arrived; each implies its receipt date (条例 Art. 31).

    The registering reviewer enters the receipt date the channel implies: in person, the day the applicant
    submitted it; by post, the day the agency signed for it; online or by fax, the day both sides confirmed it.
    """

    IN_PERSON = "in_person", "当面提交", "以提交之日为收到申请之日"
    POST = "post", "邮寄", "以行政机关签收之日为收到申请之日"
    ONLINE = "online", "互联网渠道", "以双方确认之日为收到申请之日"
    FAX = "fax", "传真", "以双方确认之日为收到申请之日"

    def __init__(self, *declared: str) -> None:
        _code, _label, self._receipt_rule = declared

    @property
    def receipt_rule(self) -> str:
        """Which day counts as the day of receipt for this channel (条例 Art. 31)."""
        return self._receipt_rule


def applicant_key(name: str) -> str:
    """The applicant's name normalised (NFKC, case, spaces), so that one applicant counts once (条例 Art. 44)."""
    key = "".join(unicodedata.normalize("NFKC", name).casefold().split())
    if not key:
        raise BadInput("申请人姓名或名称不能为空")
    if len(key) > KEY_LENGTH:
        raise BadInput(f"申请人姓名或名称过长：{len(key)} 个字符，最多 {KEY_LENGTH} 个")
    return key


def subject_key(subject: str) -> str:
    """The subject normalised for grouping: NFKC, case folded, spaces and punctuation dropped, first 200 characters."""
    text = unicodedata.normalize("NFKC", subject).casefold()
    key = "".join(ch for ch in text if unicodedata.category(ch)[0] not in "PSZC")
    if not key:
        raise BadInput("申请内容（所需政府信息的描述）不能为空")
    return key[:KEY_LENGTH]


"""The words of the law behind each legal ground, as a page shows them beside the choice (政府信息公开条例,
国务院令第711号, 2019年修订)."""

from typing import Final

from policies.attributes import LegalGround

_ART_14: Final = (
    "依法确定为国家秘密的政府信息，法律、行政法规禁止公开的政府信息，以及公开后可能危及国家安全、公共安全、"
    "经济安全、社会稳定的政府信息，不予公开。"
)
_ART_15: Final = (
    "涉及商业秘密、个人隐私等公开会对第三方合法权益造成损害的政府信息，行政机关不得公开。但是，第三方同意公开"
    "或者行政机关认为不公开会对公共利益造成重大影响的，予以公开。"
)
_ART_16_INTERNAL: Final = "行政机关的内部事务信息，包括人事管理、后勤管理、内部工作流程等方面的信息，可以不予公开。"
_ART_16_PROCESS: Final = (
    "行政机关在履行行政管理职能过程中形成的讨论记录、过程稿、磋商信函、请示报告等过程性信息以及行政执法案卷信息，"
    "可以不予公开。法律、法规、规章规定上述信息应当公开的，从其规定。"
)

GROUND_TEXTS: Final[dict[LegalGround, str]] = {
    LegalGround.STATE_SECRET: _ART_14,
    LegalGround.LAW_PROHIBITED: _ART_14,
    LegalGround.SECURITY_STABILITY: _ART_14,
    LegalGround.TRADE_SECRET: _ART_15,
    LegalGround.PERSONAL_PRIVACY: _ART_15,
    LegalGround.INTERNAL_AFFAIRS: _ART_16_INTERNAL,
    LegalGround.PROCESS_INFO: _ART_16_PROCESS,
    LegalGround.ENFORCEMENT_FILE: _ART_16_PROCESS,
    LegalGround.ADMINISTRATIVE_QUERY: (
        "所申请公开信息属于工商、不动产登记资料等信息，有关法律、行政法规对信息的获取有特别规定的，告知申请人依照"
        "有关法律、行政法规的规定办理。"
    ),
    LegalGround.OTHER_LAW: "其他法律、行政法规对信息的公开另有规定的，依照其规定；须在理由中写明所依据的法律法规。",
}


def ground_text(ground: LegalGround) -> str:
    """The text of the law a ground rests on (条例 Arts. 14–16, 36)."""
    return GROUND_TEXTS[ground]

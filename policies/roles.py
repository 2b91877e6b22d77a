"""Who uses gongkai: the five roles (DESIGN.md "Who does what") and what a user's name may look like."""

import unicodedata
from dataclasses import dataclass
from typing import Final

from policies.errors import BadInput
from policies.labels import Labelled


class Role(Labelled, noun="角色"):
    """A user's role; the code is what the CLI, the API and the database store."""

    DRAFTER = "drafter", "拟稿人"
    REVIEWER = "reviewer", "政务公开审查员"
    SIGNER = "signer", "签发人"
    SUPERVISOR = "supervisor", "督查人员"
    ADMIN = "admin", "系统管理员"


MAX_USER_NAME_LENGTH: Final = 64
_NAME_PUNCTUATION: Final = frozenset("._-·")


def validate_user_name(name: str) -> str:
    """The name, stripped, if it is a Chinese name or an ASCII login (letters, digits, ._-·)."""
    name = name.strip()
    if not name:
        raise BadInput("用户名不能为空")
    if len(name) > MAX_USER_NAME_LENGTH:
        raise BadInput(f"用户名过长：{len(name)} 个字符，最多 {MAX_USER_NAME_LENGTH} 个")
    if any(unicodedata.category(ch).startswith("C") for ch in name):
        raise BadInput("用户名不能含控制字符或不可见字符")
    if all(unicodedata.category(ch)[0] in "PSZ" for ch in name):
        raise BadInput(f"用户名 '{name}' 不能只由标点符号或空白组成")
    for ch in name:
        if not (_is_ascii_letter_or_digit(ch) or _is_cjk_ideograph(ch) or ch in _NAME_PUNCTUATION):
            raise BadInput(f"用户名含不允许的字符 '{ch}'：只允许汉字、英文字母、数字和 . _ - ·")
    return name


def _is_ascii_letter_or_digit(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


def _is_cjk_ideograph(ch: str) -> bool:
    return unicodedata.name(ch, "").startswith(("CJK UNIFIED IDEOGRAPH", "CJK COMPATIBILITY IDEOGRAPH"))


@dataclass(frozen=True, slots=True)
class DocumentScope:
    """Which documents a user sees: the whole organisation's, or one department's (a drafter's), or — for a
    drafter in no department — only their own. A document outside the scope does not exist for them (404)."""

    whole_organisation: bool
    department_id: int | None = None
    drafter_id: int | None = None


EVERYTHING: Final = DocumentScope(whole_organisation=True)
"""The scope of the organisation-wide roles, and of the home's local administrator."""


def document_scope(role: Role, *, user_id: int, department_id: int | None) -> DocumentScope:
    """Drafters see their own department's documents (their own, when they have no department); reviewers,
    signers, supervisors and admins see the organisation's."""
    if role is not Role.DRAFTER:
        return EVERYTHING
    if department_id is not None:
        return DocumentScope(whole_organisation=False, department_id=department_id)
    return DocumentScope(whole_organisation=False, drafter_id=user_id)


"""Which pages each role has (the navigation) and where each role lands after signing in."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from policies.roles import Role


@dataclass(frozen=True, slots=True)
class NavItem:
    """A page in the navigation: its Chinese name, its address, the roles that see it."""

    label: str
    path: str
    roles: frozenset[Role]


NAV: Final = (
    NavItem("我的文件", "/my", frozenset({Role.DRAFTER})),
    NavItem("待审查", "/review", frozenset({Role.REVIEWER})),
    NavItem("待签发", "/sign", frozenset({Role.SIGNER})),
    NavItem("待发布", "/publish", frozenset({Role.REVIEWER})),
    NavItem("待解读", "/interpret", frozenset({Role.DRAFTER, Role.REVIEWER})),
    NavItem("依申请公开", "/requests", frozenset({Role.REVIEWER, Role.SUPERVISOR})),
    NavItem("年度自查", "/self-audit", frozenset({Role.REVIEWER, Role.SUPERVISOR})),
    NavItem("全部公文", "/documents", frozenset({Role.REVIEWER, Role.SIGNER, Role.SUPERVISOR, Role.ADMIN})),
    NavItem("督查", "/dashboard", frozenset({Role.SUPERVISOR})),
    NavItem("系统管理", "/admin", frozenset({Role.ADMIN})),
)

HOME: Final = {
    Role.DRAFTER: "/my",
    Role.REVIEWER: "/review",
    Role.SIGNER: "/sign",
    Role.SUPERVISOR: "/dashboard",
    Role.ADMIN: "/admin",
}
"""Each role's home page: where a successful login leads."""


def nav_for(role: Role) -> list[NavItem]:
    """The pages in this role's navigation, in order."""
    return [item for item in NAV if role in item.roles]

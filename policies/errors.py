"""The refusals gongkai gives, by business name; each carries the exit code of DESIGN.md's CLI contract."""

from enum import StrEnum


class Remedy(StrEnum):
    """What the person can do about a refusal; each interface says how in its own terms (a flag, a button)."""

    ATTACH_INTERPRETATION_PLAN = "attach_interpretation_plan"
    NAME_ATTRIBUTE = "name_attribute"
    SET_ATTRIBUTE = "set_attribute"
    JUSTIFY_FINDING = "justify_finding"
    NAME_REPLY_GROUND = "name_reply_ground"
    CHOOSE_SELF_AUDIT_DECISION = "choose_self_audit_decision"


class GongkaiError(Exception):
    """Base of every expected error: a one-line message for a person, an exit code, and perhaps a remedy."""

    exit_code = 1
    http_status = 500

    def __init__(self, message: str, *, remedy: Remedy | None = None) -> None:
        super().__init__(message)
        self.remedy = remedy


class BadInput(GongkaiError):
    """Input that is malformed or out of range (exit 2, HTTP 400)."""

    exit_code = 2
    http_status = 400


class PolicyRefusal(GongkaiError):
    """A rule forbids the action: wrong state, wrong role, separation of duties (exit 3, HTTP 403)."""

    exit_code = 3
    http_status = 403


class NotFound(GongkaiError):
    """The named document, request, user or item does not exist (exit 4, HTTP 404)."""

    exit_code = 4
    http_status = 404


class Conflict(GongkaiError):
    """Someone else changed the record first (exit 5, HTTP 409)."""

    exit_code = 5
    http_status = 409

"""The refusals gongkai gives, by business name; each carries the exit code of DESIGN.md's CLI contract."""


class GongkaiError(Exception):
    """Base of every expected error: a one-line message for a person and an exit code."""

    exit_code = 1
    http_status = 500


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

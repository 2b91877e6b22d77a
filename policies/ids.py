"""The ids a person may name: positive and within a signed 64-bit integer, what every database stores."""

from typing import Final

from policies.errors import BadInput

MAX_ID: Final = 2**63 - 1


def checked_id(value: int, what: str = "编号") -> int:
    """The id, or a refusal for zero, a negative number or one beyond 64 bits."""
    if not 1 <= value <= MAX_ID:
        raise BadInput(f"{what}应为 1 到 {MAX_ID} 之间的整数：{value}")
    return value

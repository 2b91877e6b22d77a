"""Dates as people write them: 2026年10月10日 in Chinese text, YYYY-MM-DD on the command line and in the API."""

from datetime import date

from policies.errors import BadInput


def chinese_date(day: date) -> str:
    """A date as a disclosure officer or a document writes it: 2026年10月10日."""
    return f"{day.year}年{day.month}月{day.day}日"


def parse_day(text: str, *, what: str = "日期") -> date:
    """A date given as YYYY-MM-DD, or BadInput naming what was being given."""
    try:
        return date.fromisoformat(text.strip())
    except ValueError as error:
        raise BadInput(f"{what}格式应为 YYYY-MM-DD：{text!r}") from error

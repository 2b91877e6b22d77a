"""Often-requested information (条例 Art. 44) and applications per applicant per month (国办函〔2020〕109号).

Pure: the requests are given as (applicant key, item, date) and the day to count up to is a parameter.
"""

from collections import Counter, defaultdict
from collections.abc import Iterable
from datetime import date, timedelta
from typing import Final, NamedTuple

from policies.errors import BadInput

OFTEN_REQUESTED_THRESHOLD: Final = 3
"""Local practice on 条例 Art. 44: information requested by 3 or more distinct applicants becomes proactive."""
OFTEN_REQUESTED_WINDOW_DAYS: Final = 365
"""The often-requested count looks back one year (local practice)."""
MONTHLY_FREE_APPLICATIONS: Final = 10
"""国办函〔2020〕109号: up to 10 applications per applicant per calendar month are free; more are flagged."""

RequestedItem = int | str
"""What a request asks for: a document id (int) when linked to documents, otherwise its subject key (str)."""


class ApplicantMonth(NamedTuple):
    """An applicant in a calendar month."""

    applicant_key: str
    year: int
    month: int


def often_requested(
    requests: Iterable[tuple[str, RequestedItem, date]],
    as_of: date,
    *,
    threshold: int = OFTEN_REQUESTED_THRESHOLD,
    window_days: int = OFTEN_REQUESTED_WINDOW_DAYS,
) -> dict[RequestedItem, int]:
    """Items asked for by at least `threshold` distinct applicants in the `window_days` up to as_of (Art. 44)."""
    if threshold < 1 or window_days < 1:
        raise BadInput(f"较为集中的申请：人数和天数须为正数（{threshold}人，{window_days}天）")
    since = as_of - timedelta(days=window_days)
    applicants: defaultdict[RequestedItem, set[str]] = defaultdict(set)
    for key, item, received_on in requests:
        if since < received_on <= as_of:
            applicants[item].add(key)
    return {item: len(keys) for item, keys in applicants.items() if len(keys) >= threshold}


def applications_over_monthly_limit(
    requests: Iterable[tuple[str, date]], *, limit: int = MONTHLY_FREE_APPLICATIONS
) -> dict[ApplicantMonth, int]:
    """Applicants with more than `limit` applications in a calendar month, and how many (国办函〔2020〕109号)."""
    counts = Counter(ApplicantMonth(key, day.year, day.month) for key, day in requests)
    return {month: count for month, count in counts.items() if count > limit}

"""Reporting periods of result values: a year (2025), a quarter (2025-Q3) or a month (2025-07)."""

import calendar
import datetime
import re

_YEAR = re.compile(r"^(\d{4})$")
_QUARTER = re.compile(r"^(\d{4})-?Q([1-4])$", re.IGNORECASE)
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")


def parse_period(text) -> tuple[str, datetime.date, datetime.date]:
    """(normalised label, first day, last day); ValueError naming the accepted forms."""
    value = str(text or "").strip()
    if m := _YEAR.match(value):
        year = int(m.group(1))
        return value, datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    if m := _QUARTER.match(value):
        year, quarter = int(m.group(1)), int(m.group(2))
        first = datetime.date(year, 3 * quarter - 2, 1)
        last_month = 3 * quarter
        return f"{year}-Q{quarter}", first, datetime.date(year, last_month, calendar.monthrange(year, last_month)[1])
    if m := _MONTH.match(value):
        year, month = int(m.group(1)), int(m.group(2))
        if 1 <= month <= 12:
            return value, datetime.date(year, month, 1), datetime.date(year, month, calendar.monthrange(year, month)[1])
    raise ValueError(f"{value!r} is not a period; write a year (2025), a quarter (2025-Q3) or a month (2025-07).")


def overlap(a_start, a_end, b_start, b_end) -> bool:
    return a_start <= b_end and b_start <= a_end

"""Event dates as precise as they are known: a day, a range of days, a month, a year, or not known at all.

An event is stored as the first and last day it may cover plus a precision, so "March 2026" is 1–31 March with
precision "month" and is shown as "March 2026", never as "1 March 2026".
"""

import calendar
import datetime
import re

from django.db import models

_PATTERN = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
DATE_HELP = "YYYY-MM-DD, or YYYY-MM or YYYY when only the month or year is known"


class Precision(models.TextChoices):
    DAY = "day", "Day (or range of days)"
    MONTH = "month", "Month only"
    YEAR = "year", "Year only"
    UNKNOWN = "unknown", "Not known"


def last_day_of_month(year: int, month: int) -> datetime.date:
    return datetime.date(year, month, calendar.monthrange(year, month)[1])


def _one(text) -> tuple[datetime.date, datetime.date, str]:
    match = _PATTERN.match(str(text).strip())
    if not match:
        raise ValueError(f"{text!r} is not a date; write {DATE_HELP}")
    year, month, day = (int(g) if g else None for g in match.groups())
    try:
        if day:
            d = datetime.date(year, month, day)
            return d, d, Precision.DAY
        if month:
            return datetime.date(year, month, 1), last_day_of_month(year, month), Precision.MONTH
        return datetime.date(year, 1, 1), datetime.date(year, 12, 31), Precision.YEAR
    except ValueError as exc:
        raise ValueError(f"{text!r} is not a real date ({exc})") from None


def from_text(start_text, end_text=None) -> tuple[datetime.date | None, datetime.date | None, str]:
    """(start, end, precision) from partial dates as sources write them; empty start → date not known."""
    if start_text in (None, ""):
        if end_text not in (None, ""):
            raise ValueError("an end date needs a start date")
        return None, None, Precision.UNKNOWN
    start, end, precision = _one(start_text)
    if end_text not in (None, ""):
        end_first, end, end_precision = _one(end_text)
        if end_precision != precision:
            raise ValueError(f"start {start_text!r} and end {end_text!r} must be equally precise")
        if end_first < start:
            raise ValueError(f"the end {end_text!r} is before the start {start_text!r}")
    return start, end, precision


def check(start, end, precision) -> None:
    if precision == Precision.UNKNOWN:
        if start or end:
            raise ValueError("an event whose date is not known has no start or end")
        return
    if start is None or end is None:
        raise ValueError("give the date, or choose 'not known'")
    if end < start:
        raise ValueError("the end is before the start")
    if precision == Precision.MONTH and (start.day != 1 or end != last_day_of_month(end.year, end.month)):
        raise ValueError("a month-only date runs from the first to the last day of the month")
    if precision == Precision.YEAR and (start.timetuple().tm_yday != 1 or (end.month, end.day) != (12, 31)):
        raise ValueError("a year-only date runs from 1 January to 31 December")


def _day(d):
    return f"{d.day} {d:%B %Y}"


def display(start, end, precision) -> str:
    """Honest wording: '2 May 2018', '13–14 December 2022', 'March 2026', 'May 2009 – June 2011', '2008'."""
    if precision == Precision.UNKNOWN or start is None:
        return "Date not known"
    end = end or start
    if precision == Precision.YEAR:
        return str(start.year) if start.year == end.year else f"{start.year}–{end.year}"
    if precision == Precision.MONTH:
        first = f"{start:%B %Y}"
        return first if (start.year, start.month) == (end.year, end.month) else f"{first} – {end:%B %Y}"
    if start == end:
        return _day(start)
    if (start.year, start.month) == (end.year, end.month):
        return f"{start.day}–{end.day} {end:%B %Y}"
    if start.year == end.year:
        return f"{start.day} {start:%B} – {_day(end)}"
    return f"{_day(start)} – {_day(end)}"


def as_text(start, end, precision) -> tuple[str, str]:
    """The partial-date texts a form shows for stored dates (inverse of `from_text`)."""
    if precision == Precision.UNKNOWN or start is None:
        return "", ""
    fmt = {Precision.DAY: "%Y-%m-%d", Precision.MONTH: "%Y-%m", Precision.YEAR: "%Y"}[precision]
    first, last = start.strftime(fmt), end.strftime(fmt)
    return first, "" if first == last else last

"""Dates known to a year, a month or a day (YYYY, YYYY-MM, YYYY-MM-DD), as the sources state them."""

import datetime
import re

from django.core.exceptions import ValidationError

PARTIAL_DATE_HELP = "YYYY, YYYY-MM or YYYY-MM-DD (as precise as the source)"
_PATTERN = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


def parse(value: str) -> tuple[datetime.date, str] | None:
    """(first day of the period, precision 'year' | 'month' | 'day'), None for empty; ValueError when invalid."""
    if value in (None, ""):
        return None
    match = _PATTERN.match(str(value).strip())
    if not match:
        raise ValueError(f"{value!r} is not a date; write {PARTIAL_DATE_HELP}")
    year, month, day = match.groups()
    try:
        first = datetime.date(int(year), int(month or 1), int(day or 1))
    except ValueError as exc:
        raise ValueError(f"{value!r} is not a real date ({exc})") from None
    return first, "day" if day else "month" if month else "year"


def validate_partial_date(value) -> None:
    try:
        parse(value)
    except ValueError as exc:
        raise ValidationError(str(exc)) from None


def sort_key(value: str) -> datetime.date:
    parsed = parse(value) if value else None
    return parsed[0] if parsed else datetime.date.min


def display(value: str) -> str:
    parsed = parse(value) if value else None
    if parsed is None:
        return ""
    first, precision = parsed
    if precision == "year":
        return f"{first:%Y}"
    if precision == "month":
        return f"{first:%B %Y}"
    return f"{first.day} {first:%B %Y}"

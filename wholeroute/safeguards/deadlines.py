"""Deadlines in working days (Monday to Friday; public holidays are not modelled and count as working days)."""

import datetime

from django.conf import settings


def add_working_days(start: datetime.date, days: int) -> datetime.date:
    day = start
    remaining = days
    while remaining > 0:
        day += datetime.timedelta(days=1)
        if day.weekday() < 5:
            remaining -= 1
    return day


def acknowledgement_days() -> int:
    return settings.WHOLEROUTE_ALLEGATION_ACK_DAYS


def decision_days() -> int:
    return settings.WHOLEROUTE_ALLEGATION_DECISION_DAYS

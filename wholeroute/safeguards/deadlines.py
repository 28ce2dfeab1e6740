"""Deadlines in working days (Monday to Friday; public holidays are not modelled and count as working days).

Each organisation may set its own allegation deadlines (`DeadlinePolicy`); otherwise the settings' defaults
(`WHOLEROUTE_ALLEGATION_ACK_DAYS`, `WHOLEROUTE_ALLEGATION_DECISION_DAYS`) apply.
"""

import datetime

from django.conf import settings


def add_working_days(start: datetime.date, days: int) -> datetime.date:
    """The day `days` working days after `start` (a deadline of 1 on a Friday is the next Monday)."""
    day = start
    remaining = days
    while remaining > 0:
        day += datetime.timedelta(days=1)
        if day.weekday() < 5:
            remaining -= 1
    return day


def working_days_between(start: datetime.date, end: datetime.date) -> int:
    """Working days after `start` up to and including `end` (how late something due on `start` is on `end`)."""
    days, day = 0, start
    while day < end:
        day += datetime.timedelta(days=1)
        if day.weekday() < 5:
            days += 1
    return days


def acknowledgement_days(organisation=None) -> int:
    return _policy(organisation)[0]


def decision_days(organisation=None) -> int:
    return _policy(organisation)[1]


def _policy(organisation) -> tuple[int, int]:
    from wholeroute.safeguards.models import DeadlinePolicy

    own = DeadlinePolicy.objects.filter(organisation_id=getattr(organisation, "pk", organisation)).first() \
        if organisation is not None else None
    if own is not None:
        return own.acknowledgement_days, own.decision_days
    return settings.WHOLEROUTE_ALLEGATION_ACK_DAYS, settings.WHOLEROUTE_ALLEGATION_DECISION_DAYS

"""Periodic reviews: every partnership in implementation (or monitoring) has a review date.

The date is the earliest open `Review` an editor scheduled; without one it is `INTERVAL` after the partnership
entered implementation (the approved transition, or for an imported phase the day the record was created).
Completing a review schedules the next one `INTERVAL` later.
"""

import datetime

from wholeroute.partnerships.models import Partnership, TransitionRequest
from wholeroute.safeguards.models import Review

INTERVAL = datetime.timedelta(days=365)
RUNNING = ["implementation", "monitoring"]


def implementation_started(partnership) -> datetime.date:
    entered = TransitionRequest.objects.filter(
        partnership=partnership, to_phase="implementation", status="approved", decided_at__isnull=False,
    ).order_by("-decided_at").values_list("decided_at", flat=True).first()
    return (entered or partnership.created_at).date()


def due_on(partnership) -> datetime.date | None:
    """The partnership's next review date, or None when it is not running."""
    if partnership.phase not in RUNNING:
        return None
    scheduled = Review.objects.filter(partnership=partnership, completed_on__isnull=True).order_by("due_on").first()
    if scheduled is not None:
        return scheduled.due_on
    return implementation_started(partnership) + INTERVAL


def overdue(partnerships, on=None) -> list[tuple[Partnership, datetime.date]]:
    """(partnership, due date) for every running partnership among `partnerships` whose review is late."""
    on = on or datetime.date.today()
    late = []
    for p in partnerships.filter(phase__in=RUNNING).order_by("title"):
        due = due_on(p)
        if due is not None and due < on:
            late.append((p, due))
    return late

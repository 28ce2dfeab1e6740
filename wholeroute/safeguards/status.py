"""Safeguards status per partnership, for the overview page, exports, sections and the API."""

import datetime

from wholeroute.access import policy
from wholeroute.access.models import CLASSIFICATION_RANK, Classification
from wholeroute.partnerships.models import Partnership
from wholeroute.safeguards import reviews
from wholeroute.safeguards.models import (
    Allegation,
    MonitoringArrangement,
    RightsAssessment,
    SuspensionProposal,
)

COLUMNS = ["Partnership", "Phase", "Latest assessment", "Assessment status", "Approved assessment",
           "Independent monitoring", "Monitoring report overdue", "Open allegations", "Overdue allegations",
           "Next review", "Open suspension proposals"]


def rows_for(user, partnerships=None):
    """One row per partnership the user may see; safeguards details only where the user may see them.

    Reviews and suspension proposals are shown to the staff of the partnership's owner only ("" otherwise).
    """
    today = datetime.date.today()
    qs = partnerships if partnerships is not None else Partnership.objects.visible_to(user)
    qs = qs.order_by("title")
    ids = list(qs.values_list("pk", flat=True))
    member_of = set(policy.roles(user))
    latest = {}
    approved = set()
    for a in RightsAssessment.objects.visible_to(user).filter(partnership_id__in=ids).order_by("version"):
        latest[a.partnership_id] = a
        if a.status == RightsAssessment.Status.APPROVED:
            approved.add(a.partnership_id)
    monitoring = {}
    for m in MonitoringArrangement.objects.visible_to(user).filter(partnership_id__in=ids):
        monitoring.setdefault(m.partnership_id, []).append(m)
    open_allegations = {}
    for a in Allegation.objects.visible_to(user).filter(partnership_id__in=ids).exclude(status__in=Allegation.CLOSED):
        open_allegations.setdefault(a.partnership_id, []).append(a)
    proposals = {}
    for s in SuspensionProposal.objects.filter(partnership_id__in=ids, status=SuspensionProposal.Status.PROPOSED,
                                               partnership__owner_id__in=member_of):
        proposals[s.partnership_id] = proposals.get(s.partnership_id, 0) + 1
    rows = []
    for p in qs:
        a = latest.get(p.pk)
        ms = monitoring.get(p.pk, [])
        al = open_allegations.get(p.pk, [])
        insider = p.owner_id in member_of
        due = reviews.due_on(p) if insider else None
        included = [p.classification] + [x.classification for x in [a, *ms, *al] if x is not None]
        if insider and (due or proposals.get(p.pk)):
            included.append(Classification.SENSITIVE)
        rows.append({
            "partnership": p,
            "classification": max(included, key=CLASSIFICATION_RANK.__getitem__),
            "values": [p.title, p.get_phase_display(), f"v{a.version}" if a else "none",
                       a.get_status_display() if a else "", "yes" if p.pk in approved else "no",
                       "; ".join(m.body_name for m in ms) or "none",
                       "yes" if any(m.is_overdue(today) for m in ms) else "no",
                       len(al), sum(1 for x in al if x.overdue(today)),
                       (due.isoformat() + (" (overdue)" if due < today else "")) if due else "",
                       proposals.get(p.pk, 0) if insider else ""],
        })
    return rows


def highest(rows) -> str:
    return max((r["classification"] for r in rows), key=CLASSIFICATION_RANK.__getitem__,
               default=Classification.PUBLIC)

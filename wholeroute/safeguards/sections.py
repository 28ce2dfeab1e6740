"""Safeguards on the home dashboard: overdue allegations and monitoring reports, open suspension proposals."""

import datetime

from wholeroute.access import policy
from wholeroute.access.models import Role
from wholeroute.reports.fiche import Link, Section, Table
from wholeroute.safeguards.models import Allegation, MonitoringArrangement, SuspensionProposal


def home(user):
    if not getattr(user, "is_authenticated", False):
        return []
    today = datetime.date.today()
    approver_of = policy.organisations_with_role(user, Role.APPROVER)
    rows = []
    for a in Allegation.objects.visible_to(user).filter(owner_id__in=approver_of).exclude(
            status__in=Allegation.CLOSED).select_related("partnership"):
        if a.overdue(today):
            rows.append([Link(str(a), f"/safeguards/allegations/{a.pk}/"), f"{a.overdue(today)} overdue"])
    for m in MonitoringArrangement.objects.visible_to(user).filter(owner_id__in=approver_of).select_related("partnership"):
        if m.is_overdue(today):
            rows.append([Link(str(m), f"/safeguards/partnerships/{m.partnership_id}/"), "monitoring report overdue"])
    for s in SuspensionProposal.objects.filter(status=SuspensionProposal.Status.PROPOSED,
                                               partnership__owner_id__in=approver_of).select_related("partnership"):
        rows.append([Link(str(s), f"/safeguards/partnerships/{s.partnership_id}/"), "suspension proposed: decide"])
    if not approver_of:
        return []
    return [Section(key="safeguards-overdue", title="Safeguards needing your decision", order=30,
                    classification="SENSITIVE" if rows else "PUBLIC",
                    tables=[Table("Overdue safeguards items and open proposals", ["Item", "What is due"], rows)] if rows else [],
                    empty_message="Nothing overdue.")]

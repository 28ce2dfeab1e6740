"""Safeguards on the home dashboard of approvers: overdue allegations, monitoring reports and reviews, open
suspension proposals — for the organisations in which the user approves."""

import datetime

from wholeroute.access import policy
from wholeroute.access.models import Role
from wholeroute.partnerships.models import Partnership
from wholeroute.reports.fiche import Link, Section, Table
from wholeroute.safeguards import reviews, status
from wholeroute.safeguards.models import Allegation, MonitoringArrangement, SuspensionProposal


def home(user):
    if not getattr(user, "is_authenticated", False):
        return []
    approver_of = policy.organisations_with_role(user, Role.APPROVER)
    if not approver_of:
        return []
    today = datetime.date.today()
    rows = []
    for a in Allegation.objects.visible_to(user).filter(owner_id__in=approver_of).exclude(
            status__in=Allegation.CLOSED).select_related("partnership"):
        late = a.overdue(today)
        if late:
            due = a.acknowledge_by if late == "acknowledgement" else a.decide_by
            rows.append([Link(f"Allegation received {a.received_on:%d %b %Y}", f"/safeguards/allegations/{a.pk}/"),
                         a.partnership.title, f"{late} overdue since {due:%d %b %Y}"])
    for m in MonitoringArrangement.objects.visible_to(user).filter(owner_id__in=approver_of).select_related(
            "partnership"):
        if m.is_overdue(today):
            rows.append([Link(f"Monitoring by {m.body_name}", f"/safeguards/partnerships/{m.partnership_id}/"),
                         m.partnership.title, f"report overdue since {m.next_report_due:%d %b %Y}"])
    for p, due in reviews.overdue(Partnership.objects.visible_to(user).filter(owner_id__in=approver_of), today):
        rows.append([Link("Periodic review", f"/safeguards/partnerships/{p.pk}/"), p.title,
                     f"review overdue since {due:%d %b %Y}"])
    for s in SuspensionProposal.objects.filter(status=SuspensionProposal.Status.PROPOSED,
                                               partnership__owner_id__in=approver_of).select_related("partnership"):
        rows.append([Link("Suspension proposal", f"/safeguards/partnerships/{s.partnership_id}/"),
                     s.partnership.title, "suspension proposed: decide"])
    return [Section(key="safeguards-overdue", title="Safeguards needing your decision", order=30,
                    classification="SENSITIVE" if rows else "PUBLIC",
                    tables=[Table("Overdue safeguards items and open suspension proposals",
                                  ["Item", "Partnership", "What is due"], rows)] if rows else [],
                    empty_message="Nothing overdue.")]


def _status_section(user, partnerships, where):
    rows = status.rows_for(user, partnerships)
    if not rows:
        return []
    keep = [0, 1, 3, 5, 7]  # partnership, phase, assessment status, monitoring, open allegations
    return [Section(key="safeguards-status", title="Safeguards", order=40, classification=status.highest(rows),
                    tables=[Table(f"Safeguards status of the partnerships with {where}",
                                  [status.COLUMNS[i] for i in keep],
                                  [[Link(r["values"][0], f"/safeguards/partnerships/{r['partnership'].pk}/")]
                                   + [r["values"][i] for i in keep[1:]] for r in rows], numeric=[4])],
                    links=[Link("All safeguards", "/safeguards/")])]


def country(user, country):
    return _status_section(user, Partnership.objects.visible_to(user).filter(countries=country).distinct(),
                           str(country))


def route(user, route):
    return _status_section(user, Partnership.objects.visible_to(user).filter(routes=route).distinct(),
                           f"countries of the {route}")

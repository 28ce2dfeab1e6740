"""The reports app's own contributions to the home page: the public portal (everyone), and for a signed-in reader
their organisation's partnerships by phase and the approvals waiting for them that no other section lists
(rights assessments and funding commitments). Other parts of the personal dashboard come from the apps that own
them: transition requests (partnerships), overdue safeguards items (safeguards), upcoming events and joint messages
awaiting endorsement (outreach), open alerts (forecasts: `wholeroute.forecasts.sections.home`).

Each query is bounded (one per table), so the dashboard's query count does not grow with the data."""

from collections import Counter

import altair as alt
import pandas as pd
from django.db.models import Q
from django.urls import reverse

from wholeroute.access import policy
from wholeroute.access.models import CLASSIFICATION_RANK, Classification, Role
from wholeroute.reports.fiche import Chart, Link, Section, Table

PORTAL = [
    ("Partnerships (PUBLIC records)", "partnerships:list"),
    ("Processes and dialogues", "outreach:processes"),
    ("Events calendar", "outreach:calendar"),
    ("Funding: instruments, envelopes and commitments", "funding:overview"),
    ("Statistics with their sources and vintages", "indicators:datasets"),
    ("Countries", "geo:countries"),
    ("Routes and route dashboards", "geo:routes"),
]


def _highest(classifications):
    return max(list(classifications) or [Classification.PUBLIC], key=CLASSIFICATION_RANK.__getitem__)


def portal_section(user) -> Section:
    return Section(
        key="public-portal", title="Public portal", order=2 if not user.is_authenticated else 90,
        paragraphs=["Read-only pages anyone may open, without signing in. They show PUBLIC records only; every "
                    "figure gives its source and the vintage of the file it was imported from."],
        links=[Link(text, reverse(name)) for text, name in PORTAL])


def phases_section(user) -> Section | None:
    """All partnerships the reader can see by phase, split into those their organisation owns, leads or has a role
    in and the others (two queries whatever the number of partnerships)."""
    from wholeroute.partnerships.models import Partnership

    org_ids = list(policy.roles(user))
    visible = list(Partnership.objects.visible_to(user).values_list("pk", "phase", "classification"))
    if not visible:
        return None
    involved = set(Partnership.objects.filter(
        Q(owner_id__in=org_ids) | Q(lead_organisation_id__in=org_ids) | Q(roles__organisation_id__in=org_ids))
        .values_list("pk", flat=True))
    labels = dict(Partnership.Phase.choices)
    ours, others = Counter(), Counter()
    for pk, phase, _ in visible:
        (ours if pk in involved else others)[phase] += 1
    phases = [p for p in labels if ours[p] or others[p]]
    table = Table("Partnerships you can see, by phase: your organisation's (owned, led or with a role) and others",
                  ["Phase", "Your organisation's", "Others", "All you can see"],
                  [[labels[p], ours[p], others[p], ours[p] + others[p]] for p in phases], numeric=[1, 2, 3])
    frame = pd.DataFrame([{"Phase": labels[p], "Whose": whose, "Partnerships": n} for p in phases
                          for whose, n in (("Your organisation's", ours[p]), ("Others", others[p])) if n])
    spec = alt.Chart(frame).mark_bar().encode(
        y=alt.Y("Phase:N", sort=[labels[p] for p in phases], title="Phase"),
        x=alt.X("Partnerships:Q", title="Partnerships", stack="zero", axis=alt.Axis(tickMinStep=1)),
        color=alt.Color("Whose:N", title="Whose", scale=alt.Scale(domain=["Your organisation's", "Others"],
                                                                  range=["#003399", "#9db4e0"])),
    ).properties(width=380, height=26 * len(phases)).to_dict()
    return Section(key="dashboard-phases", title="Partnerships by phase", order=19,
                   classification=_highest(c for _, _, c in visible),
                   charts=[Chart(spec, table, "Stacked bar chart of the partnerships you can see by phase, your "
                                              "organisation's and others; the numbers are in the table beside it.")],
                   links=[Link("All partnerships", reverse("partnerships:list"))])


def approvals_section(user) -> Section | None:
    from wholeroute.funding.models import Commitment
    from wholeroute.partnerships.models import Partnership
    from wholeroute.safeguards.models import RightsAssessment

    approver_of = policy.organisations_with_role(user, Role.APPROVER)
    if not approver_of:
        return None
    rows, classes = [], []
    assessments = (RightsAssessment.objects.visible_to(user)
                   .filter(owner_id__in=approver_of, status=RightsAssessment.Status.SUBMITTED)
                   .exclude(created_by=user).exclude(submitted_by=user).select_related("partnership"))
    for a in assessments:
        rows.append([Link(f"Rights assessment v{a.version}", f"/safeguards/assessments/{a.pk}/"), a.partnership.title,
                     f"submitted {a.submitted_at:%d %b %Y}" if a.submitted_at else "submitted"])
        classes.append(a.classification)
    commitments = (Commitment.objects.visible_to(user)
                   .filter(owner_id__in=approver_of, status=Commitment.Status.PENDING)
                   .exclude(created_by=user).select_related("partnership"))
    visible = set(Partnership.objects.visible_to(user).filter(
        pk__in=[c.partnership_id for c in commitments if c.partnership_id]))
    for c in commitments:
        partnership = c.partnership.title if c.partnership_id and c.partnership in visible else "–"
        rows.append([Link(f"Funding commitment: {c.title}", f"/funding/envelopes/{c.envelope_id}/"), partnership,
                     f"{c.amount:,} {c.currency} to approve"])
        classes.append(c.classification)
    return Section(key="dashboard-approvals", title="Approvals waiting for you", order=11,
                   classification=_highest(classes),
                   tables=[Table("Rights assessments and funding commitments you may approve (you did not draft them)",
                                 ["Item", "Partnership", "What to decide"], rows)] if rows else [],
                   empty_message="No rights assessment or funding commitment is waiting for your approval.")


def home(user):
    sections = [portal_section(user)]
    if getattr(user, "is_authenticated", False):
        sections += [s for s in (phases_section(user), approvals_section(user)) if s is not None]
    return sections

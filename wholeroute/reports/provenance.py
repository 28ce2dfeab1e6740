"""What a pack was built from: the statistics import runs (file, sha256, vintage) and the classified records it
included with their `updated_at`, and the public flag. Stored on the Pack so a regenerated pack can say whether
the data has changed since."""

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q

from wholeroute.geo.models import Country
from wholeroute.indicators.models import ImportRun
from wholeroute.partnerships.models import Partnership


def _countries(kind, subject):
    if kind == "country":
        return [subject]
    if kind == "route":
        return list(Country.objects.filter(route_roles__route=subject).distinct())
    from wholeroute.reports.packs import event_countries

    return list(event_countries(subject))


def inputs(kind, subject, user, *, public_only=False) -> dict:
    reader = AnonymousUser() if public_only or user is None else user
    runs = ImportRun.objects.filter(status=ImportRun.Status.SUCCEEDED).order_by("file_name", "-started_at")
    latest = {}
    for run in runs.values("id", "file_name", "sha256", "vintage", "finished_at"):
        latest.setdefault(run["file_name"], run)
    countries = _countries(kind, subject)
    where = Q(countries__in=countries) | (Q(routes=subject) if kind == "route" else Q(pk__in=[]))
    partnerships = Partnership.objects.visible_to(reader).filter(
        pk__in=Partnership.objects.filter(where).values("pk"))
    records = [{"type": "partnerships.partnership", "id": p.pk, "updated_at": p.updated_at.isoformat()}
               for p in partnerships.order_by("pk").only("pk", "updated_at")]
    if kind == "event":
        records.insert(0, {"type": "outreach.event", "id": subject.pk, "updated_at": subject.updated_at.isoformat()})
    return {
        "public": bool(public_only),
        "subject": {"kind": kind, "key": getattr(subject, "code", None) or getattr(subject, "slug", None) or subject.pk},
        "countries": [c.code for c in countries],
        "import_runs": [{"id": r["id"], "file": r["file_name"], "sha256": r["sha256"], "vintage": r["vintage"],
                         "finished_at": r["finished_at"].isoformat() if r["finished_at"] else None}
                        for r in sorted(latest.values(), key=lambda r: r["file_name"])],
        "records": records,
    }


def changed_since(pack) -> list[str]:
    """What differs between the pack's stored inputs and the data now (empty when nothing has changed)."""
    from wholeroute.reports import subjects

    try:
        subject = subjects.resolve(pack.kind, pack.key, pack.requested_by, public_only=pack.public_only)
    except subjects.SubjectNotFound as exc:
        return [str(exc)]
    now = inputs(pack.kind, subject, pack.requested_by, public_only=pack.public_only)
    then = pack.inputs or {}
    notes = []
    if now["import_runs"] != then.get("import_runs"):
        notes.append("Statistics have been imported since (another file or vintage).")
    if now["records"] != then.get("records"):
        notes.append("Records included in the pack have been added, changed or withdrawn since.")
    return notes

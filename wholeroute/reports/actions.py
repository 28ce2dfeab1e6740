"""The verbs of the reports app: request a pack in the background, regenerate it from its stored inputs, retry a
failed one. Each runs in one transaction with a permission check and an audit row; the work is a django-tasks task
queued after the commit (wholeroute.reports.tasks.generate_pack)."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from wholeroute.access import audit, policy
from wholeroute.access.models import Classification
from wholeroute.reports.models import Pack


def can_request(user) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and policy.is_participant(user) and bool(policy.roles(user))


def _check(user):
    if not can_request(user):
        raise PermissionDenied("Sign in as a member of a participating organisation to generate packs.")


def request_pack(user, kind: str, key: str, fmt: str, public: bool = False) -> Pack:
    """Queue a pack of `kind` (country, route, event) for `key` in `fmt` (html, pdf, docx, xlsx); returns the Pack.

    The subject is resolved when the task runs, for the requester as they are then: an unknown key, or an event
    they may not (or no longer) see, ends as a failed pack with the reason."""
    _check(user)
    if kind not in Pack.Kind.values:
        raise ValidationError({"kind": f"Unknown kind of pack {kind!r}."})
    if fmt not in Pack.Format.values:
        raise ValidationError({"format": f"Unknown format {fmt!r}."})
    key = str(key).strip()[:60]
    if not key:
        raise ValidationError({"key": "Say which country, route or event."})
    with transaction.atomic():
        pack = Pack.objects.create(kind=kind, key=key, format=fmt, public_only=bool(public), requested_by=user,
                                   owner=policy.acting_organisation(user), created_by=user,
                                   classification=Classification.PUBLIC if public else Classification.LIMITED)
        audit.record(user=user, verb="reports.pack_requested", obj=pack,
                     after={"kind": kind, "key": key, "format": fmt, "public": bool(public)})
    _enqueue(pack)
    return pack


def regenerate_pack(user, pack: Pack) -> Pack:
    """A new Pack rendered from the stored snapshot of `pack` (same sections, figures, marking and date)."""
    _check(user)
    if pack.requested_by_id != user.pk:
        raise PermissionDenied("Only the person who requested a pack may regenerate it.")
    if pack.status != Pack.Status.SUCCEEDED or not pack.snapshot:
        raise ValidationError("Only a pack that was generated can be regenerated; retry a failed one instead.")
    with transaction.atomic():
        again = Pack.objects.create(kind=pack.kind, key=pack.key, format=pack.format, public_only=pack.public_only,
                                    requested_by=user, owner=pack.owner, created_by=user,
                                    classification=pack.classification, inputs=pack.inputs, snapshot=pack.snapshot,
                                    regenerated_from=pack)
        audit.record(user=user, verb="reports.pack_regenerated", obj=again, after={"regenerated_from": pack.pk})
    _enqueue(again)
    return again


def retry_pack(user, pack: Pack) -> Pack:
    """Run a failed pack again (after the cause is fixed: a missing record created, a route seeded …)."""
    _check(user)
    if pack.requested_by_id != user.pk:
        raise PermissionDenied("Only the person who requested a pack may retry it.")
    with transaction.atomic():
        pack = Pack.objects.select_for_update().get(pk=pack.pk)
        if pack.status != Pack.Status.FAILED:
            raise ValidationError("Only a failed pack can be retried.")
        before = {"status": pack.status, "error": pack.error}
        Pack.objects.filter(pk=pack.pk).update(status=Pack.Status.QUEUED, progress=0, error="")
        audit.record(user=user, verb="reports.pack_retried", obj=pack, before=before, after={"status": "queued"})
    pack.refresh_from_db()
    _enqueue(pack)
    return pack


def _enqueue(pack: Pack):
    from wholeroute.reports.tasks import generate_pack

    # After the Pack row is committed (as indicators.actions does), so a worker finds it.
    generate_pack.enqueue(pack.pk)

"""Writing and checking the audit trail. Every action calls `record` inside its own transaction."""

import datetime
import decimal
import uuid

from django.db import models, transaction

from wholeroute.access.models import AuditEntry


def _plain(value):
    if isinstance(value, (datetime.date, datetime.datetime, datetime.time)):
        return value.isoformat()
    if isinstance(value, (decimal.Decimal, uuid.UUID)):
        return str(value)
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, (list, tuple, set)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if hasattr(value, "name") and hasattr(value, "url"):  # a FieldFile
        return value.name or None
    return value


def snapshot(obj, fields=None) -> dict:
    """The record's field values as JSON-ready data, many-to-many fields as sorted id lists."""
    if obj is None:
        return None
    data = {}
    for field in obj._meta.concrete_fields:
        if fields and field.name not in fields:
            continue
        data[field.name] = _plain(getattr(obj, field.attname))
    if obj.pk:
        for field in obj._meta.many_to_many:
            if fields and field.name not in fields:
                continue
            data[field.name] = sorted(getattr(obj, field.name).values_list("pk", flat=True))
    return data


def changes(before: dict | None, after: dict | None) -> tuple[dict | None, dict | None]:
    """Keep only the fields that differ, so audit rows say what changed."""
    if before is None or after is None:
        return before, after
    keys = [k for k in after if before.get(k) != after.get(k)]
    return {k: before.get(k) for k in keys}, {k: after[k] for k in keys}


def record(*, user, verb: str, obj, before=None, after=None, reason: str = "", organisation=None) -> AuditEntry:
    """Append one audit row. Must run inside the action's transaction."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("audit.record must be called inside the action's transaction")
    from wholeroute.access import policy

    if organisation is None and user is not None and getattr(user, "is_authenticated", False):
        organisation = policy.acting_organisation(user, obj if hasattr(obj, "owner_id") else None)
    before, after = changes(_plain(before), _plain(after))
    # Lock the chain's tail so concurrent writers append one after the other.
    last = AuditEntry.objects.select_for_update().order_by("-id").only("hash").first()
    entry = AuditEntry(
        user=user if getattr(user, "is_authenticated", False) else None,
        user_repr=getattr(user, "email", "") if user is not None else "",
        organisation=organisation,
        verb=verb,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        object_repr=str(obj)[:300] if obj is not None else "",
        before=before,
        after=after,
        reason=reason,
        previous_hash=last.hash if last else "",
    )
    entry.hash = entry.compute_hash()
    entry.save()
    return entry


def verify_chain() -> list[str]:
    """Problems in the audit chain (empty when every row links to the one before and is unaltered)."""
    problems = []
    previous = ""
    for entry in AuditEntry.objects.order_by("id").iterator():
        if entry.previous_hash != previous:
            problems.append(f"audit entry {entry.pk}: previous hash does not match entry before it")
        if entry.compute_hash() != entry.hash:
            problems.append(f"audit entry {entry.pk}: content does not match its hash")
        previous = entry.hash
    return problems


def history(obj):
    return AuditEntry.objects.filter(object_type=obj._meta.label_lower, object_id=str(obj.pk))

"""The verbs of the statistics app. Imports themselves run through `load.load` (one transaction, audited);
these actions decide who may start one and queue it as a background task."""

import re
import uuid
from pathlib import Path

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from wholeroute.access import audit, policy
from wholeroute.access.models import Role
from wholeroute.indicators.models import ImportRun
from wholeroute.indicators.parsers import modules


def can_import(user) -> bool:
    """Statistics are shared reference data: admins of a participating organisation may import them."""
    return bool(getattr(user, "is_authenticated", False)) and policy.is_participant(user) and bool(
        policy.organisations_with_role(user, Role.ADMIN))


def upload_folder() -> Path:
    return Path(settings.MEDIA_ROOT) / "statistics-imports"


def queue_import(user, upload, *, fmt: str | None = None, vintage: str | None = None) -> ImportRun:
    """Store an uploaded file outside the web root and queue its import; returns the queued ImportRun."""
    if not can_import(user):
        raise PermissionDenied("Only administrators of a participating organisation may import statistics.")
    if fmt and fmt not in modules():
        raise ValidationError({"format": f"Unknown format {fmt!r}."})
    if vintage and not re.fullmatch(r"\d{4}(-\d{2}){0,2}", vintage):
        raise ValidationError({"vintage": "Give the vintage as a date: YYYY-MM-DD (or YYYY-MM, YYYY)."})
    if upload.size > settings.WHOLEROUTE_MAX_UPLOAD_BYTES:
        raise ValidationError({"file": f"The file is larger than {settings.WHOLEROUTE_MAX_UPLOAD_BYTES:,} bytes."})
    name = re.sub(r"[^A-Za-z0-9._-]+", "_", Path(upload.name).name)[-120:] or "upload"
    target = upload_folder() / uuid.uuid4().hex / name
    target.parent.mkdir(parents=True, exist_ok=True)
    with open(target, "wb") as out:
        for chunk in upload.chunks():
            out.write(chunk)
    with transaction.atomic():
        run = ImportRun.objects.create(file_name=name, format=fmt or "", vintage=vintage or "", started_by=user,
                                       status=ImportRun.Status.QUEUED, started_at=timezone.now())
        audit.record(user=user, verb="indicators.import_queued", obj=run, organisation=None,
                     after={"file_name": name, "format": fmt or "", "vintage": vintage or ""})
    from wholeroute.indicators.tasks import import_file

    import_file.enqueue(run.pk, str(target), fmt or None, vintage or None)
    return run

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
                                       status=ImportRun.Status.QUEUED, started_at=timezone.now(),
                                       stored_file=str(target))
        audit.record(user=user, verb="indicators.import_queued", obj=run, organisation=None,
                     after={"file_name": name, "format": fmt or "", "vintage": vintage or ""})
    _enqueue(run)
    return run


def can_retry(run: ImportRun) -> bool:
    """A failed web import can be run again from the file it kept (after a crash, or once the data it depends on,
    such as a new country alias, is in place)."""
    return (run.status == ImportRun.Status.FAILED and bool(run.stored_file) and Path(run.stored_file).is_file()
            and not run.retries.exclude(status=ImportRun.Status.FAILED).exists())


def retry_import(user, run: ImportRun) -> ImportRun:
    """Queue a failed import again as a new run (the failed one stays in the history); returns the new run."""
    if not can_import(user):
        raise PermissionDenied("Only administrators of a participating organisation may import statistics.")
    with transaction.atomic():
        run = ImportRun.objects.select_for_update().get(pk=run.pk)
        if not can_retry(run):
            raise ValidationError("Only a failed import whose uploaded file is still stored, and that is not already "
                                  "retried, can be retried.")
        again = ImportRun.objects.create(file_name=run.file_name, format=run.format,
                                         vintage=run.vintage, started_by=user, status=ImportRun.Status.QUEUED,
                                         started_at=timezone.now(), stored_file=run.stored_file, retry_of=run)
        audit.record(user=user, verb="indicators.import_retried", obj=again, organisation=None,
                     after={"file_name": run.file_name, "retry_of": run.pk})
    _enqueue(again)
    return again


def _enqueue(run: ImportRun):
    """After the run's row is committed, so a worker finds it."""
    from wholeroute.indicators.tasks import import_file

    import_file.enqueue(run.pk, run.stored_file, run.format or None, run.vintage or None)

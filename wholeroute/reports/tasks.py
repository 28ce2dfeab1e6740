"""Packs generated in the background (`actions.request_pack`). A crash is stored on the Pack as failed, with the
error, so the requester sees why and may retry; it never leaves a pack 'running' for ever."""

import hashlib
import traceback

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from wholeroute.access import audit
from wholeroute.reports import packs, provenance, snapshot, subjects
from wholeroute.reports.models import Pack


def _progress(pack_id, percent, **more):
    Pack.objects.filter(pk=pack_id).update(progress=percent, **more)


@task()
def generate_pack(pack_id: int) -> str:
    pack = Pack.objects.select_related("requested_by").get(pk=pack_id)
    _progress(pack_id, 5, status=Pack.Status.RUNNING, attempts=pack.attempts + 1, error="")
    try:
        if pack.snapshot:
            built, inputs = snapshot.load(pack.snapshot), pack.inputs
        else:
            subject = subjects.resolve(pack.kind, pack.key, pack.requested_by, public_only=pack.public_only)
            built = packs.build(pack.kind, subject, pack.requested_by, public_only=pack.public_only)
            inputs = provenance.inputs(pack.kind, subject, pack.requested_by, public_only=pack.public_only)
        _progress(pack_id, 40)
        render, _content_type = packs.RENDERERS[pack.format]
        content = render(built)
        content = content.encode() if isinstance(content, str) else content
        _progress(pack_id, 90)
        with transaction.atomic():
            pack = Pack.objects.select_for_update().get(pk=pack_id)
            pack.classification = built.classification
            pack.title = built.title[:400]
            pack.inputs = inputs
            pack.snapshot = pack.snapshot or snapshot.dump(built)
            pack.generated_at = built.generated_at
            pack.size = len(content)
            pack.sha256 = hashlib.sha256(content).hexdigest()
            pack.file.save(pack.file_name, ContentFile(content), save=False)
            pack.status, pack.progress, pack.error = Pack.Status.SUCCEEDED, 100, ""
            pack.save()
            audit.record(user=pack.requested_by, verb="reports.pack_generated", obj=pack, organisation=pack.owner,
                         after={"classification": pack.classification, "sha256": pack.sha256, "size": pack.size})
    except Exception as exc:  # stored, not raised: the requester sees the reason and may retry
        last = traceback.extract_tb(exc.__traceback__)[-1]
        Pack.objects.filter(pk=pack_id).update(
            status=Pack.Status.FAILED, error=f"{exc.__class__.__name__}: {exc} (at {last.name}, line {last.lineno})"[:2000],
            updated_at=timezone.now())
        return Pack.Status.FAILED
    return Pack.Status.SUCCEEDED

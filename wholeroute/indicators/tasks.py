"""Background imports queued from the web page (`actions.queue_import`)."""

from pathlib import Path

from django.db import connection, connections
from django_tasks import task

from wholeroute.indicators.load import load
from wholeroute.indicators.models import ImportRun


def _progress_reporter(run_id):
    """On PostgreSQL, rows read so far are written through a second connection (the import's own transaction
    is invisible until it commits); SQLite allows one writer, so there the page shows the result at the end."""
    if connection.vendor != "postgresql":
        return None
    side = connections.create_connection("default")

    def report(read):
        with side.cursor() as cursor:
            cursor.execute('UPDATE indicators_importrun SET "read" = %s WHERE id = %s', [read, run_id])

    report.close = side.close
    return report


@task()
def import_file(run_id: int, path: str, fmt: str | None = None, vintage: str | None = None) -> str:
    run = ImportRun.objects.get(pk=run_id)
    ImportRun.objects.filter(pk=run_id).update(status=ImportRun.Status.RUNNING)
    progress = _progress_reporter(run_id)
    try:
        run = load(Path(path), fmt=fmt, user=run.started_by, vintage=vintage, progress=progress, run=run)
    finally:
        if progress is not None:
            progress.close()
    return run.status

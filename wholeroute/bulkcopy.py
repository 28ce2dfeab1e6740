"""Bulk insert of model instances through PostgreSQL's COPY, inside the caller's transaction (several times
faster than INSERT for the hundreds of thousands of child rows a large import writes); `bulk_create` on other
databases. For rows whose primary keys the caller does not need back. Like `bulk_create`, it calls each field's
`pre_save` (defaults, auto_now) and skips `save()` and signals."""

from django.db import connection


def insert(model, objects, *, batch_size=2000) -> int:
    """Insert `objects` (unsaved instances of `model`); returns how many."""
    if not objects:
        return 0
    if connection.vendor != "postgresql":
        model.objects.bulk_create(objects, batch_size=batch_size)
        return len(objects)
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    quote = connection.ops.quote_name
    sql = f"COPY {quote(model._meta.db_table)} ({', '.join(quote(f.column) for f in fields)}) FROM STDIN"
    with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
        for obj in objects:
            copy.write_row([f.get_db_prep_save(f.pre_save(obj, True), connection) for f in fields])
    return len(objects)

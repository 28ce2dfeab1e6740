"""Backup and restore: a restore into a fresh database has every row and the same audit chain."""

import sqlite3

import pytest
from django.db import connection

from wholeroute.access import actions, audit
from wholeroute.access.models import AuditEntry
from wholeroute.home import backup
from wholeroute.partnerships.models import Partnership


def _make_history(ministry, alice):
    for n in range(5):
        record = Partnership.objects.create(title=f"Backed-up partnership {n}", owner=ministry)
        actions.withdraw(alice, record, reason=f"reason {n}")


def _audit_chain_rows(cursor):
    cursor.execute("SELECT id, previous_hash, hash FROM access_auditentry ORDER BY id")
    return [tuple(row) for row in cursor.fetchall()]


@pytest.mark.django_db(transaction=True)
def test_a_sqlite_backup_restores_into_a_fresh_database_with_nothing_lost(ministry, alice, tmp_path):
    if connection.vendor != "sqlite":
        pytest.skip("SQLite variant; the PostgreSQL variant runs when DATABASE_URL points at PostgreSQL")
    _make_history(ministry, alice)
    source_counts = backup.table_counts()
    with connection.cursor() as cursor:
        source_chain = _audit_chain_rows(cursor)

    backup.backup(tmp_path / "backup.sqlite3")
    fresh = tmp_path / "fresh.sqlite3"
    backup.restore(tmp_path / "backup.sqlite3", database_name=str(fresh))

    restored = sqlite3.connect(fresh)
    try:
        for table, count in source_counts.items():
            assert restored.execute(f'SELECT COUNT(*) FROM "{table}"').fetchone()[0] == count, table  # noqa: S608
        assert _audit_chain_rows(restored.cursor()) == source_chain
    finally:
        restored.close()
    assert source_counts["partnerships_partnership"] == 5
    assert audit.verify_chain() == []


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_postgresql_backup_restores_into_a_fresh_database_with_nothing_lost(ministry, alice, tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: run with DATABASE_URL=postgres://postgres@127.0.0.1:5432/test (CI does)")
    import psycopg

    _make_history(ministry, alice)
    source_counts = backup.table_counts()
    with connection.cursor() as cursor:
        source_chain = _audit_chain_rows(cursor)
    backup.backup(tmp_path / "backup.dump")

    params = connection.settings_dict
    fresh = f"{params['NAME']}_restore_check"
    admin = psycopg.connect(host=params["HOST"], port=params["PORT"] or 5432, user=params["USER"], dbname="postgres",
                            autocommit=True)
    admin.execute(f'DROP DATABASE IF EXISTS "{fresh}"')
    admin.execute(f'CREATE DATABASE "{fresh}"')
    try:
        backup.restore(tmp_path / "backup.dump", database_name=fresh)
        with psycopg.connect(host=params["HOST"], port=params["PORT"] or 5432, user=params["USER"], dbname=fresh) as restored:
            cursor = restored.cursor()
            for table, count in source_counts.items():
                cursor.execute(f'SELECT COUNT(*) FROM "{table}"')  # noqa: S608
                assert cursor.fetchone()[0] == count, table
            assert _audit_chain_rows(cursor) == source_chain
    finally:
        admin.execute(f'DROP DATABASE IF EXISTS "{fresh}" WITH (FORCE)')
        admin.close()
    assert AuditEntry.objects.count() == len(source_chain) >= 5

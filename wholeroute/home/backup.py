"""Back up and restore the whole database: PostgreSQL with pg_dump/pg_restore, SQLite with its online backup API."""

import shutil
import sqlite3
import subprocess
from pathlib import Path

from django.db import connection, connections


def _pg_env_and_args(settings_dict):
    env = {}
    args = []
    if settings_dict.get("HOST"):
        args += ["-h", settings_dict["HOST"]]
    if settings_dict.get("PORT"):
        args += ["-p", str(settings_dict["PORT"])]
    if settings_dict.get("USER"):
        args += ["-U", settings_dict["USER"]]
    if settings_dict.get("PASSWORD"):
        env["PGPASSWORD"] = settings_dict["PASSWORD"]
    return env, args


def _run(command, env_extra):
    import os

    executable = shutil.which(command[0])
    if executable is None:
        raise RuntimeError(f"{command[0]} is not installed; install the PostgreSQL client tools")
    result = subprocess.run([executable, *command[1:]], env={**os.environ, **env_extra},  # noqa: S603
                            capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise RuntimeError(f"{command[0]} failed: {result.stderr.strip()}")


def backup(target: Path, alias: str = "default") -> Path:
    """Write a consistent copy of the database to `target` (a .sqlite3 file or a pg_dump custom-format file)."""
    target = Path(target)
    conn = connections[alias]
    conn.ensure_connection()
    if conn.vendor == "sqlite":
        with sqlite3.connect(target) as dest:
            conn.connection.backup(dest)
        return target
    if conn.vendor == "postgresql":
        env, args = _pg_env_and_args(conn.settings_dict)
        _run(["pg_dump", "-Fc", "--no-owner", "-f", str(target), *args, conn.settings_dict["NAME"]], env)
        return target
    raise RuntimeError(f"backup of {conn.vendor} databases is not supported")


def restore(source: Path, alias: str = "default", *, database_name: str | None = None) -> None:
    """Replace the contents of the database (or of `database_name` on the same PostgreSQL server) with a backup."""
    source = Path(source)
    if not source.exists():
        raise FileNotFoundError(f"no backup at {source}")
    conn = connections[alias]
    conn.ensure_connection()
    if conn.vendor == "sqlite":
        if database_name:
            with sqlite3.connect(source) as src, sqlite3.connect(database_name) as dest:
                src.backup(dest)
            return
        with sqlite3.connect(source) as src:
            src.backup(conn.connection)
        return
    if conn.vendor == "postgresql":
        env, args = _pg_env_and_args(conn.settings_dict)
        name = database_name or conn.settings_dict["NAME"]
        _run(["pg_restore", "--clean", "--if-exists", "--no-owner", "--single-transaction", "-d", name, *args,
              str(source)], env)
        return
    raise RuntimeError(f"restore of {conn.vendor} databases is not supported")


def table_counts(cursor=None) -> dict[str, int]:
    """Row count of every table the application owns, to compare a restore with its source."""
    tables = connection.introspection.table_names()
    counts = {}
    with connection.cursor() as own:
        cur = cursor or own
        for table in sorted(tables):
            cur.execute(f'SELECT COUNT(*) FROM "{table}"')  # noqa: S608 (table names from introspection)
            counts[table] = cur.fetchone()[0]
    return counts

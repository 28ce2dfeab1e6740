"""Typed readers for the environment variables that configure wholeroute.

Every variable read here is recorded in ``READ``, so a test can check that README documents each one.
"""

import os

READ: dict[str, str] = {}


def _raw(name: str, default: str | None) -> str | None:
    READ[name] = "" if default is None else str(default)
    return os.environ.get(name, default)


def string(name: str, default: str = "") -> str:
    return _raw(name, default) or ""


def boolean(name: str, default: bool = False) -> bool:
    value = _raw(name, "true" if default else "false")
    return str(value).strip().lower() in {"1", "true", "yes", "on"}


def integer(name: str, default: int) -> int:
    value = _raw(name, str(default))
    try:
        return int(str(value))
    except ValueError as exc:
        raise ValueError(f"environment variable {name} must be a whole number, got {value!r}") from exc


def listing(name: str, default: str = "") -> list[str]:
    value = _raw(name, default) or ""
    return [item.strip() for item in value.split(",") if item.strip()]

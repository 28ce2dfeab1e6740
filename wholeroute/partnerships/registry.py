"""Pure parser of the sourced partnership registry (data/registry/partnerships.yaml): file → typed records.

No database access. Every problem is collected with the file, the record (position and id) and the field, and
the whole file is refused when any record is wrong.
"""

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from wholeroute.partnerships import partialdates
from wholeroute.partnerships.solutions import REGISTRY_INSTRUMENTS, REGISTRY_TYPES

DEFAULT_PATH = Path(__file__).resolve().parents[2] / "data" / "registry" / "partnerships.yaml"


class RegistryError(ValueError):
    def __init__(self, errors):
        self.errors = errors
        super().__init__("\n".join(errors))


@dataclass
class RegistryRecord:
    registry_id: str
    title: str
    solution_types: list[str]
    parties: list[str]
    instrument_kind: str
    instrument_note: str
    party_notes: str
    parties_uncertain: bool
    dates: dict[str, str]
    status_text: str
    status_as_of: str
    sources: list[str]
    facts: list[dict] = field(default_factory=list)


def _sources(item) -> list[str]:
    found = []
    if item.get("source"):
        found.append(item["source"])
    found += list(item.get("sources") or [])
    seen = item.get("also_seen")
    found += [seen] if isinstance(seen, str) else list(seen or [])
    return found


def _flag(item) -> dict:
    return {"uncertain": bool(item.get("uncertain", False)), "note": (item.get("note") or "").strip()}


def _date(value, where, errors) -> str:
    if value in (None, ""):
        return ""
    text = str(value)
    try:
        partialdates.parse(text)
    except ValueError as exc:
        errors.append(f"{where}: {exc}")
        return ""
    return text


def parse(path=DEFAULT_PATH) -> list[RegistryRecord]:
    path = Path(path)
    name = path.name
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise RegistryError([f"{name}: not valid YAML ({exc})"]) from None
    if not isinstance(data, dict) or not isinstance(data.get("records"), list):
        raise RegistryError([f"{name}: expected a mapping with a 'records' list"])
    errors: list[str] = []
    records = []
    seen_ids = set()
    for index, raw in enumerate(data["records"], start=1):
        rid = str(raw.get("id") or "")
        at = f"{name}, record {index} ({rid or 'no id'})"
        for key in ("id", "title", "type", "parties", "instrument_kind"):
            if not raw.get(key):
                errors.append(f"{at}, field {key}: missing")
        if rid in seen_ids:
            errors.append(f"{at}, field id: duplicate id")
        seen_ids.add(rid)
        types = raw.get("type") or []
        types = [types] if isinstance(types, str) else list(types)
        for t in types:
            if t not in REGISTRY_TYPES:
                errors.append(f"{at}, field type: unknown type {t!r}")
        instrument = str(raw.get("instrument_kind") or "").strip().lower()
        if instrument and instrument not in REGISTRY_INSTRUMENTS:
            errors.append(f"{at}, field instrument_kind: unknown instrument kind {raw.get('instrument_kind')!r}")
        facts = []
        dates = {}
        for key, item in (raw.get("dates") or {}).items():
            if not item:
                continue
            dates[key] = _date(item.get("date"), f"{at}, field dates.{key}", errors)
            facts.append({"kind": "date", "label": key, "date": dates[key], "sources": _sources(item), **_flag(item)})
        status = raw.get("status") or {}
        status_as_of = _date(status.get("as_of"), f"{at}, field status.as_of", errors)
        facts.append({"kind": "status", "text": status.get("value") or "", "date": status_as_of,
                      "sources": _sources(status), **_flag(status)})
        for item in raw.get("key_terms") or []:
            facts.append({"kind": "key_term", "text": item.get("text") or "", "sources": _sources(item), **_flag(item)})
        for i, item in enumerate(raw.get("events") or []):
            facts.append({"kind": "event", "date": _date(item.get("date"), f"{at}, field events[{i}].date", errors),
                          "text": item.get("event") or "", "sources": _sources(item), **_flag(item)})
        for i, item in enumerate(raw.get("money") or []):
            amount = item.get("amount")
            if amount is not None and not isinstance(amount, (int, float)):
                errors.append(f"{at}, field money[{i}].amount: {amount!r} is not a number")
                amount = None
            facts.append({"kind": "money", "amount": amount, "currency": item.get("currency") or "",
                          "text": item.get("covers") or "", "sources": _sources(item), **_flag(item)})
        for item in raw.get("implementing_actors") or []:
            facts.append({"kind": "actor", "text": item.get("name") or "", "sources": _sources(item), **_flag(item)})
        for i, item in enumerate(raw.get("controversies") or []):
            facts.append({"kind": "controversy",
                          "date": _date(item.get("date"), f"{at}, field controversies[{i}].date", errors),
                          "text": item.get("description") or "", "sources": _sources(item), **_flag(item)})
        for item in raw.get("agreements") or []:
            details = {k: item[k] for k in ("signed", "entry_into_force") if item.get(k)}
            text = item.get("text") or "; ".join(f"{k.replace('_', ' ')} {v}" for k, v in details.items())
            facts.append({"kind": "agreement", "label": item.get("country") or "", "text": text,
                          "sources": _sources(item), "details": details, **_flag(item)})
        for item in raw.get("context") or []:
            facts.append({"kind": "context", "text": item.get("text") or "", "sources": _sources(item),
                          **_flag(item)})
        records.append(RegistryRecord(
            registry_id=rid,
            title=str(raw.get("title") or ""),
            solution_types=[REGISTRY_TYPES.get(t, "") for t in types],
            parties=[str(p) for p in raw.get("parties") or []],
            instrument_kind=REGISTRY_INSTRUMENTS.get(instrument, ""),
            instrument_note=(raw.get("instrument_note") or "").strip(),
            party_notes=(raw.get("party_notes") or "").strip(),
            parties_uncertain=bool(raw.get("parties_uncertain", False)),
            dates=dates,
            status_text=(status.get("value") or "").strip(),
            status_as_of=status_as_of,
            sources=[str(s) for s in raw.get("sources") or []],
            facts=facts,
        ))
    if errors:
        raise RegistryError(errors)
    return records

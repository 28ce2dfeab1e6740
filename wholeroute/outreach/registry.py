"""Reading `data/registry/processes.yaml` into plain records (no database): processes, members and dated events.

Every fact keeps its source URL and, where the compiler could not verify it, its "uncertain" flag and note. A
malformed record is reported with the file, the record id and the field; nothing is guessed.
"""

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from wholeroute.outreach import eventdates

DEFAULT_PATH = Path(__file__).resolve().parents[2] / "data" / "registry" / "processes.yaml"

# Organisations named by the registry that are seeded institutions (wholeroute/access/seed.py).
INSTITUTIONS = {"ICMPD": "icmpd", "IOM": "iom", "UNHCR": "unhcr", "Frontex": "frontex", "EUAA": "euaa"}

# Registry record kind → kind of the meeting a standalone record describes.
MEETING_KIND = {
    "summit": "summit",
    "ministerial_meeting": "ministerial_conference",
    "conference": "conference",
    "council_meeting": "council",
}

# Kind of a process's dated milestone, read from its wording (docs/outreach.md: "inferred kinds").
_KIND_WORDS = [
    (re.compile(r"\bsummit\b", re.I), "summit"),
    (re.compile(r"senior officials|steering committee", re.I), "senior_officials_meeting"),
    (re.compile(r"\bministerial\b|ministers", re.I), "ministerial_conference"),
    (re.compile(r"\bcouncil\b", re.I), "council"),
    (re.compile(r"\bconference\b", re.I), "conference"),
    (re.compile(r"high-level meeting|technical", re.I), "technical_meeting"),
]

_ISO2 = re.compile(r"^[A-Z]{2}$")


class _Loader(yaml.SafeLoader):
    """YAML 1.1 reads NO (Norway) as false; here only true/false are booleans."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
for _first in "tTfF":
    _Loader.add_implicit_resolver("tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
                                  [_first])


class RegistryError(ValueError):
    def __init__(self, problems):
        self.problems = list(problems)
        super().__init__("; ".join(self.problems))


@dataclass
class MemberRecord:
    role: str
    group: str
    name: str
    country_code: str = ""
    organisation_slug: str = ""
    source: str = ""
    uncertain: bool = False
    order: int = 0


@dataclass
class EventRecord:
    key: str
    title: str
    kind: str
    start_text: str | None
    end_text: str | None
    place: str = ""
    description: str = ""
    country_codes: list[str] = field(default_factory=list)
    organisation_slugs: list[str] = field(default_factory=list)
    participants_text: str = ""
    outcomes: list[dict] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    uncertain: bool = False
    note: str = ""
    partnership_ids: list[str] = field(default_factory=list)


@dataclass
class ProcessRecord:
    registry_id: str
    fields: dict
    members: list[MemberRecord]
    events: list[EventRecord]


def _role(key: str) -> str:
    key = key.lower()
    if "observer" in key and "participating" not in key:
        return "observer"
    if key.startswith("at_launch"):
        return "founding"
    if key.startswith("later"):
        return "later"
    if "participa" in key or key in {"countries_partial", "heads_of_state"}:
        return "participant"
    return "member"


def _organisation_slug(name: str) -> str:
    for prefix, slug in INSTITUTIONS.items():
        if name == prefix or name.startswith(prefix + " "):
            return slug
    return ""


def _members(where, value, *, default_role, default_source="", default_uncertain=False) -> tuple[list, str, bool]:
    """(members, note, uncertain) from a registry `members` / `participants` entry (list, dict or string)."""
    members: list[MemberRecord] = []
    if value is None:
        return members, "", False
    if isinstance(value, str):
        return members, value, default_uncertain
    if isinstance(value, list):
        groups = {"": value}
        source, uncertain, note = default_source, default_uncertain, ""
    elif isinstance(value, dict):
        groups = {k: v for k, v in value.items() if isinstance(v, list)}
        source = value.get("source", default_source)
        uncertain = bool(value.get("uncertain", default_uncertain))
        notes = [value.get("note", ""), value.get("description", "")]
        note = " ".join(n for n in notes if n)
    else:
        raise RegistryError([f"{where}: expected a list or a mapping, found {type(value).__name__}"])
    for group, items in groups.items():
        group_source = value.get(f"{group}_source", source) if isinstance(value, dict) else source
        role = _role(group) if group else default_role
        for order, item in enumerate(items):
            if not isinstance(item, str):
                raise RegistryError([f"{where}.{group or 'members'}[{order}]: expected a name or code, found {item!r}"])
            code = item if _ISO2.match(item) else ""
            members.append(MemberRecord(role=role, group=group, name=item, country_code=code,
                                        organisation_slug="" if code else _organisation_slug(item),
                                        source=group_source or "", uncertain=uncertain, order=order))
    return members, note, uncertain


def _event_kind(text: str) -> str:
    for pattern, kind in _KIND_WORDS:
        if pattern.search(text):
            return kind
    return "other"


def _title(text: str) -> str:
    title = re.split(r": |; ", text, maxsplit=1)[0].strip().rstrip(".")
    return title[:400]


def _partnership_ids(raw) -> list[str]:
    refs = raw.get("related_records") or ([raw["related_record"]] if raw.get("related_record") else [])
    return [ref.split("#", 1)[1] for ref in refs if ref.startswith("partnerships.yaml#")]


def _check_dates(where, start, end, problems):
    try:
        eventdates.from_text(start, end)
    except ValueError as exc:
        problems.append(f"{where}: {exc}")


def _record(raw: dict, path: Path, problems: list[str]) -> ProcessRecord | None:
    rid = raw.get("id")
    where = f"{path.name}, record {rid!r}"
    if not rid or not raw.get("name") or not raw.get("kind"):
        problems.append(f"{path.name}: a record needs id, name and kind (found {sorted(raw)})")
        return None
    established = raw.get("established") or {}
    chair = raw.get("chair") or raw.get("leadership")
    leadership_text = chair.get("value", "") if isinstance(chair, dict) else (chair or "")
    if raw.get("convenor"):
        leadership_text = f"Convened by {raw['convenor']}"
    secretariat = raw.get("secretariat") or {}
    fact_sources = {
        "established": established.get("source", ""),
        "founding": raw.get("founding_source", ""),
        "secretariat": secretariat.get("source", ""),
        "leadership": chair.get("source", "") if isinstance(chair, dict) else "",
        "members": raw["members"].get("source", "") if isinstance(raw.get("members"), dict)
        else raw.get("members_source", ""),
        "members_note": raw.get("members_note_source", ""),
    }
    try:
        members, members_note, members_uncertain = _members(f"{where}, members", raw.get("members"),
                                                            default_role="member",
                                                            default_source=raw.get("members_source", ""))
        participants, participants_note, participants_uncertain = _members(
            f"{where}, participants", raw.get("participants"), default_role="participant")
    except RegistryError as exc:
        problems.extend(exc.problems)
        return None
    note_parts = [members_note, raw.get("members_note", "")]
    if established.get("date"):
        _check_dates(f"{where}, established", established["date"], None, problems)
    known = {"id", "name", "kind", "established", "founding_note", "founding_source", "scope", "members",
             "members_source", "members_note", "members_note_source", "secretariat", "events", "key_documents",
             "sources", "chair", "leadership", "convenor", "date", "participants", "outcomes"}
    details = {k: v for k, v in raw.items() if k not in known}
    fields = {
        "name": raw["name"], "kind": raw["kind"], "established": established.get("date") or "",
        "established_place": established.get("place", ""), "founding_note": raw.get("founding_note", ""),
        "scope": raw.get("scope", ""), "leadership": leadership_text, "secretariat": secretariat.get("name", ""),
        "key_documents": raw.get("key_documents") or [],
        "members_note": " ".join(n for n in note_parts if n),
        "members_uncertain": members_uncertain or participants_uncertain,
        "sources": raw.get("sources") or [], "fact_sources": {k: v for k, v in fact_sources.items() if v},
        "details": details,
    }
    events = []
    for n, item in enumerate(raw.get("events") or [], start=1):
        ewhere = f"{where}, events[{n - 1}]"
        if not isinstance(item, dict) or not item.get("event"):
            problems.append(f"{ewhere}: an event needs a description ('event')")
            continue
        _check_dates(ewhere, item.get("date"), item.get("end_date"), problems)
        text = item["event"]
        events.append(EventRecord(
            key=f"{rid}#{n}", title=_title(text), kind=_event_kind(text), start_text=item.get("date"),
            end_text=item.get("end_date"), place=item.get("place", ""), description=text,
            sources=[item["source"]] if item.get("source") else [], uncertain=bool(item.get("uncertain")),
            note=item.get("note", ""),
        ))
    if raw.get("date"):
        meeting = raw["date"]
        _check_dates(f"{where}, date", meeting.get("date"), meeting.get("end_date"), problems)
        everyone = participants + members
        events.append(EventRecord(
            key=f"{rid}#meeting", title=raw["name"], kind=MEETING_KIND.get(raw["kind"], "other"),
            start_text=meeting.get("date"), end_text=meeting.get("end_date"), place=meeting.get("place", ""),
            description=raw.get("scope", ""),
            country_codes=[m.country_code for m in everyone if m.country_code],
            organisation_slugs=[m.organisation_slug for m in everyone if m.organisation_slug],
            participants_text=" ".join(filter(None, [participants_note] + [m.name for m in participants
                                                                           if not m.country_code]))[:2000],
            outcomes=raw.get("outcomes") or [],
            sources=[meeting["source"]] if meeting.get("source") else [],
            uncertain=participants_uncertain, note=raw.get("place_note", ""),
            partnership_ids=_partnership_ids(raw),
        ))
        members = members + participants
    return ProcessRecord(registry_id=rid, fields=fields, members=members, events=events)


def load_yaml(text: str):
    """YAML with only true/false as booleans (country codes such as NO stay strings)."""
    return yaml.load(text, Loader=_Loader)  # noqa: S506 (_Loader is a SafeLoader)


def parse(path: Path = DEFAULT_PATH) -> list[ProcessRecord]:
    path = Path(path)
    try:
        data = load_yaml(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise RegistryError([f"{path}: cannot be read ({exc})"]) from None
    if not isinstance(data, dict) or not isinstance(data.get("records"), list):
        raise RegistryError([f"{path}: expected a mapping with a 'records' list"])
    problems: list[str] = []
    records = []
    seen = set()
    for raw in data["records"]:
        if not isinstance(raw, dict):
            problems.append(f"{path.name}: a record must be a mapping, found {raw!r}")
            continue
        record = _record(raw, path, problems)
        if record is None:
            continue
        if record.registry_id in seen:
            problems.append(f"{path.name}, record {record.registry_id!r}: duplicate id")
        seen.add(record.registry_id)
        records.append(record)
    if problems:
        raise RegistryError(problems)
    return records

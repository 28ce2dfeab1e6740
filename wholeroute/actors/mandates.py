"""Pure parser of the sourced mandates file (data/reference/mandates.yaml): file → typed holders and entries."""

from dataclasses import dataclass, field
from pathlib import Path

import yaml

DEFAULT_PATH = Path(__file__).resolve().parents[2] / "data" / "reference" / "mandates.yaml"

SCOPES = {"member_states", "third_countries", "member_states_and_third_countries", "eu_level", "global"}

# Which organisations act under a family mandate when they have no mandate of their own (by Organisation.kind).
FAMILY_KINDS = {"eu-institutions": ["commission", "eeas"], "member-states": ["ministry"]}


class MandateFileError(ValueError):
    def __init__(self, errors):
        self.errors = errors
        super().__init__("\n".join(errors))


@dataclass
class Entry:
    code: str
    permitted: bool
    legal_basis: str
    geographic_scope: str
    text: str
    source: str
    also_seen: list[str]
    uncertain: bool
    note: str


@dataclass
class Holder:
    code: str
    name: str
    kind: str
    constituent_instruments: list
    general_limits: list
    pending_changes: list
    entries: list[Entry] = field(default_factory=list)


def parse(path=DEFAULT_PATH) -> tuple[dict[str, tuple[str, bool]], list[Holder], str]:
    """({function code: (description, is_limit)}, holders, compiled date)."""
    path = Path(path)
    name = path.name
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    errors = []
    functions = {code: (text, False) for code, text in (data.get("function_codes") or {}).items()}
    functions.update({code: (text, True) for code, text in (data.get("limit_codes") or {}).items()})
    holders = []
    for i, org in enumerate(data.get("organisations") or [], start=1):
        at = f"{name}, organisation {i} ({org.get('id', 'no id')})"
        holder = Holder(code=org.get("id", ""), name=org.get("name", ""), kind=org.get("kind", ""),
                        constituent_instruments=org.get("constituent_instruments") or [],
                        general_limits=org.get("general_limits") or [],
                        pending_changes=org.get("pending_changes") or [])
        for key, permitted in (("functions", True), ("not_covered", False)):
            for j, item in enumerate(org.get(key) or []):
                where = f"{at}, {key}[{j}]"
                if item.get("code") not in functions:
                    errors.append(f"{where}, field code: unknown function code {item.get('code')!r}")
                scope = item.get("geographic_scope", "") if permitted else ""
                if permitted and scope not in SCOPES:
                    errors.append(f"{where}, field geographic_scope: {scope!r} is not one of {sorted(SCOPES)}")
                seen = item.get("also_seen")
                holder.entries.append(Entry(
                    code=item.get("code", ""), permitted=permitted, legal_basis=item.get("legal_basis") or "",
                    geographic_scope=scope, text=(item.get("conditions") if permitted else item.get("reason")) or "",
                    source=item.get("source") or "", also_seen=[seen] if isinstance(seen, str) else list(seen or []),
                    uncertain=bool(item.get("uncertain", False)), note=item.get("note") or ""))
        holders.append(holder)
    if errors:
        raise MandateFileError(errors)
    return functions, holders, str(data.get("compiled") or "")

"""Seed the checklist from data/reference/legal-framework.yaml and the default suspension rule. Idempotent.

Every entry goes through `actions.load_obligation`, which keeps a version and an audit row and leaves an entry
alone when its text in the file has not changed (so admins' edits survive a re-seed).
"""

import datetime
import hashlib
import json
from pathlib import Path

import yaml
from django.core.exceptions import ValidationError
from django.db import transaction

from wholeroute.access.models import Organisation
from wholeroute.safeguards import actions
from wholeroute.safeguards.models import SuspensionRule

LEGAL_FRAMEWORK = Path(__file__).resolve().parents[2] / "data" / "reference" / "legal-framework.yaml"
MAINTAINER = "dg-home"  # the Commission service for migration keeps the checklist (seeded by the access app)

# Asked in every assessment, whatever the solution type — the items issue 5 names, mapped to the file's ids:
CORE = [
    # non-refoulement: Charter 19(2), ECHR 3, Refugee Convention 33(1)
    "cfr-art-19-2", "echr-art-3", "refugee-convention-art-33-1",
    "cfr-art-18",  # right to asylum
    "cfr-art-4",  # prohibition of torture and inhuman or degrading treatment
    "cfr-art-6", "echr-art-5",  # liberty and detention
    "cfr-art-47", "echr-art-13",  # effective remedy
    "cfr-art-24",  # rights of the child
    "cfr-art-8", "gdpr-art-44",  # data protection, transfers to third countries (GDPR chapter V)
    "cfr-art-19-1", "echr-p4-art-4",  # collective expulsion
    "cfr-art-21",  # non-discrimination
    "screening-art-10-2",  # access to independent monitoring (independent monitoring mechanism)
    "rd-art-13",  # legal assistance: remedies with legal advice, representation and free legal aid
]
NON_REFOULEMENT = ["cfr-art-19-2", "echr-art-3", "refugee-convention-art-33-1", "uncat-art-3", "rd-art-5",
                   "sea-borders-art-4"]


def _date(value):
    return datetime.date.fromisoformat(str(value)) if value else None


def _list(value):
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def read(path=None):
    """(compiled date, obligations as (code, field values, digest), reforms as (code, values)). Pure."""
    path = path or LEGAL_FRAMEWORK
    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
        compiled = _date(data["compiled"])
        obligations = []
        for order, item in enumerate(data["obligations"]):
            missing = [k for k in ("id", "title", "instrument", "article", "summary", "legal_nature", "source")
                       if not item.get(k)]
            if missing:
                raise ValidationError(f"{path}: obligations entry {order + 1} ({item.get('id', '?')}) lacks "
                                      f"{', '.join(missing)}.")
            obligations.append((item["id"], {
                "title": item["title"], "instrument": item["instrument"], "article": item["article"],
                "instrument_id": item.get("instrument_id") or "", "summary": item["summary"],
                "legal_nature": item["legal_nature"], "solution_types": item.get("solution_types") or [],
                "applies_to_all": item["id"] in CORE, "source": item["source"],
                "official_text": item.get("official_text") or "", "uncertain": bool(item.get("uncertain")),
                "note": item.get("note") or "", "order": order, "checked_on": compiled,
                "applies_from": _date(item.get("applies_from")), "case_law": _list(item.get("case_law")),
                "also_seen": _list(item.get("also_seen")),
            }, hashlib.sha256(json.dumps(item, sort_keys=True, default=str).encode()).hexdigest()))
        reforms = [(r["id"], {
            "title": r["title"], "status": r["status"], "act": r.get("act") or "",
            "dates": r.get("dates") or ({"applies_from": r["applies_from"]} if r.get("applies_from") else {}),
            "summary": r["summary"], "source": r["source"], "also_seen": _list(r.get("also_seen")),
            "uncertain": bool(r.get("uncertain")), "note": r.get("note") or "", "checked_on": compiled,
            "order": order}) for order, r in enumerate(data.get("reform_status") or [])]
    except (KeyError, TypeError, ValueError, yaml.YAMLError) as exc:
        raise ValidationError(f"{path}: cannot read the legal framework ({exc!r}).") from exc
    return compiled, obligations, reforms


@transaction.atomic
def run(*, demo: bool = False, stdout=None) -> str:
    compiled, obligations, reforms = read()
    reason = f"legal-framework.yaml compiled {compiled}"
    counts = {"created": 0, "updated": 0}
    for code, values, digest in obligations:
        done = actions.load_obligation(code, values, digest=digest, reason=reason)
        if done:
            counts[done] += 1
    reforms_changed = sum(bool(actions.load_reform(code, values, reason=reason)) for code, values in reforms)
    maintainer = Organisation.objects.filter(slug=MAINTAINER).first()
    actions.adopt_checklist(maintainer)
    if not SuspensionRule.objects.filter(code="substantiated-non-refoulement").exists() and maintainer is not None:
        actions.define_rule(None, code="substantiated-non-refoulement",
                            kind=SuspensionRule.Kind.SUBSTANTIATED_ALLEGATION, owner=maintainer,
                            description="A substantiated allegation concerning non-refoulement proposes suspension.",
                            obligations=actions.Obligation.objects.filter(code__in=NON_REFOULEMENT))
    return (f"{counts['created']} obligations created, {counts['updated']} updated, {reforms_changed} reform "
            f"statuses changed; checklist kept by {maintainer or 'nobody yet (load the access seed)'}")

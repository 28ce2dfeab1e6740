"""Seed the checklist from data/reference/legal-framework.yaml and the default suspension rules. Idempotent."""

from pathlib import Path

import yaml
from django.db import transaction

from wholeroute.access import audit
from wholeroute.safeguards.models import Obligation, SuspensionRule

LEGAL_FRAMEWORK = Path(__file__).resolve().parents[2] / "data" / "reference" / "legal-framework.yaml"

# Asked in every assessment, whatever the solution type (issue 5's list): non-refoulement, asylum, torture,
# liberty, remedy, child, data protection, collective expulsion, non-discrimination, independent monitoring,
# legal assistance (remedies against return decisions include legal assistance).
CORE = [
    "cfr-art-19-2", "echr-art-3", "refugee-convention-art-33-1", "cfr-art-18", "cfr-art-4", "cfr-art-6",
    "echr-art-5", "cfr-art-47", "echr-art-13", "cfr-art-24", "cfr-art-8", "gdpr-art-44", "cfr-art-19-1",
    "echr-p4-art-4", "cfr-art-21", "screening-art-10-2", "rd-art-13",
]
NON_REFOULEMENT = ["cfr-art-19-2", "echr-art-3", "refugee-convention-art-33-1", "uncat-art-3", "rd-art-5",
                   "sea-borders-art-4"]


def obligations_from_file(path=LEGAL_FRAMEWORK):
    data = yaml.safe_load(Path(path).read_text())
    for order, item in enumerate(data["obligations"]):
        yield item["id"], {
            "title": item["title"], "instrument": item["instrument"], "article": item["article"],
            "summary": item["summary"], "legal_nature": item["legal_nature"],
            "solution_types": item.get("solution_types", []), "applies_to_all": item["id"] in CORE,
            "source": item["source"], "official_text": item.get("official_text") or "",
            "uncertain": bool(item.get("uncertain")), "note": item.get("note") or "", "order": order,
        }


@transaction.atomic
def run(*, demo: bool = False, stdout=None) -> str:
    created = updated = 0
    existing = {o.code: o for o in Obligation.objects.all()}
    for code, values in obligations_from_file():
        obj = existing.get(code)
        if obj is None:
            Obligation.objects.create(code=code, **values)
            created += 1
        elif any(getattr(obj, k) != v for k, v in values.items()):
            for k, v in values.items():
                setattr(obj, k, v)
            obj.version += 1
            obj.save()
            updated += 1
    rule, rule_created = SuspensionRule.objects.get_or_create(
        code="substantiated-non-refoulement",
        defaults={"kind": SuspensionRule.Kind.SUBSTANTIATED_ALLEGATION,
                  "description": "A substantiated allegation concerning non-refoulement proposes suspension."},
    )
    if rule_created:
        rule.obligations.set(Obligation.objects.filter(code__in=NON_REFOULEMENT))
    if created or updated or rule_created:
        audit.record(user=None, verb="safeguards.seed", obj=None,
                     after={"obligations_created": created, "obligations_updated": updated})
    return f"{created} obligations created, {updated} updated; suspension rules ready"

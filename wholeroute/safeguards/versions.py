"""What changed between two versions of a rights assessment, item by item."""

from wholeroute.safeguards.models import AssessmentAnswer

FIELDS = [("risk", "Risk"), ("evidence", "Evidence"), ("evidence_url", "Evidence link"), ("mitigation", "Mitigation"),
          ("responsible", "Responsible organisation")]


def _shown(answer, field):
    if field == "risk":
        return answer.get_risk_display()
    value = getattr(answer, field)
    return str(value) if value else ""


def compare(older, newer) -> list[dict]:
    """Rows {obligation, field, before, after}: every changed field, and items asked in only one version."""
    def answers(assessment):
        return {a.obligation_id: a for a in AssessmentAnswer.objects.filter(assessment=assessment).select_related(
            "obligation", "responsible")}

    old, new = answers(older), answers(newer)
    rows = []
    for obligation_id in sorted(old.keys() | new.keys(),
                                key=lambda k: ((new.get(k) or old.get(k)).obligation.order, k)):
        a, b = old.get(obligation_id), new.get(obligation_id)
        obligation = (b or a).obligation
        if a is None:
            rows.append({"obligation": obligation, "field": "Item", "before": "not asked", "after": "asked"})
        elif b is None:
            rows.append({"obligation": obligation, "field": "Item", "before": "asked", "after": "not asked"})
        else:
            for field, label in FIELDS:
                if _shown(a, field) != _shown(b, field):
                    rows.append({"obligation": obligation, "field": label, "before": _shown(a, field),
                                 "after": _shown(b, field)})
    return rows

"""Funding guidelines as data: which rules apply to a planned commitment, and what they answer.

    outcome = check_commitment(instrument, ["return-hub"], datetime.date(2026, 3, 1))
    outcome.result          # "not_eligible"
    outcome.applied         # every rule in force on that date for that instrument and those solution types,
                            # each with its outcome and why

Combination: one "not eligible" rule makes the whole answer not eligible; otherwise one "conditional" rule makes it
conditional (all conditions listed); otherwise "eligible" when at least one rule says so. With no rule in force the
answer is "no rule" — the guidelines say nothing, which is not the same as eligible.
"""

import datetime
from dataclasses import dataclass, field

from wholeroute.funding.models import FundingRule

Outcome_ = FundingRule.Outcome
NO_RULE = "no_rule"
LABELS = {**dict(Outcome_.choices), NO_RULE: "No rule in force"}
_SEVERITY = {Outcome_.ELIGIBLE: 0, Outcome_.CONDITIONAL: 1, Outcome_.NOT_ELIGIBLE: 2}


@dataclass
class AppliedRule:
    rule: FundingRule
    outcome: str
    why: str

    def as_dict(self):
        r = self.rule
        return {"rule": r.key, "version": r.version, "title": r.title, "outcome": self.outcome, "why": self.why,
                "conditions": r.conditions, "legal_source": r.legal_source, "source_url": r.source_url,
                "source_date": r.source_date.isoformat() if r.source_date else None, "uncertain": r.uncertain}


@dataclass
class Outcome:
    instrument: str
    solution_types: list[str]
    on_date: datetime.date
    result: str = NO_RULE
    applied: list[AppliedRule] = field(default_factory=list)
    not_in_force: list[str] = field(default_factory=list)

    @property
    def label(self):
        return LABELS[self.result]

    @property
    def uncertain(self):
        return any(a.rule.uncertain for a in self.applied)

    def as_dict(self):
        return {"instrument": self.instrument, "solution_types": self.solution_types,
                "on_date": self.on_date.isoformat(), "result": self.result, "label": self.label,
                "uncertain": self.uncertain, "applied": [a.as_dict() for a in self.applied],
                "not_in_force": self.not_in_force}


def _why(rule: FundingRule, solution_types) -> str:
    scope = ("every solution type" if not rule.solution_types
             else "solution type " + ", ".join(sorted(set(rule.solution_types) & set(solution_types))))
    parts = [f"{rule.get_outcome_display()} for {scope}: {rule.rule_text}"]
    if rule.outcome == Outcome_.CONDITIONAL and rule.conditions:
        parts.append(f"Condition: {rule.conditions}")
    source = rule.legal_source or "no legal source recorded"
    if rule.source_date:
        source += f" ({rule.source_date:%d %B %Y})"
    parts.append(f"Source: {source}.")
    if rule.uncertain:
        parts.append(f"Uncertain: {rule.note or 'not confirmed in the sources held'}")
    return " ".join(parts)


def current_rules(instrument):
    return FundingRule.objects.filter(instrument=instrument, is_current=True, withdrawn_at__isnull=True)


def check_commitment(instrument, solution_types, on_date) -> Outcome:
    """Check a planned commitment against the current rules in force on `on_date` for the instrument."""
    codes = sorted({getattr(s, "code", s) for s in solution_types})
    outcome = Outcome(instrument=str(instrument), solution_types=codes, on_date=on_date)
    for rule in current_rules(instrument).order_by("key"):
        if not rule.covers(codes):
            continue
        if not rule.in_force(on_date):
            outcome.not_in_force.append(f"{rule.title}: in force {rule.valid_from or '…'} to {rule.valid_to or '…'}")
            continue
        outcome.applied.append(AppliedRule(rule=rule, outcome=rule.outcome, why=_why(rule, codes)))
    if outcome.applied:
        outcome.result = max((a.outcome for a in outcome.applied), key=_SEVERITY.__getitem__)
    return outcome

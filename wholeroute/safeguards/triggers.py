"""Suspension rules, evaluated whenever their inputs change, inside the transaction of the action that changed them.

- an allegation's status changes (`actions.advance_allegation`) → `evaluate_allegation`;
- a result value is reported, verified, disputed or unlocked (partnerships actions) → `evaluate_indicator`
  (connected in `apps.py` to the save of a `ResultValue`, which only the partnerships actions write);
- a rule is defined or switched on (`actions.define_rule`, `actions.set_rule_active`) → `evaluate_rule`.

A fired rule creates one `SuspensionProposal` per rule and input (allegation or result value), with the evidence,
for the approvers of the partnership's owner; nothing fires for a partnership that is already suspended or closed.
"""

from decimal import Decimal

from wholeroute.access import audit
from wholeroute.safeguards.models import Allegation, SuspensionProposal, SuspensionRule

SEVERITY_RANK = {s: i for i, s in enumerate(Allegation.Severity.values)}
INACTIVE_PHASES = {"suspended", "closed"}


def _propose(user, partnership, rule, evidence, **inputs) -> SuspensionProposal | None:
    if partnership.phase in INACTIVE_PHASES:
        return None
    if SuspensionProposal.objects.filter(rule=rule, **inputs).exists():
        return None
    proposal = SuspensionProposal.objects.create(partnership=partnership, rule=rule, created_by=user,
                                                 evidence=evidence, **inputs)
    audit.record(user=user, verb="safeguards_proposal.fire", obj=partnership,
                 after={"proposal": proposal.pk, "rule": rule.code,
                        **{k: getattr(v, "pk", v) for k, v in inputs.items()}})
    return proposal


def evaluate_allegation(user, allegation, rules=None) -> list[SuspensionProposal]:
    """Fire every active rule (or those given) that a substantiated allegation meets."""
    if allegation.status != Allegation.Status.SUBSTANTIATED:
        return []
    fired = []
    rights = set(allegation.rights.values_list("pk", flat=True))
    if rules is None:
        rules = SuspensionRule.objects.filter(active=True, kind=SuspensionRule.Kind.SUBSTANTIATED_ALLEGATION)
    for rule in rules:
        concerned = set(rule.obligations.values_list("pk", flat=True))
        if concerned and not rights & concerned:
            continue
        if rule.minimum_severity and SEVERITY_RANK[allegation.severity] < SEVERITY_RANK[rule.minimum_severity]:
            continue
        names = ", ".join(f"{o.title} ({o.instrument_short} {o.article})"
                          for o in allegation.rights.filter(pk__in=concerned or rights))
        proposal = _propose(user, allegation.partnership, rule, allegation=allegation, evidence=(
            f"Allegation received {allegation.received_on:%d %b %Y} ({allegation.get_source_kind_display()}, "
            f"severity {allegation.get_severity_display().lower()}) substantiated on "
            f"{allegation.decided_on:%d %b %Y}; rights concerned: {names}. Outcome: {allegation.outcome}"))
        if proposal:
            fired.append(proposal)
    return fired


def measured(result_value) -> Decimal | None:
    """The number a result value stands for: its value, or numerator / denominator for a ratio."""
    if result_value.value is not None:
        return Decimal(result_value.value)
    if result_value.numerator is not None and result_value.denominator:
        return Decimal(result_value.numerator) / Decimal(result_value.denominator)
    return None


def evaluate_rule(user, rule) -> list[SuspensionProposal]:
    """A threshold rule against the latest undisputed value of its indicator."""
    if not rule.active or rule.kind != SuspensionRule.Kind.INDICATOR_THRESHOLD or rule.indicator_id is None:
        return []
    latest = rule.indicator.values.exclude(status="disputed").order_by("-period_start").first()
    if latest is None:
        return []
    number = measured(latest)
    if not rule.crossed_by(None if number is None else float(number)):
        return []
    indicator = rule.indicator
    proposal = _propose(user, indicator.partnership, rule, result_value=latest, evidence=(
        f"Result indicator “{indicator.name}” was {number.normalize():f} {indicator.unit} in {latest.period} "
        f"({latest.get_status_display().lower()}), which {rule.get_comparison_display()} the threshold of "
        f"{rule.threshold:g}. Rule: {rule.description}"))
    return [proposal] if proposal else []


def evaluate_indicator(user, indicator) -> list[SuspensionProposal]:
    fired = []
    for rule in SuspensionRule.objects.filter(active=True, indicator=indicator).select_related("indicator"):
        fired += evaluate_rule(user, rule)
    return fired


def evaluate_allegation_rule(user, rule) -> list[SuspensionProposal]:
    """A newly defined or re-activated allegation rule against the substantiated allegations already recorded."""
    fired = []
    for allegation in Allegation.objects.filter(status=Allegation.Status.SUBSTANTIATED, withdrawn_at__isnull=True):
        fired += evaluate_allegation(user, allegation, rules=[rule])
    return fired


def result_value_saved(sender, instance, **kwargs):
    """post_save of a ResultValue (written only by the partnerships actions, inside their transaction)."""
    from django.db import transaction

    with transaction.atomic():
        evaluate_indicator(instance.verified_by or instance.reported_by, instance.indicator)

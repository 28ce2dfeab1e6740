"""What the partnership lifecycle asks of the safeguards app before implementation."""


def has_approved_assessment(partnership) -> bool:
    """True when a rights assessment of the partnership is approved by someone other than its author."""
    from django.db.models import F

    from wholeroute.safeguards.models import RightsAssessment

    return RightsAssessment.objects.filter(
        partnership=partnership, status=RightsAssessment.Status.APPROVED, withdrawn_at__isnull=True,
        decided_by__isnull=False,
    ).exclude(decided_by=F("created_by")).exists()


def has_independent_monitoring(partnership) -> bool:
    """True when a named independent monitoring arrangement is recorded for the partnership."""
    from wholeroute.safeguards.models import MonitoringArrangement

    return MonitoringArrangement.objects.filter(partnership=partnership, withdrawn_at__isnull=True).exclude(
        body_name="").exists()

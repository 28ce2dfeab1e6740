"""What the partnership lifecycle asks of the funding app before implementation. Owned by the funding app."""


def has_funding_line(partnership) -> bool:
    """True when at least one approved, counted commitment funds the partnership (an explicit "no EU funds" is
    recorded on the partnership itself). Pending (four eyes), rejected, cancelled and withdrawn ones do not count."""
    from wholeroute.funding.models import Commitment

    return Commitment.objects.filter(partnership=partnership, status=Commitment.Status.APPROVED,
                                     withdrawn_at__isnull=True).exists()

"""What the partnership lifecycle asks of the funding app before implementation. Owned by the funding app."""


def has_funding_line(partnership) -> bool:
    """True when at least one approved commitment funds the partnership (an explicit "no EU funds" is
    recorded on the partnership itself)."""
    return False
